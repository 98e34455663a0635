import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { UserError } from '../../src/core/errors.js';
import {
  admitAhead,
  cancelEvent,
  checkIn,
  claimReminders,
  countsOf,
  createEvent,
  editEvent,
  endDueEvents,
  eventOf,
  expireOffers,
  parseReminders,
  rateEvent,
  rsvp,
  setAttendance,
  setReminders,
  type NewEvent,
  type RsvpChoice,
} from '../../src/features/events/service.js';
import { eventsMemberData } from '../../src/features/events/member-data.js';

const G = '100000000000000001';
const OTHER = '100000000000000002';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 11, 1, 9, 0);

async function freshDb(): Promise<Db> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
  await ensureGuild(db, OTHER, { now: 0 });
  return db;
}

let db: Db;
beforeEach(async () => {
  db = await freshDb();
});
afterEach(async () => {
  await db.destroy();
});

const meetup = (over: Partial<NewEvent> = {}): NewEvent => ({
  channelId: '300000000000000001',
  title: 'Board games night',
  startsAt: T0 + 3 * 24 * HOUR,
  durationMinutes: 120,
  capacity: 10,
  ...over,
});

/** What the outbox holds for members about an event, as `purpose user key` lines. */
async function tells(local: Db, eventId: number): Promise<{ purpose: string; user: string }[]> {
  const rows = await local
    .selectFrom('outbox')
    .select(['payload', 'dedupe_key'])
    .where('kind', '=', 'events.tell')
    .orderBy('id')
    .execute();
  return rows
    .map((r) => JSON.parse(r.payload) as { event: number; user: string; purpose: string })
    .filter((p) => p.event === eventId)
    .map((p) => ({ purpose: p.purpose, user: p.user }));
}

async function rows(local: Db, eventId: number) {
  return local
    .selectFrom('event_rsvps')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('user_id')
    .execute();
}

