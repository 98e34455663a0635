import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  countWords,
  foldEvents,
  ingestEvents,
  overview,
  recordMemberEvent,
  retention,
  type MessageEvent,
} from '../../src/features/insights/service.js';

const G = '100000000000000001';
const G2 = '100000000000000002';
const DAY = 86_400_000;
const X = 20_400; // a UTC day number (2025-11-08)
const at = (day: number, hour = 12) => (X + day) * DAY + hour * 3_600_000;
const [m1, m2, m3, m4, s1] = ['201', '202', '203', '204', '301'].map((s) =>
  s.padStart(18, '0'),
) as [string, string, string, string, string];

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
  await ensureGuild(db, G2, { now: 0 });
});
afterEach(async () => {
  await db.destroy();
});

const event = (
  userId: string,
  day: number,
  words: number | null,
  extra: Partial<MessageEvent> = {},
): MessageEvent => ({
  guildId: G,
  userId,
  channelId: '400000000000000001',
  at: at(day),
  staff: userId === s1,
  replyTo: null,
  startsThread: false,
  words,
  ...extra,
});

/** A known month: every figure below is counted by hand from these lines. */
const MONTH: MessageEvent[] = [
  event(m1, 0, 2), //                                   top-level, member
  event(m1, 1, 4, { replyTo: 'member' }), //            member → member
  event(m1, 10, null, { startsThread: true }), //        thread started by a member
  event(m2, 0, 3, { replyTo: 'member' }), //            member → member
  event(m2, 2, 5, { replyTo: 'staff' }), //             member → staff
  event(m3, 6, 3), //                                   top-level, member
  event(m3, 20, 1, { replyTo: 'bot' }), //              member → bot
  event(s1, 0, 6), //                                   top-level, staff
  event(s1, 3, 2, { replyTo: 'member' }), //            staff → member (not member-to-member)
];
// messages: 8 (the thread start is not a message); active: m1 m2 m3 s1 = 4 of 5 members;
// conversations started: m1, m1's thread, m3 by members, s1 by staff: 3 of 4;
// replies: 5, of which member → member: 2; words: 1 2 2 3 3 4 5 6 → lower median 3.
const EXPECTED = {
  fromDay: X,
  toDay: X + 29,
  activeMembers: 4,
  activeShare: 0.8,
  newMembers: 1,
  departedMembers: 1,
  messages: 8,
  medianWords: 3,
  memberStartedShare: 0.75,
  memberToMemberShare: 0.4,
  promptResponseRate: null,
  pollParticipation: null,
  onboarding: { joined: 0, started: 0, completed: 0 },
  waitlist: 0,
};

async function seedMonth(): Promise<void> {
  await ingestEvents(db, MONTH);
  await recordMemberEvent(db, G, m3, 'join', at(5));
  await recordMemberEvent(db, G, m4, 'leave', at(25));
  // Another guild's busy month must not show up.
  await ingestEvents(
    db,
    MONTH.map((e) => ({ ...e, guildId: G2, userId: `9${e.userId.slice(1)}` })),
  );
  await recordMemberEvent(db, G2, m1, 'join', at(1));
}

describe('insights', () => {
  it('computes every overview figure of a known month by hand', async () => {
    await seedMonth();
    expect(await overview(db, G, X, X + 29, 5)).toEqual(EXPECTED);
  });

  it('gives the same figures after raw events are folded into daily aggregates and deleted', async () => {
    await seedMonth();
    // Both guilds' events before the cut: 8 each.
    expect(await foldEvents(db, X + 15)).toBe(16);
    expect(await overview(db, G, X, X + 29, 5)).toEqual(EXPECTED);
    expect(await foldEvents(db, X + 30)).toBe(2);
    expect(await db.selectFrom('message_events').select('id').execute()).toEqual([]);
    expect(await overview(db, G, X, X + 29, 5)).toEqual(EXPECTED);
    // A narrower period still adds up. Days 0-6: 7 messages; 4 replies, 2 of them member to member.
    expect(await overview(db, G, X, X + 6, 5)).toMatchObject({
      messages: 7,
      activeMembers: 4,
      medianWords: 3,
      memberToMemberShare: 0.5,
    });
  });

  it('reports depth as unknown without message content, never as zero', async () => {
    await ingestEvents(
      db,
      MONTH.map((e) => ({ ...e, words: null })),
    );
    expect((await overview(db, G, X, X + 29, 5)).medianWords).toBeNull();
  });

  it('groups members by join week and counts who was active 1, 2, 4 and 8 weeks later', async () => {
    await seedMonth();
    expect(await retention(db, G, X + 29)).toEqual([
      { weekDay: X + 2, joined: 1, activeAfter: [1, 0, 0, null] },
    ]);
  });

  it('counts words in memory, including accents and contractions, capped', () => {
    // com'è and L'evento are one word each.
    expect(countWords("Ciao a tutti, com'è andata? L'evento è stato bellissimo!")).toBe(9);
    // A mention's id and a link's parts count as words: depth is a rough measure, stated as such.
    expect(countWords('<@123> see https://example.com 🎉')).toBe(5);
    expect(countWords('word '.repeat(1000))).toBe(300);
  });
});
