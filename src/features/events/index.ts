/**
 * Events: RSVP with Going / Maybe / Can't go, an optional cap with a fair waitlist and timed
 * offers of freed places, reminders, attendance and feedback.
 */
import type { Feature } from '../../core/feature.js';
import { eventsMemberData } from './member-data.js';
import './messages.js';

export const events: Feature = {
  name: 'events',
  commands: [],
  memberData: eventsMemberData,
};
