/**
 * Introductions (`/intros`): members who opt in are matched each round by what they told Hearth
 * in onboarding (shared interests, give/get, different levels), in a private thread per group,
 * with a check-in halfway through; never the same pair twice within the window, never someone
 * who opted out or asked not to be matched with the other.
 */
import * as intros from '../../../commands/intros.js';
import type { Feature } from '../../core/feature.js';
import { introsMemberData } from './member-data.js';
import './messages.js';

export const introsFeature: Feature = {
  name: 'intros',
  commands: [intros],
  memberData: introsMemberData,
};
