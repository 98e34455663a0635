/**
 * Events (`/event`): Going / Maybe / Can't go with a live count, an optional cap with a fair
 * waitlist and timed offers of freed places, reminders, check-in and attendance, and feedback
 * from those who came. Aimed at everyone, a role or a segment.
 */
import * as event from '../../../commands/event.js';
import type { Feature } from '../../core/feature.js';
import { eventEffects, runEventTick } from './discord.js';
import { eventsMemberData } from './member-data.js';
import { mirrorEffects } from './mirror.discord.js';
import './messages.js';

export const events: Feature = {
  name: 'events',
  commands: [event],
  jobs: [{ name: 'event-times', schedule: '* * * * *', run: ({ app }) => runEventTick(app) }],
  effects: [...eventEffects, ...mirrorEffects],
  memberData: eventsMemberData,
};
