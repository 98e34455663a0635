/**
 * The adversary is a manager who knows who asked not to be counted (`/insights member` says so)
 * and reads every per-member figure Hearth gives of everyone else. With fewer than
 * ANONYMITY_MIN_RESPONSES hidden members, every server figure (overview, weekly trends, retention)
 * minus the sum of those per-member figures must say nothing about the hidden ones: the figures
 * are the same whatever the hidden members did, and each residual is zero. With enough hidden
 * members, the totals include them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  ingestEvents,
  memberActivity,
  overview,
  recordMemberEvent,
  retention,
  setHidden,
  trends,
  type MessageEvent,
} from '../../src/features/insights/service.js';

const MIN = 5;
const DAY = 86_400_000;
const X = 20_400; // a UTC day number: the figures cover days X .. X + 27
const TO = X + 27;

let db: Db;
beforeAll(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.destroy();
});

interface Act {
  readonly who: number;
  readonly day: number;
  readonly replyTo: MessageEvent['replyTo'];
  readonly thread: boolean;
  readonly words: number;
}
const act = (people: number) =>
  fc.record({
    who: fc.nat({ max: people - 1 }),
    day: fc.nat({ max: 27 }),
    replyTo: fc.constantFrom(null, 'member', 'staff', 'bot'),
    thread: fc.boolean(),
    words: fc.nat({ max: 40 }),
  });
/** Whatever a group of members did in the four weeks: messages, and when they joined or left. */
const doings = (people: number) =>
  fc.record({
    acts: fc.array(act(people), { maxLength: 30 }),
    joins: fc.array(fc.option(fc.nat({ max: 27 }), { nil: undefined }), {
      minLength: people,
      maxLength: people,
    }),
    left: fc.array(fc.boolean(), { minLength: people, maxLength: people }),
  });

let guilds = 0;
const id = (n: number) => String(n).padStart(18, '0');

/** A fresh server with its named and hidden members doing what they did. */
async function world(
  named: number,
  hidden: number,
  namedDid: { acts: Act[]; joins: (number | undefined)[]; left: boolean[] },
  hiddenDid: { acts: Act[]; joins: (number | undefined)[]; left: boolean[] },
) {
  guilds += 1;
  const guildId = id(1_000_000 + guilds);
  await ensureGuild(db, guildId, { now: 0 });
  const namedIds = Array.from({ length: named }, (_, i) => id(guilds * 100 + i + 1));
  const hiddenIds = Array.from({ length: hidden }, (_, i) => id(guilds * 100 + 50 + i));
  const play = async (ids: string[], did: typeof namedDid, staffFirst: boolean) => {
    await ingestEvents(
      db,
      did.acts
        .filter((a) => a.who < ids.length)
        .map((a) => ({
          guildId,
          userId: ids[a.who]!,
          channelId: id(7),
          at: (X + a.day) * DAY + 3_600_000,
          staff: staffFirst && a.who === 0,
          replyTo: a.thread ? null : a.replyTo,
          startsThread: a.thread,
          words: a.words,
        })),
    );
    for (const [i, userId] of ids.entries()) {
      const joined = did.joins[i];
      if (joined !== undefined)
        await recordMemberEvent(db, guildId, userId, 'join', (X + joined) * DAY + 60_000);
      // A hidden member who left stays hidden (and never counts towards the minimum).
      if (did.left[i] === true && joined !== undefined)
        await recordMemberEvent(db, guildId, userId, 'leave', (X + joined) * DAY + 120_000);
    }
  };
  await play(namedIds, namedDid, true);
  await play(hiddenIds, hiddenDid, false);
  for (const userId of hiddenIds) await setHidden(db, guildId, userId, true);
  // The server's human members now, as Discord lists them: who left is not among them.
  const stayed = hiddenIds.filter(
    (_, i) => !(hiddenDid.left[i] === true && hiddenDid.joins[i] !== undefined),
  );
  return { guildId, namedIds, hiddenIds, members: named + stayed.length };
}

/** Everything a manager sees of the server as a whole. */
async function exposed(guildId: string, members: number) {
  return {
    month: await overview(db, guildId, X, TO, members, undefined, MIN),
    week: await overview(db, guildId, TO - 6, TO, members, undefined, MIN),
    trends: await trends(db, guildId, TO, 4, MIN),
    retention: await retention(db, guildId, TO, 4, MIN),
  };
}

