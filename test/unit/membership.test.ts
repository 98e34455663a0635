import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  admitNow,
  confirmSeat,
  expireInvitations,
  inactiveMembers,
  leaveWaitlist,
  markRoleSynced,
  memberLeft,
  moveInWaitlist,
  reconcileMemberships,
  recordActivity,
  removeMember,
  requestAdmission,
  roleObserved,
  seatSummary,
  setCap,
  setConfirmation,
  setReserved,
  standingOf,
  waitlist,
} from '../../src/features/membership/service.js';

const G = '100000000000000001';
const OTHER = '100000000000000002';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const HOUR = 3_600_000;

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
  await ensureGuild(db, OTHER, { now: 0 });
});
afterEach(async () => {
  await db.destroy();
});

async function seats(guild = G) {
  return db
    .selectFrom('memberships')
    .select(['user_id', 'seat', 'state', 'ticket'])
    .where('guild_id', '=', guild)
    .orderBy('seat')
    .execute();
}

describe('admission against a cap', () => {
  it('admits while seats are free, then keeps a FIFO waitlist', async () => {
    await setCap(db, G, 2, 1);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await requestAdmission(db, G, user(i), 10 + i));
    expect(results.map((r) => r.outcome)).toEqual([
      'admitted',
      'admitted',
      'waitlisted',
      'waitlisted',
    ]);
    expect(
      results.map((r) => ('position' in r ? r.position : r.outcome === 'admitted' ? r.seat : 0)),
    ).toEqual([1, 2, 1, 2]);
    expect(await requestAdmission(db, G, user(3), 20)).toEqual({
      outcome: 'waitlisted',
      position: 2,
      promoted: [],
    });
    expect(await seatSummary(db, G)).toEqual({
      cap: 2,
      admitted: 2,
      invited: 0,
      reserved: 0,
      free: 0,
      waiting: 2,
    });
    // A seat opens: the head of the waitlist takes it.
    expect(await memberLeft(db, G, user(0), 30)).toEqual([
      { userId: user(2), kind: 'admitted', seat: 1 },
    ]);
    expect(await standingOf(db, G, user(3))).toEqual({ state: 'waiting', position: 1 });
  });

  it('never lets the database hold more admitted members than seats, or two in one seat', async () => {
    await setCap(db, G, 1, 1);
    await requestAdmission(db, G, user(0), 2);
    const insert = (userId: string, seat: number) =>
      db
        .insertInto('memberships')
        .values({
          guild_id: G,
          user_id: userId,
          state: 'admitted',
          seat,
          ticket: null,
          waiting_since: null,
          admitted_at: 3,
          invite_expires_at: null,
          last_expired_at: null,
          role_synced: 0,
          updated_at: 3,
        })
        .execute();
    await expect(insert(user(1), 1)).rejects.toThrow(/UNIQUE/);
    await expect(insert(user(1), 2)).rejects.toThrow(/FOREIGN KEY/);
    expect(await seatSummary(db, G)).toMatchObject({ admitted: 1 });
  });

  it('200 concurrent admissions against a cap of 50, in any order: 50 admitted, 150 waiting in arrival order, none lost or doubled', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const local = openDatabase(':memory:');
        await migrateToLatest(local);
        await ensureGuild(local, G, { now: 0 });
        await setCap(local, G, 50, 1);
        const arrival: string[] = [];
        const calls = Array.from({ length: 200 }, (_, i) =>
          s.schedule(Promise.resolve(user(i)), `join ${i}`).then((id) => {
            arrival.push(id);
            return requestAdmission(local, G, id, 100);
          }),
        );
        await s.waitAll();
        const results = await Promise.all(calls);
        const rows = await local
          .selectFrom('memberships')
          .selectAll()
          .where('guild_id', '=', G)
          .execute();
        const admitted = rows.filter((r) => r.state === 'admitted');
        const waiting = rows
          .filter((r) => r.state === 'waiting')
          .sort((x, y) => x.ticket! - y.ticket!);
        expect(rows).toHaveLength(200);
        expect(admitted).toHaveLength(50);
        expect(new Set(admitted.map((r) => r.seat)).size).toBe(50);
        expect(admitted.every((r) => r.seat! >= 1 && r.seat! <= 50)).toBe(true);
        expect(admitted.map((r) => r.user_id).sort()).toEqual(arrival.slice(0, 50).sort());
        expect(waiting.map((r) => r.user_id)).toEqual(arrival.slice(50));
        expect(results.filter((r) => r.outcome === 'admitted')).toHaveLength(50);
        expect(
          results
            .filter((r) => r.outcome === 'waitlisted')
            .map((r) => (r.outcome === 'waitlisted' ? r.position : 0))
            .sort((x, y) => x - y),
        ).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
        await local.destroy();
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('promotions after concurrent leaves and joins are FIFO, one person per seat, never over the cap', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.uniqueArray(fc.integer({ min: 0, max: 49 }), { minLength: 1, maxLength: 30 }),
        async (s, leaving) => {
          const local = openDatabase(':memory:');
          await migrateToLatest(local);
          await ensureGuild(local, G, { now: 0 });
          await setCap(local, G, 50, 1);
          for (let i = 0; i < 80; i++) await requestAdmission(local, G, user(i), 10);
          const queueBefore = (await waitlist(local, G)).map((w) => w.userId);
          const arrivals: string[] = [];
          const work = [
            ...leaving.map((i) =>
              s
                .schedule(Promise.resolve(i), `leave ${i}`)
                .then((n) => memberLeft(local, G, user(n), 20)),
            ),
            ...[80, 81, 82].map((i) =>
              s
                .schedule(Promise.resolve(i), `join ${i}`)
                .then((n) => (arrivals.push(user(n)), requestAdmission(local, G, user(n), 20))),
            ),
          ];
          await s.waitAll();
          await Promise.all(work);
          const rows = await local
            .selectFrom('memberships')
            .selectAll()
            .where('guild_id', '=', G)
            .execute();
          const admitted = rows.filter((r) => r.state === 'admitted');
          expect(admitted).toHaveLength(50);
          expect(new Set(admitted.map((r) => r.seat)).size).toBe(50);
          // The seats went to the head of the queue as it stood, then to newcomers in arrival order.
          const expectedIn = [...queueBefore, ...arrivals].slice(0, leaving.length);
          for (const id of expectedIn) expect(admitted.some((r) => r.user_id === id)).toBe(true);
          const waitingNow = rows
            .filter((r) => r.state === 'waiting')
            .sort((x, y) => x.ticket! - y.ticket!)
            .map((r) => r.user_id);
          expect(waitingNow).toEqual([...queueBefore, ...arrivals].slice(leaving.length));
          await local.destroy();
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe('managers and seats', () => {
  it('raising the cap admits from the waitlist; lowering it removes nobody', async () => {
    await setCap(db, G, 2, 1);
    for (let i = 0; i < 5; i++) await requestAdmission(db, G, user(i), 10);
    expect((await setCap(db, G, 4, 20)).promoted.map((p) => p.userId)).toEqual([user(2), user(3)]);
    expect(await setCap(db, G, 1, 30)).toEqual({ promoted: [], overCap: 3 });
    expect((await seatSummary(db, G)).admitted).toBe(4);
    // Seats above the cap disappear as they free up: two leave, still over the cap, nobody promoted.
    expect(await memberLeft(db, G, user(3), 40)).toEqual([]);
    expect(await memberLeft(db, G, user(2), 41)).toEqual([]);
    expect(await memberLeft(db, G, user(1), 42)).toEqual([]);
    expect(await memberLeft(db, G, user(0), 43)).toEqual([
      { userId: user(4), kind: 'admitted', seat: 1 },
    ]);
  });

  it('reserved seats are left for managers, who can admit ahead of the queue', async () => {
    await setCap(db, G, 3, 1);
    await setReserved(db, G, 1, 2);
    for (let i = 0; i < 3; i++) await requestAdmission(db, G, user(i), 10);
    expect(await seatSummary(db, G)).toEqual({
      cap: 3,
      admitted: 2,
      invited: 0,
      reserved: 1,
      free: 0,
      waiting: 1,
    });
    expect(await admitNow(db, G, user(9), 20)).toEqual({ seat: 3 });
    expect(await seatSummary(db, G)).toEqual({
      cap: 3,
      admitted: 3,
      invited: 0,
      reserved: 0,
      free: 0,
      waiting: 1,
    });
    await expect(admitNow(db, G, user(8), 21)).rejects.toMatchObject({ key: 'seats.full' });
  });

  it('moves, removes and lets members leave the waitlist', async () => {
    await setCap(db, G, 1, 1);
    for (let i = 0; i < 4; i++) await requestAdmission(db, G, user(i), 10 + i);
    expect(await moveInWaitlist(db, G, user(3), 1, 20)).toBe(1);
    expect((await waitlist(db, G)).map((w) => w.userId)).toEqual([user(3), user(1), user(2)]);
    await leaveWaitlist(db, G, user(1), 21);
    await expect(leaveWaitlist(db, G, user(1), 22)).rejects.toMatchObject({
      key: 'seats.notWaiting',
    });
    const removed = await removeMember(db, G, user(0), 23);
    expect(removed).toEqual({
      was: 'admitted',
      promoted: [{ userId: user(3), kind: 'admitted', seat: 1 }],
    });
    expect(await standingOf(db, G, user(0))).toEqual({ state: 'removed' });
  });

  it('never touches another guild', async () => {
    await setCap(db, G, 1, 1);
    await setCap(db, OTHER, 1, 1);
    await requestAdmission(db, G, user(0), 2);
    await requestAdmission(db, G, user(1), 2);
    await expect(removeMember(db, OTHER, user(0), 3)).rejects.toMatchObject({
      key: 'seats.notListed',
    });
    await expect(moveInWaitlist(db, OTHER, user(1), 1, 3)).rejects.toMatchObject({
      key: 'seats.notWaiting',
    });
    expect(await seats(G)).toHaveLength(2);
    expect(await seats(OTHER)).toEqual([]);
  });
});

describe('confirmation window', () => {
  it('offers the seat, passes it on when the offer expires, and the skipped person keeps their place', async () => {
    await setCap(db, G, 1, 1);
    await setConfirmation(db, G, 48, 'keep', 1);
    for (let i = 0; i < 3; i++) await requestAdmission(db, G, user(i), 10);
    const offered = await memberLeft(db, G, user(0), 100);
    expect(offered).toEqual([
      { userId: user(1), kind: 'invited', seat: 1, expiresAt: 100 + 48 * HOUR },
    ]);
    expect(await expireInvitations(db, 100 + 48 * HOUR - 1)).toEqual([]);
    const expired = await expireInvitations(db, 100 + 48 * HOUR);
    expect(expired).toEqual([
      {
        guildId: G,
        userId: user(1),
        position: 1,
        promoted: [{ userId: user(2), kind: 'invited', seat: 1, expiresAt: 100 + 96 * HOUR }],
      },
    ]);
    await expect(confirmSeat(db, G, user(1), 100 + 48 * HOUR + 1)).rejects.toMatchObject({
      key: 'seats.offerExpired',
    });
    expect(await confirmSeat(db, G, user(2), 100 + 50 * HOUR)).toEqual({ seat: 1 });
    expect(await standingOf(db, G, user(1))).toEqual({ state: 'waiting', position: 1 });
    expect(await expireInvitations(db, 100 + 200 * HOUR)).toEqual([]);
  });

  it('drops the skipped person when the policy says so', async () => {
    await setCap(db, G, 1, 1);
    await setConfirmation(db, G, 1, 'drop', 1);
    for (let i = 0; i < 3; i++) await requestAdmission(db, G, user(i), 10);
    await memberLeft(db, G, user(0), 100);
    const [expiry] = await expireInvitations(db, 100 + HOUR);
    expect(expiry).toMatchObject({
      userId: user(1),
      position: undefined,
      promoted: [{ userId: user(2), kind: 'invited' }],
    });
    expect(await standingOf(db, G, user(1))).toEqual({ state: 'dropped' });
  });
});

describe('Discord and the database in sync', () => {
  it('reconciles a crash between recording an admission and granting the role, and changes nothing the second time', async () => {
    await setCap(db, G, 2, 1);
    await requestAdmission(db, G, user(0), 10);
    await requestAdmission(db, G, user(1), 10);
    await markRoleSynced(db, G, user(1));
    // user(0): recorded, never granted (crash). user(1): granted. user(7): holds the role, unknown to Hearth.
    const present = new Map([
      [user(0), false],
      [user(1), true],
      [user(7), true],
    ]);
    const first = await reconcileMemberships(db, G, present, 20);
    expect(first.grant).toEqual([user(0)]);
    expect(first.revoke).toEqual([]);
    expect(await standingOf(db, G, user(7))).toMatchObject({ state: 'admitted', seat: 3 });
    await markRoleSynced(db, G, user(0));
    const second = await reconcileMemberships(
      db,
      G,
      new Map([
        [user(0), true],
        [user(1), true],
        [user(7), true],
      ]),
      30,
    );
    expect(second).toEqual({ grant: [], revoke: [], promoted: [] });
  });

  it('reflects a manager removing or granting the role by hand in the seat count', async () => {
    await setCap(db, G, 1, 1);
    await requestAdmission(db, G, user(0), 10);
    await requestAdmission(db, G, user(1), 10);
    // Before Hearth's own grant is confirmed, a missing role is not mistaken for a removal.
    expect(await roleObserved(db, G, user(0), false, 11)).toEqual({ promoted: [], changed: false });
    await roleObserved(db, G, user(0), true, 12);
    expect(await roleObserved(db, G, user(0), false, 13)).toEqual({
      promoted: [{ userId: user(1), kind: 'admitted', seat: 1 }],
      changed: true,
    });
    expect(await standingOf(db, G, user(0))).toEqual({ state: 'removed' });
    // The role granted by hand to someone else: admitted, beyond the cap if it must be.
    expect(await roleObserved(db, G, user(5), true, 14)).toEqual({ promoted: [], changed: true });
    expect(await seatSummary(db, G)).toMatchObject({ cap: 1, admitted: 2 });
  });

  it('drops waiting members who left, and frees the seats of admitted ones', async () => {
    await setCap(db, G, 1, 1);
    for (let i = 0; i < 3; i++) await requestAdmission(db, G, user(i), 10);
    await markRoleSynced(db, G, user(0));
    const result = await reconcileMemberships(db, G, new Map([[user(2), false]]), 20);
    expect(result.promoted).toEqual([{ userId: user(2), kind: 'admitted', seat: 1 }]);
    expect(await standingOf(db, G, user(1))).toEqual({ state: 'dropped' });
  });
});

describe('activity', () => {
  it('lists admitted members without a message since a date', async () => {
    await requestAdmission(db, G, user(0), 10);
    await requestAdmission(db, G, user(1), 10);
    await requestAdmission(db, G, user(2), 10);
    await recordActivity(db, G, user(0), 100 * HOUR);
    await recordActivity(db, G, user(1), 10 * HOUR);
    await recordActivity(db, G, user(1), 10 * HOUR + 1); // within the hour: not rewritten
    expect(
      (await inactiveMembers(db, G, 50 * HOUR)).map((m) => [m.userId, m.lastMessageAt]),
    ).toEqual([
      [user(2), null],
      [user(1), 10 * HOUR],
    ]);
  });
});
