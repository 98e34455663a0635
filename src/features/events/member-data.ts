/**
 * Events' part of the data map: a member's answers (going, waiting, maybe, attendance), their
 * ratings and their choice about reminders. Erasing gives a place they held to the first person
 * waiting, in the erase's own transaction, before their rows go.
 */
import type { Db } from '../../core/db/database.js';
import type { MemberData, Row } from '../../core/member-data.js';
import { eventHeadings } from './repository.js';
import { eraseMember } from './service.js';
import './messages.js';

/** The event's title and start beside the stored ids. */
async function withEvent(db: Db, guildId: string, rows: Row[]): Promise<Row[]> {
  const byId = await eventHeadings(db, guildId, [...new Set(rows.map((r) => Number(r.event_id)))]);
  return rows.map((row) => {
    const event = byId.get(Number(row.event_id));
    return event === undefined
      ? row
      : { ...row, event: event.title, event_starts: new Date(event.startsAt).toISOString() };
  });
}

export const eventsMemberData: MemberData = {
  columns: [
    {
      table: 'event_rsvps',
      column: 'user_id',
      erase: 'delete',
      // A place held is passed on first (service.ts eraseMember).
      byFeature: true,
      label: 'events.data.rsvps',
      enrich: (db, { guildId }, rows) => withEvent(db, guildId, rows),
    },
    {
      table: 'event_feedback',
      column: 'user_id',
      erase: 'delete',
      label: 'events.data.feedback',
      enrich: (db, { guildId }, rows) => withEvent(db, guildId, rows),
    },
    {
      table: 'event_member_prefs',
      column: 'user_id',
      erase: 'delete',
      label: 'events.data.prefs',
    },
  ],
  async erase({ trx, guildId, userId, now }) {
    await eraseMember(trx, guildId, userId, now);
  },
};