/** What the adversary subtracts: the per-member figures of every named member (`/insights member`). */
async function namedSums(guildId: string, namedIds: readonly string[]) {
  const each = await Promise.all(namedIds.map((u) => memberActivity(db, guildId, u, X, TO)));
  return {
    messages: each.reduce((s, a) => s + a.messages, 0),
    active: each.filter((a) => a.activeDays > 0).length,
  };
}

const named = fc.integer({ min: 2, max: 6 });

describe('totals minus named members (fewer than the minimum hidden)', () => {
  it('300 random communities with 1-4 hidden members: no figure moves with what they did', async () => {
    let recovered = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        named,
        fc.integer({ min: 1, max: MIN - 1 }),
        doings(6),
        doings(MIN - 1),
        doings(MIN - 1),
        async (n, h, namedDid, hiddenA, hiddenB) => {
          runs += 1;
          const a = await world(n, h, namedDid, hiddenA);
          const b = await world(n, h, namedDid, hiddenB);
          const figuresA = await exposed(a.guildId, a.members);
          const figuresB = await exposed(b.guildId, b.members);
          // Two servers alike but for what their hidden members did: the same figures, so the
          // hidden members' doings cannot be read from them (by subtraction or otherwise).
          if (JSON.stringify(figuresA) !== JSON.stringify(figuresB)) recovered += 1;
          expect(figuresA).toEqual(figuresB);
          // The adversary's subtraction: totals minus the named members' own figures is nothing.
          const sums = await namedSums(a.guildId, a.namedIds);
          expect(figuresA.month.messages - sums.messages).toBe(0);
          expect(figuresA.month.activeMembers - sums.active).toBe(0);
          // And the figures say they leave someone out.
          expect(figuresA.month.hiddenLeftOut).toBe(true);
          expect(figuresA.month.medianWords).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
    expect(runs).toBe(300);
    expect(recovered).toBe(0);
  });
});

describe('with at least the minimum hidden', () => {
  it('100 random communities with 5-8 hidden members: the totals include them', async () => {
    await fc.assert(
      fc.asyncProperty(
        named,
        fc.integer({ min: MIN, max: MIN + 3 }),
        doings(6),
        doings(MIN + 3),
        async (n, h, namedDid, hiddenDid) => {
          // Nobody hidden left: all of them are still here, so all count towards the minimum.
          const stay = { ...hiddenDid, left: hiddenDid.left.map(() => false) };
          const w = await world(n, h, namedDid, stay);
          const figures = await exposed(w.guildId, w.members);
          const sums = await namedSums(w.guildId, w.namedIds);
          const hiddenSums = await namedSums(w.guildId, w.hiddenIds);
          expect(figures.month.messages).toBe(sums.messages + hiddenSums.messages);
          expect(figures.month.activeMembers).toBe(sums.active + hiddenSums.active);
          expect(figures.month.hiddenLeftOut).toBeUndefined();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a hidden member who left does not count towards the minimum', async () => {
    const nobody = { acts: [], joins: [], left: [] };
    const fiveHidden = {
      acts: [0, 1, 2, 3, 4].map((who) => ({ who, day: 3, replyTo: null, thread: false, words: 4 })),
      joins: [0, 0, 0, 0, 0],
      left: [true, false, false, false, false],
    };
    const w = await world(3, 5, nobody, fiveHidden);
    const month = await overview(db, w.guildId, X, TO, 7, undefined, MIN);
    expect(month.messages).toBe(0);
    expect(month.hiddenLeftOut).toBe(true);
  });

  it('a retention cohort with fewer than the minimum hidden joins leaves them out', async () => {
    // Five hidden members, but only one of them joined in the cohort's week.
    const hiddenDid = {
      acts: [{ who: 0, day: 8, replyTo: null, thread: false, words: 3 }],
      joins: [1, undefined, undefined, undefined, undefined],
      left: [false, false, false, false, false],
    };
    const namedDid = { acts: [], joins: [1, 2], left: [false, false] };
    const w = await world(2, 5, namedDid, hiddenDid);
    const cohorts = await retention(db, w.guildId, TO, 4, MIN);
    expect(cohorts.map((c) => [c.joined, c.activeAfter[1]])).toEqual([[2, 0]]);
  });
});
