/**
 * Surveys: questionnaires managers build themselves (questions, skip rules), published as polls
 * answered in pages (issue 16). The answering, tallies and anonymity are the poll engine's.
 */
import * as survey from '../../../commands/survey.js';
import type { Feature } from '../../core/feature.js';
import { surveysMemberData } from './member-data.js';
import { runPulseTick } from './discord.js';
import './messages.js';

export const surveys: Feature = {
  name: 'surveys',
  commands: [survey],
  memberData: surveysMemberData,
  // Pulse rounds: claimed each minute, and at start-up the one round that fell due while offline.
  jobs: [{ name: 'pulse-rounds', schedule: '* * * * *', run: ({ app }) => runPulseTick(app) }],
  start: ({ app }) => runPulseTick(app),
};
