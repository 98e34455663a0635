/**
 * Service rules a hostile member or a crash could bend: an offer taken after its deadline, a
 * check-in kept after leaving, reminders lost when the event moves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  checkIn,
  claimReminders,
  createEvent,
  editEvent,
  endDueEvents,
  rateEvent,
  rsvp,
  type NewEvent,
} from '../../src/features/events/service.js';

const G = '100000000000000001';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 11, 1, 9, 0);

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
});
afterEach(async () => {
  await db.destroy();
});

const meetup = (over: Partial<NewEvent> = {}): NewEvent => ({
  channelId: '300000000000000001',
  title: 'Board games night',
  startsAt: T0 + 3 * 24 * HOUR,
  durationMinutes: 120,
  capacity: 1,
  ...over,
});

async function tells(eventId: number) {
  const rows = await db
    .selectFrom('outbox')
    .select('payload')
    .where('kind', '=', 'events.tell')
    .orderBy('id')
    .execute();
  return rows
    .map((r) => JSON.parse(r.payload) as { event: number; user: string; purpose: string })
    .filter((p) => p.event === eventId)
    .map((p) => `${p.purpose} ${p.user}`);
}

const status = async (eventId: number, userId: string) =>
  (
    await db
      .selectFrom('event_rsvps')
      .select('status')
      .where('event_id', '=', eventId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
  )?.status;

describe('an offer is only good until its deadline', () => {
  it('refuses an offered place pressed after the deadline, even before the minute job ran, and passes it on', async () => {
    const e = await createEvent(db, G, meetup({ offerHours: 12 }), T0);
    const go = (i: number, now: number) =>
      rsvp(db, { guildId: G, eventId: e.id, userId: user(i), choice: 'going', now });
    await go(1, T0);
    await go(2, T0);
    await go(3, T0);
    await rsvp(db, { guildId: G, eventId: e.id, userId: user(1), choice: 'declined', now: T0 });
    expect(await status(e.id, user(2))).toBe('offered');
    // 12 h and a minute later, the expiry job has not run yet: the place is no longer theirs.
    const late = T0 + 12 * HOUR + MINUTE;
    const result = await go(2, late);
    expect(result.outcome).toBe('waiting');
    expect(await status(e.id, user(3))).toBe('offered');
    expect(await tells(e.id)).toEqual([
      `offered ${user(2)}`,
      `expired ${user(2)}`,
      `offered ${user(3)}`,
    ]);
  });
});

describe('attendance belongs to those who stay', () => {
  it('drops a check-in when the member then says they cannot go: no feedback, no rating', async () => {
    const e = await createEvent(db, G, meetup({ capacity: 5 }), T0);
    const start = e.startsAt;
    await rsvp(db, { guildId: G, eventId: e.id, userId: user(1), choice: 'going', now: T0 });
    await checkIn(db, G, e.id, user(1), start - 10 * MINUTE);
    await rsvp(db, {
      guildId: G,
      eventId: e.id,
      userId: user(1),
      choice: 'declined',
      now: start - 5 * MINUTE,
    });
    await endDueEvents(db, e.endsAt);
    expect(await tells(e.id)).not.toContain(`feedback ${user(1)}`);
    await expect(rateEvent(db, G, e.id, user(1), 1, e.endsAt + MINUTE)).rejects.toMatchObject({
      key: 'events.rateNotAttended',
    });
  });
});

describe('reminders follow the event when it moves', () => {
  it('reminds again for the new start after the organiser moves the event later', async () => {
    const e = await createEvent(db, G, meetup({ capacity: 5, reminders: [24 * 60] }), T0);
    await rsvp(db, { guildId: G, eventId: e.id, userId: user(1), choice: 'going', now: T0 });
    expect(await claimReminders(db, e.startsAt - 24 * HOUR)).toBe(1);
    const moved = e.startsAt + 7 * 24 * HOUR;
    await editEvent(db, G, e.id, { startsAt: moved }, e.startsAt - 23 * HOUR);
    expect(await claimReminders(db, e.startsAt)).toBe(0);
    expect(await claimReminders(db, moved - 24 * HOUR)).toBe(1);
    expect(await claimReminders(db, moved - 23 * HOUR)).toBe(0);
    const reminders = (await tells(e.id)).filter((t) => t.startsWith('reminder'));
    expect(reminders).toHaveLength(2);
    const keys = await db
      .selectFrom('outbox')
      .select('dedupe_key')
      .where('kind', '=', 'events.tell')
      .execute();
    expect(new Set(keys.map((k) => k.dedupe_key)).size).toBe(keys.length);
  });
});