async function refused(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('the cap and the waitlist', () => {
  it('100 members pressing Going at once against 10 places, in any order: 10 places, 90 waiting in press order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const local = await freshDb();
        const event = await createEvent(local, G, meetup(), T0);
        const pressed: number[] = [];
        const results = new Map<number, Awaited<ReturnType<typeof rsvp>>>();
        const presses = Array.from({ length: 100 }, (_, m) =>
          s.schedule(Promise.resolve(), `member ${m}`).then(async () => {
            pressed.push(m);
            results.set(
              m,
              await rsvp(local, {
                guildId: G,
                eventId: event.id,
                userId: user(m),
                choice: 'going',
                now: T0 + 1,
              }),
            );
          }),
        );
        await s.waitAll();
        await Promise.all(presses);
        // The first ten to press hold places 1..10; everyone after waits in the order they pressed.
        expect(pressed.slice(0, 10).map((m) => results.get(m)?.outcome)).toEqual(
          Array.from({ length: 10 }, () => 'going'),
        );
        expect(
          pressed
            .slice(0, 10)
            .map((m) => (results.get(m) as { seat: number }).seat)
            .sort((a, b) => a - b),
        ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(pressed.slice(10).map((m) => results.get(m))).toEqual(
          Array.from({ length: 90 }, (_, i) => ({ outcome: 'waiting', position: i + 1 })),
        );
        const stored = await rows(local, event.id);
        expect(stored.filter((r) => r.status === 'going')).toHaveLength(10);
        const waiting = stored
          .filter((r) => r.status === 'waiting')
          .sort((a, b) => a.ticket! - b.ticket!);
        expect(waiting.map((r) => r.user_id)).toEqual(pressed.slice(10).map(user));
        expect(await countsOf(local, event.id)).toMatchObject({ going: 10, waiting: 90 });
        await local.destroy();
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('gives a freed place to the first person waiting, once, and passes an expired offer on', async () => {
    const event = await createEvent(db, G, meetup({ capacity: 2 }), T0);
    const answer = (m: number, choice: RsvpChoice, now = T0 + m) =>
      rsvp(db, { guildId: G, eventId: event.id, userId: user(m), choice, now });
    for (const m of [1, 2, 3, 4]) await answer(m, 'going');
    expect(await answer(3, 'going')).toEqual({
      outcome: 'unchanged',
      status: 'waiting',
      position: 1,
    });
    // Member 1 can't go: member 3, first waiting, is offered the place for 12 hours.
    expect(await answer(1, 'declined', T0 + HOUR)).toEqual({
      outcome: 'declined',
      promoted: [{ userId: user(3), kind: 'offered', seat: 1, expiresAt: T0 + 13 * HOUR }],
    });
    // Pressing Can't go twice changes nothing and promotes nobody again.
    expect(await answer(1, 'declined', T0 + HOUR)).toEqual({
      outcome: 'unchanged',
      status: 'declined',
    });
    expect(await tells(db, event.id)).toEqual([{ purpose: 'offered', user: user(3) }]);
    // Member 3 lets it lapse: it passes to member 4, and both are told once.
    expect(await expireOffers(db, T0 + 13 * HOUR)).toBe(1);
    expect(await expireOffers(db, T0 + 13 * HOUR)).toBe(0);
    expect(await tells(db, event.id)).toEqual([
      { purpose: 'offered', user: user(3) },
      { purpose: 'expired', user: user(3) },
      { purpose: 'offered', user: user(4) },
    ]);
    // Member 4 takes it by pressing Going.
    expect(await answer(4, 'going', T0 + 14 * HOUR)).toEqual({
      outcome: 'going',
      seat: 1,
      accepted: true,
    });
    expect(await countsOf(db, event.id)).toMatchObject({ going: 2, offered: 0, waiting: 0 });
  });

  it('offers for a shorter time close to the start, and gives the place at once when too close', async () => {
    const event = await createEvent(db, G, meetup({ capacity: 1, startsAt: T0 + 4 * HOUR }), T0);
    await rsvp(db, { guildId: G, eventId: event.id, userId: user(1), choice: 'going', now: T0 });
    await rsvp(db, { guildId: G, eventId: event.id, userId: user(2), choice: 'going', now: T0 });
    await rsvp(db, { guildId: G, eventId: event.id, userId: user(3), choice: 'going', now: T0 });
    // 4 hours before the start: half of that, 2 hours, rather than 12.
    const left = await rsvp(db, {
      guildId: G,
      eventId: event.id,
      userId: user(1),
      choice: 'maybe',
      now: T0,
    });
    expect(left).toMatchObject({ promoted: [{ kind: 'offered', expiresAt: T0 + 2 * HOUR }] });
    // Taken in time (an offer past its deadline would lapse first).
    await rsvp(db, {
      guildId: G,
      eventId: event.id,
      userId: user(2),
      choice: 'going',
      now: T0 + HOUR,
    });
    // 20 minutes before the start: no time for an offer, the next person simply gets it.
    await rsvp(db, {
      guildId: G,
      eventId: event.id,
      userId: user(2),
      choice: 'declined',
      now: T0 + 3 * HOUR + 40 * MINUTE,
    });
    expect(await tells(db, event.id)).toEqual([
      { purpose: 'offered', user: user(2) },
      { purpose: 'admitted', user: user(3) },
    ]);
  });

  it('lowers the capacity without removing anyone, and raises it by offering places in order', async () => {
    const event = await createEvent(db, G, meetup({ capacity: 3, offerHours: 0 }), T0);
    for (const m of [1, 2, 3, 4, 5])
      await rsvp(db, { guildId: G, eventId: event.id, userId: user(m), choice: 'going', now: T0 });
    await editEvent(db, G, event.id, { capacity: 2 }, T0 + 1);
    expect(await countsOf(db, event.id)).toMatchObject({ going: 3, waiting: 2 });
    // Someone leaves: still 2 going of 2, so nobody is promoted.
    await rsvp(db, {
      guildId: G,
      eventId: event.id,
      userId: user(2),
      choice: 'declined',
      now: T0 + 2,
    });
    expect(await countsOf(db, event.id)).toMatchObject({ going: 2, waiting: 2 });
    const raised = await editEvent(db, G, event.id, { capacity: 4 }, T0 + 3);
    expect(raised.promoted.map((p) => p.userId)).toEqual([user(4), user(5)]);
    expect(await countsOf(db, event.id)).toMatchObject({ going: 4, waiting: 0 });
    const seats = (await rows(db, event.id)).filter((r) => r.seat !== null).map((r) => r.seat);
    expect(new Set(seats).size).toBe(4);
  });

  it('lets an organiser admit someone ahead only into a free place', async () => {
    const event = await createEvent(db, G, meetup({ capacity: 1 }), T0);
    await rsvp(db, { guildId: G, eventId: event.id, userId: user(1), choice: 'going', now: T0 });
    expect(await refused(admitAhead(db, G, event.id, user(9), T0))).toBe('events.noFreePlace');
    await editEvent(db, G, event.id, { capacity: 2 }, T0);
    expect(await admitAhead(db, G, event.id, user(9), T0)).toEqual({ seat: 2 });
    expect(await refused(admitAhead(db, G, event.id, user(9), T0))).toBe('events.alreadyGoing');
  });

  it('never exceeds the cap, gives no free place while someone waits, and promotes in ticket order, over random interleavings', async () => {
    const op = fc.record({
      member: fc.integer({ min: 0, max: 19 }),
      choice: fc.constantFrom<RsvpChoice>('going', 'going', 'going', 'maybe', 'declined'),
    });
    let promotions = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(op, { minLength: 20, maxLength: 80 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        async (s, ops, capacity, offers) => {
          const local = await freshDb();
          const event = await createEvent(
            local,
            G,
            meetup({ capacity, offerHours: offers ? 12 : 0, startsAt: T0 + 30 * 24 * HOUR }),
            T0,
          );
          let clock = T0 + 1;
          const running = ops.map((o, i) =>
            s.schedule(Promise.resolve(), `op ${i}`).then(async () => {
              // Now and then, time passes and offers lapse, racing with the answers.
              if (i % 7 === 6) {
                clock += 13 * HOUR;
                await expireOffers(local, clock);
              }
              await rsvp(local, {
                guildId: G,
                eventId: event.id,
                userId: user(o.member),
                choice: o.choice,
                now: clock,
              });
            }),
          );
          await s.waitAll();
          await Promise.all(running);
          const stored = await rows(local, event.id);
          const seated = stored.filter((r) => r.seat !== null);
          const waiting = stored.filter((r) => r.status === 'waiting');
          expect(seated.length).toBeLessThanOrEqual(capacity);
          expect(new Set(seated.map((r) => r.seat)).size).toBe(seated.length);
          expect(seated.every((r) => r.seat! >= 1 && r.seat! <= capacity)).toBe(true);
          if (waiting.length > 0) expect(seated.length).toBe(capacity);
          // Every promotion told once, and always to someone ahead of everyone still waiting.
          const keys = (
            await local
              .selectFrom('outbox')
              .select('dedupe_key')
              .where('kind', '=', 'events.tell')
              .execute()
          ).map((r) => r.dedupe_key);
          const promotedTickets = keys
            .map((k) => /:t(\d+)$/.exec(k))
            .filter((m) => m !== null)
            .map((m) => Number(m[1]));
          expect(new Set(promotedTickets).size).toBe(promotedTickets.length);
          promotions += promotedTickets.length;
          const firstWaiting = Math.min(...waiting.map((r) => r.ticket!));
          expect(promotedTickets.every((t) => t < firstWaiting)).toBe(true);
          await local.destroy();
        },
      ),
      { numRuns: 60 },
    );
    // The runs did exercise promotions, not only first answers.
    expect(promotions).toBeGreaterThan(20);
  }, 120_000);
});

describe('what is refused', () => {
  it('refuses a start in the past, a capacity of 0 or 10,000, a bad duration or reminders, and stores nothing', async () => {
    expect(await refused(createEvent(db, G, meetup({ startsAt: T0 - 1 }), T0))).toBe(
      'events.startInPast',
    );
    expect(await refused(createEvent(db, G, meetup({ capacity: 0 }), T0))).toBe(
      'events.capacityRange',
    );
    expect(await refused(createEvent(db, G, meetup({ capacity: 10_000 }), T0))).toBe(
      'events.capacityRange',
    );
    expect(await refused(createEvent(db, G, meetup({ durationMinutes: -30 }), T0))).toBe(
      'events.durationRange',
    );
    expect(await refused(createEvent(db, G, meetup({ reminders: [1, 2, 3, 4] }), T0))).toBe(
      'events.remindersRange',
    );
    expect(await refused(createEvent(db, G, meetup({ title: '   ' }), T0))).toBe(
      'events.titleLength',
    );
    expect(() => parseReminders('tomorrow')).toThrow(UserError);
    expect(parseReminders('24h, 1h, 30m, 2d')).toEqual([1440, 60, 30, 2880]);
    expect(await db.selectFrom('events').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });

  it('treats another server’s event as unknown: nothing read, nothing stored', async () => {
    const event = await createEvent(db, G, meetup(), T0);
    expect(await refused(eventOf(db, OTHER, event.id))).toBe('events.unknown');
    expect(
      await refused(
        rsvp(db, { guildId: OTHER, eventId: event.id, userId: user(1), choice: 'going', now: T0 }),
      ),
    ).toBe('events.unknown');
    expect(await refused(cancelEvent(db, OTHER, event.id, T0))).toBe('events.unknown');
    expect(await refused(admitAhead(db, OTHER, event.id, user(1), T0))).toBe('events.unknown');
    expect(await refused(editEvent(db, OTHER, event.id, { capacity: 99 }, T0))).toBe(
      'events.unknown',
    );
    expect(await rows(db, event.id)).toEqual([]);
    expect((await eventOf(db, G, event.id)).capacity).toBe(10);
  });

  it('refuses answers after they close and after a cancellation, and tells everyone once', async () => {
    const event = await createEvent(
      db,
      G,
      meetup({ capacity: 1, rsvpClosesAt: T0 + 24 * HOUR }),
      T0,
    );
    await rsvp(db, { guildId: G, eventId: event.id, userId: user(1), choice: 'going', now: T0 });
    await rsvp(db, { guildId: G, eventId: event.id, userId: user(2), choice: 'going', now: T0 });
    await rsvp(db, { guildId: G, eventId: event.id, userId: user(3), choice: 'maybe', now: T0 });
    expect(
      await refused(
        rsvp(db, {
          guildId: G,
          eventId: event.id,
          userId: user(4),
          choice: 'going',
          now: T0 + 25 * HOUR,
        }),
      ),
    ).toBe('events.rsvpClosed');
    const cancelled = await cancelEvent(db, G, event.id, T0 + 26 * HOUR);
    expect(cancelled).toMatchObject({ cancelledNow: true, told: 2 });
    expect((await cancelEvent(db, G, event.id, T0 + 26 * HOUR)).cancelledNow).toBe(false);
    expect(await tells(db, event.id)).toEqual([
      { purpose: 'cancelled', user: user(1) },
      { purpose: 'cancelled', user: user(2) },
    ]);
    expect(
      await refused(
        rsvp(db, { guildId: G, eventId: event.id, userId: user(1), choice: 'maybe', now: T0 }),
      ),
    ).toBe('events.isCancelled');
  });
});

describe('reminders, attendance and feedback', () => {
  it('claims each reminder once, sends only the latest after downtime, and skips members who turned them off', async () => {
    const start = T0 + 3 * 24 * HOUR;
    const event = await createEvent(db, G, meetup({ startsAt: start }), T0);
    for (const m of [1, 2, 3])
      await rsvp(db, { guildId: G, eventId: event.id, userId: user(m), choice: 'going', now: T0 });
    await rsvp(db, { guildId: G, eventId: event.id, userId: user(4), choice: 'maybe', now: T0 });
    await setReminders(db, G, user(3), false, T0);
    expect(await claimReminders(db, start - 25 * HOUR)).toBe(0);
    expect(await claimReminders(db, start - 24 * HOUR)).toBe(2);
    expect(await claimReminders(db, start - 24 * HOUR + MINUTE)).toBe(0);
    expect(await claimReminders(db, start - 2 * HOUR)).toBe(0);
    expect(await claimReminders(db, start - HOUR)).toBe(2);
    expect(await claimReminders(db, start - HOUR)).toBe(0);
    expect((await tells(db, event.id)).filter((t) => t.purpose === 'reminder')).toEqual([
      { purpose: 'reminder', user: user(1) },
      { purpose: 'reminder', user: user(2) },
      { purpose: 'reminder', user: user(1) },
      { purpose: 'reminder', user: user(2) },
    ]);

    // Another event, with Hearth down through both reminder times: only the 1-hour one goes out.
    const late = await createEvent(db, G, meetup({ startsAt: start + HOUR }), T0);
    await rsvp(db, { guildId: G, eventId: late.id, userId: user(1), choice: 'going', now: T0 });
    expect(await claimReminders(db, start + 30 * MINUTE)).toBe(1);
    expect(
      await db
        .selectFrom('event_reminders')
        .select(['minutes_before', 'outcome'])
        .where('event_id', '=', late.id)
        .orderBy('minutes_before')
        .execute(),
    ).toEqual([
      { minutes_before: 60, outcome: 'sent' },
      { minutes_before: 1440, outcome: 'skipped' },
    ]);
  });

  it('counts check-ins and no-shows, asks only those who attended for feedback, once, and takes ratings only from them', async () => {
    const start = T0 + 2 * HOUR;
    const event = await createEvent(db, G, meetup({ startsAt: start, durationMinutes: 60 }), T0);
    for (const m of [1, 2, 3])
      await rsvp(db, { guildId: G, eventId: event.id, userId: user(m), choice: 'going', now: T0 });
    expect(await refused(checkIn(db, G, event.id, user(1), T0))).toBe('events.checkInNotYet');
    expect(await checkIn(db, G, event.id, user(1), start + MINUTE)).toEqual({ already: false });
    expect(await checkIn(db, G, event.id, user(1), start + 2 * MINUTE)).toEqual({ already: true });
    expect(await refused(checkIn(db, G, event.id, user(9), start))).toBe('events.checkInNotGoing');
    // The organiser marks someone who came without answering.
    await setAttendance(db, G, event.id, user(9), true, start + 5 * MINUTE);
    expect(await endDueEvents(db, start + 59 * MINUTE)).toEqual([]);
    expect(await endDueEvents(db, start + HOUR)).toEqual([event.id]);
    expect(await endDueEvents(db, start + HOUR)).toEqual([]);
    expect(await countsOf(db, event.id)).toMatchObject({ attended: 2, noShows: 2 });
    expect((await tells(db, event.id)).filter((t) => t.purpose === 'feedback')).toEqual([
      { purpose: 'feedback', user: user(1) },
      { purpose: 'feedback', user: user(9) },
    ]);
    // Corrected afterwards: member 2 was there after all, and is asked too, once.
    await setAttendance(db, G, event.id, user(2), true, start + 2 * HOUR);
    await setAttendance(db, G, event.id, user(2), true, start + 2 * HOUR);
    expect((await tells(db, event.id)).filter((t) => t.purpose === 'feedback')).toHaveLength(3);
    expect(await rateEvent(db, G, event.id, user(1), 4, start + 3 * HOUR)).toEqual({
      replaced: false,
    });
    expect(await rateEvent(db, G, event.id, user(1), 5, start + 3 * HOUR)).toEqual({
      replaced: true,
    });
    expect(await refused(rateEvent(db, G, event.id, user(3), 1, start + 3 * HOUR))).toBe(
      'events.rateNotAttended',
    );
    expect(await refused(rateEvent(db, OTHER, event.id, user(1), 1, start + 3 * HOUR))).toBe(
      'events.unknown',
    );
  });
});

describe('members’ data', () => {
  it('erasing a member who holds a place gives it to the first person waiting, then removes their rows', async () => {
    const event = await createEvent(db, G, meetup({ capacity: 1 }), T0);
    await rsvp(db, { guildId: G, eventId: event.id, userId: user(1), choice: 'going', now: T0 });
    await rsvp(db, { guildId: G, eventId: event.id, userId: user(2), choice: 'going', now: T0 });
    await db.transaction().execute(async (trx) => {
      await eventsMemberData.erase!({
        trx,
        guildId: G,
        userId: user(1),
        now: T0 + 1,
        pseudonym: () => 'x',
        keepRoles: true,
        stillMember: true,
        fingerprint: () => 'y',
      });
    });
    const stored = await rows(db, event.id);
    expect(stored.map((r) => [r.user_id, r.status])).toEqual([[user(2), 'offered']]);
    expect(await tells(db, event.id)).toEqual([{ purpose: 'offered', user: user(2) }]);
  });
});
