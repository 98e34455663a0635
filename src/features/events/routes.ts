/** Custom ids of events, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

export const eventRoutes = {
  /** Going / Maybe / Can't go under the event message. */
  rsvp: defineRoute('event.rsvp', { event: 'int', choice: 'keyword' }),
  /** Check in, during the event. */
  checkIn: defineRoute('event.checkin', { event: 'int' }),
  /** Turns the member's event reminders off or on again. */
  reminders: defineRoute('event.remind', { event: 'int' }),
  /** The event as a calendar file (.ics), for the member who pressed it. */
  calendar: defineRoute('event.ics', { event: 'int' }),
  /** A rating, 1 to 5, in the feedback message (a DM: the guild is named, and checked). */
  rate: defineRoute('event.rate', { guild: 'id', event: 'int', score: 'int' }),
  /** A page of /event list. */
  list: defineRoute('event.list', { page: 'int' }),
  /** A page of /event attendees. */
  page: defineRoute('event.page', { event: 'int', page: 'int' }),
} as const;
