/**
 * Two membership loopholes, attacked at the service on real SQLite: a stale bar kept for someone
 * a manager let back in (an older database) must not bar them, and with onboarding off, people
 * who joined while Hearth was offline are admitted at start-up through the normal path (cap and
 * FIFO waitlist respected), never twice, and never someone Hearth already dealt with.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  admitMissedJoins,
  markJoinsSeen,
  removeMember,
  requestAdmission,
  setCap,
  standingOf,
} from '../../src/features/membership/service.js';

const G = '100000000000000001';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const subject = (userId: string) => `bar-of-${userId}`;

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
});
afterEach(async () => {
  await db.destroy();
});

describe('a stale kept bar', () => {
  it('never bars a member holding a seat, and is lifted', async () => {
    await requestAdmission(db, G, user(1), 10);
    // An older database: the member was admitted again by a manager, but the kept bar stayed.
    await db
      .insertInto('member_bars')
      .values({ guild_id: G, subject: subject(user(1)), barred_on: 0, told: 0 })
      .execute();
    await expect(
      requestAdmission(db, G, user(1), 20, { barSubject: subject(user(1)), tellByDm: true }),
    ).resolves.toMatchObject({ outcome: 'already' });
    expect(await db.selectFrom('member_bars').selectAll().execute()).toEqual([]);
    // A real removal still bars them.
    await removeMember(db, G, user(1), 30, 'manager');
    await expect(
      requestAdmission(db, G, user(1), 40, { barSubject: subject(user(1)) }),
    ).resolves.toMatchObject({ outcome: 'barred' });
  });
});

describe('joins made while Hearth was offline, with onboarding off', () => {
  it('are admitted at start-up in join order, up to the cap, the rest waitlisted FIFO', async () => {
    await setCap(db, G, 3, 0);
    await requestAdmission(db, G, user(0), 5);
    // The first start only sets the mark: nothing is known of earlier joins.
    expect(await admitMissedJoins(db, G, [], 10)).toEqual([]);
    // Offline: four people join (listed out of order); one was there before and has no role.
    const present = [
      { userId: user(0), joinedAt: 4, hasRole: true },
      { userId: user(9), joinedAt: 1, hasRole: false },
      { userId: user(4), joinedAt: 40, hasRole: false },
      { userId: user(2), joinedAt: 20, hasRole: false },
      { userId: user(3), joinedAt: 30, hasRole: false },
      { userId: user(1), joinedAt: 15, hasRole: false },
    ];
    const results = await admitMissedJoins(db, G, present, 100);
    expect(results.map((r) => r.outcome)).toEqual([
      'admitted',
      'admitted',
      'waitlisted',
      'waitlisted',
    ]);
    expect((await standingOf(db, G, user(1))).state).toBe('admitted');
    expect((await standingOf(db, G, user(2))).state).toBe('admitted');
    expect(await standingOf(db, G, user(3))).toMatchObject({ state: 'waiting', position: 1 });
    expect(await standingOf(db, G, user(4))).toMatchObject({ state: 'waiting', position: 2 });
    // Someone there before the mark is not admitted after the fact.
    expect((await standingOf(db, G, user(9))).state).toBe('none');
    // A second start changes nothing.
    expect(await admitMissedJoins(db, G, present, 200)).toEqual([]);
  });

  it('leaves alone joins Hearth acted on, bars a removed member who came back, and replays a rejoin', async () => {
    await admitMissedJoins(db, G, [], 10);
    await requestAdmission(db, G, user(1), 50); // joined at 50, admitted online
    await requestAdmission(db, G, user(2), 12);
    await removeMember(db, G, user(2), 13, 'manager');
    await requestAdmission(db, G, user(3), 14); // admitted, then left and rejoined offline
    await markJoinsSeen(db, 15);
    const results = await admitMissedJoins(
      db,
      G,
      [
        // Admitted online after the last mark, role not granted yet (a crash): left alone.
        { userId: user(1), joinedAt: 49, hasRole: false },
        { userId: user(2), joinedAt: 60, hasRole: false },
        { userId: user(3), joinedAt: 70, hasRole: false },
      ],
      100,
    );
    expect(results.map((r) => r.outcome)).toEqual(['barred', 'admitted']);
    expect((await standingOf(db, G, user(1))).state).toBe('admitted');
    expect((await standingOf(db, G, user(2))).state).toBe('removed');
  });
});
