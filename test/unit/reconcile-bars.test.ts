/**
 * The start-up reconciliation and a manager's decisions made while Hearth was offline: a member
 * removed (and perhaps erased since) stays removed unless a manager granted the member role by
 * hand, and such a grant lifts the removal everywhere, including the one kept after an erase (so
 * leaving and rejoining later does not bring back a bar a manager lifted).
 *
 * Property over random communities: removed members with their record or only a kept bar,
 * members with no record, each holding the member role or not when Hearth starts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  eraseMembership,
  markRoleSynced,
  memberLeft,
  reconcileMemberships,
  removeMember,
  requestAdmission,
} from '../../src/features/membership/service.js';

const G = '100000000000000001';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const subject = (userId: string) => `bar-of-${userId}`;

type Kind = 'none' | 'removed' | 'removedErased';
const memberArb = fc.record({
  kind: fc.constantFrom<Kind>('none', 'removed', 'removedErased'),
  hasRole: fc.boolean(),
});

let db: Db;
beforeAll(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
});
afterAll(async () => {
  await db.destroy();
});

describe('bars at start-up', () => {
  it('are honoured for members without the role and lifted, kept bar included, for those a manager gave it', async () => {
    let lifted = 0;
    let honoured = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(memberArb, { minLength: 1, maxLength: 8 }), async (members) => {
        for (const table of ['memberships', 'member_bars', 'seats', 'membership_settings'] as const)
          await db.deleteFrom(table).execute();
        let now = 1_000;
        for (const [i, m] of members.entries()) {
          if (m.kind === 'none') continue;
          const u = user(i);
          await requestAdmission(db, G, u, now++);
          await markRoleSynced(db, G, u);
          await removeMember(db, G, u, now++, 'manager');
          await markRoleSynced(db, G, u);
          if (m.kind === 'removedErased')
            await db.transaction().execute((trx) =>
              eraseMembership(trx, G, u, {
                now: now++,
                keepSeat: false,
                barSubject: () => subject(u),
              }),
            );
        }
        // Hearth was offline: each is in the server again, some given the member role by hand.
        const present = new Map(members.map((m, i) => [user(i), m.hasRole]));
        const plan = await reconcileMemberships(db, G, present, now++, subject);
        for (const [i, m] of members.entries()) {
          const u = user(i);
          const kept = await db
            .selectFrom('member_bars')
            .select('subject')
            .where('subject', '=', subject(u))
            .execute();
          if (m.hasRole) {
            // A manager's grant: admitted, no bar left anywhere, and leaving changes nothing.
            expect(kept).toEqual([]);
            const row = await db
              .selectFrom('memberships')
              .select(['state', 'barred_at'])
              .where('user_id', '=', u)
              .executeTakeFirstOrThrow();
            expect(row).toEqual({ state: 'admitted', barred_at: null });
            await memberLeft(db, G, u, now++);
            const back = await requestAdmission(db, G, u, now++, { barSubject: subject(u) });
            expect(back.outcome).not.toBe('barred');
            if (m.kind !== 'none') lifted += 1;
          } else if (m.kind !== 'none') {
            // No grant: the removal stands, and no role is owed.
            expect(plan.grant).not.toContain(u);
            const back = await requestAdmission(db, G, u, now++, { barSubject: subject(u) });
            expect(back.outcome).toBe('barred');
            honoured += 1;
          }
        }
      }),
      { numRuns: 100 },
    );
    expect(lifted).toBeGreaterThan(20);
    expect(honoured).toBeGreaterThan(20);
    if (process.env.HEARTH_FIGURES !== undefined)
      process.stdout.write(`${lifted} bars lifted by a grant, ${honoured} honoured\n`);
  });
});
