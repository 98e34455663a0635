/**
 * Surveys: questionnaires managers build themselves (questions, skip rules), published as polls
 * answered in pages (issue 16). The answering, tallies and anonymity are the poll engine's.
 */
import * as survey from '../../../commands/survey.js';
import type { Feature } from '../../core/feature.js';
import { surveysMemberData } from './member-data.js';
import './messages.js';

export const surveys: Feature = {
  name: 'surveys',
  commands: [survey],
  memberData: surveysMemberData,
};
