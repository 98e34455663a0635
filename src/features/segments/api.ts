/**
 * What other features may use of segments: who is in one (polls and prompts target them), and how
 * many people the roster holds (an anonymous poll's audience).
 */
export {
  isInSegment,
  listSegments,
  rosterCount,
  segmentMembers,
  segmentOf,
  shownMembership,
} from './service.js';
export type { Segment } from './service.js';
/** Segments whose rules refer to removed questions, choices or roles (for `/hearth status`). */
export { flaggedSegments, linkedRoleProblems } from './views.discord.js';
/** How many of a segment's members cannot see a channel (a schedule aimed at the segment). */
export { segmentReach } from './discord.js';
