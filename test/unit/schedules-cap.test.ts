/**
 * The cap on schedules per server holds on any database, not only because SQLite runs one
 * transaction at a time. Each create here runs on its own connection with no transaction at all
 * (every statement commits alone: weaker than any isolation level PostgreSQL offers), and
 * fast-check interleaves the creates statement by statement. What keeps the cap is the unique
 * (guild_id, slot): a create that lost its slot to another adds nothing and looks again. The
 * last test shows the interleavings are real: a count-then-insert with no unique key behind it,
 * run the same way, passes the cap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { migrations } from '../../src/core/db/migrations/index.js';
import { UserError } from '../../src/core/errors.js';
import { ensureGuild } from '../../src/core/guilds.js';
import type { ScheduleRule } from '../../src/core/local-time.js';
import {
  createSchedule,
  createScheduleIn,
  LIMITS,
  removeSchedule,
} from '../../src/features/prompts/schedules.js';

const MAX = LIMITS.schedules;
const NOW = Date.UTC(2026, 11, 8, 9, 0);
const RULE: ScheduleRule = {
  kind: 'weekly',
  weekdays: [1],
  hour: 18,
  minute: 0,
  everyWeeks: 1,
  anchor: '2026-12-07',
};
const input = (i: number) => ({
  channelId: `3000000000000000${String(i).padStart(2, '0')}`,
  rule: RULE,
  tag: null,
  pick: 'queue' as const,
});
/** Creates at once, at most: the connections opened for them. */
const CREATORS = 8;

let dir: string;
let main: Db;
/** One connection per create, each statement's answer held back until the scheduler says. */
let connections: Db[];
let scheduler: fc.Scheduler | undefined;
let guilds = 0;

/** Inserts that added nothing: a create that lost its slot to another one and looked again. */
let lostSlots = 0;
const inserts = new Set<unknown>();
const interleave: KyselyPlugin = {
  transformQuery: (args) => {
    if (args.node.kind === 'InsertQueryNode') inserts.add(args.queryId);
    return args.node;
  },
  transformResult: async (args) => {
    if (inserts.delete(args.queryId) && args.result.rows.length === 0) lostSlots++;
    if (scheduler !== undefined) await scheduler.schedule(Promise.resolve(), 'statement');
    return args.result;
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-cap-'));
  const path = join(dir, 'cap.sqlite');
  main = openDatabase(path);
  await migrateToLatest(main);
  connections = Array.from({ length: CREATORS }, () => openDatabase(path).withPlugin(interleave));
});
afterAll(async () => {
  for (const c of connections) await c.destroy();
  await main.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function newGuild(existing: number): Promise<string> {
  const guildId = `1${String(++guilds).padStart(17, '0')}`;
  await ensureGuild(main, guildId, { now: NOW });
  for (let i = 0; i < existing; i++) await createSchedule(main, guildId, input(i), 'UTC', NOW);
  return guildId;
}

async function outcome(create: Promise<unknown>): Promise<'created' | 'refused'> {
  try {
    await create;
    return 'created';
  } catch (error) {
    if (error instanceof UserError && error.key === 'prompts.tooManySchedules') return 'refused';
    throw error;
  }
}

async function slotsOf(guildId: string): Promise<number[]> {
  const rows = await main
    .selectFrom('schedules')
    .select('slot')
    .where('guild_id', '=', guildId)
    .orderBy('slot')
    .execute();
  return rows.map((r) => r.slot);
}

describe('the cap on schedules per server', () => {
  it('holds for creates interleaved statement by statement, with no transaction, from any count', async () => {
    let creates = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: MAX }),
        fc.integer({ min: 1, max: CREATORS }),
        fc.scheduler(),
        async (existing, creators, s) => {
          const guildId = await newGuild(existing);
          scheduler = s;
          const results = Array.from({ length: creators }, (_, i) =>
            outcome(
              createScheduleIn(connections[i]!, guildId, input(existing + i), 'UTC', NOW + i),
            ),
          );
          const outcomes = await s.waitFor(Promise.all(results));
          scheduler = undefined;
          const room = MAX - existing;
          const made = outcomes.filter((o) => o === 'created').length;
          // Every create that fits is made (no create is refused while a slot is free) and none more.
          expect(made).toBe(Math.min(room, creators));
          expect(await slotsOf(guildId)).toEqual(
            Array.from({ length: existing + made }, (_, i) => i),
          );
          creates += creators;
          refused += creators - made;
        },
      ),
      { numRuns: 300 },
    );
    // Both sides of the cap were reached, and creates did lose their slot to another.
    expect(refused).toBeGreaterThan(0);
    expect(creates - refused).toBeGreaterThan(0);
    expect(lostSlots).toBeGreaterThan(0);
  });

  it('holds for 40 creates at once through createSchedule, and a removed schedule frees its slot', async () => {
    const guildId = await newGuild(0);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        outcome(createSchedule(main, guildId, input(i), 'UTC', NOW)),
      ),
    );
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(MAX);
    expect(await slotsOf(guildId)).toEqual(Array.from({ length: MAX }, (_, i) => i));
    const seventh = await main
      .selectFrom('schedules')
      .select('id')
      .where('guild_id', '=', guildId)
      .where('slot', '=', 7)
      .executeTakeFirstOrThrow();
    await removeSchedule(main, guildId, seventh.id);
    await createSchedule(main, guildId, input(0), 'UTC', NOW);
    expect(await slotsOf(guildId)).toEqual(Array.from({ length: MAX }, (_, i) => i));
    expect(await outcome(createSchedule(main, guildId, input(1), 'UTC', NOW))).toBe('refused');
  });

  it('the migration numbers existing schedules per server in the order they were made', async () => {
    const db = openDatabase(':memory:');
    const before = Object.fromEntries(
      Object.entries(migrations).filter(([name]) => name < '2026-12-08T1100_schedule_slots'),
    );
    await migrateToLatest(db, before);
    const a = '100000000000000001';
    const b = '100000000000000002';
    for (const guildId of [a, b]) await ensureGuild(db, guildId, { now: NOW });
    for (const guildId of [a, b, a, a, b]) {
      await db
        .insertInto('schedules')
        .values({
          guild_id: guildId,
          channel_id: '300000000000000001',
          rule: JSON.stringify(RULE),
          tag: null,
          pick: 'queue',
          state: 'active',
          paused_reason: null,
          next_run_at: null,
          created_at: NOW,
        })
        .execute();
    }
    await migrateToLatest(db);
    const rows = await db
      .selectFrom('schedules')
      .select(['id', 'guild_id', 'slot'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.guild_id, r.slot])).toEqual([
      [a, 0],
      [b, 0],
      [a, 1],
      [a, 2],
      [b, 1],
    ]);
    await db.destroy();
  });

  it('the same interleavings pass the cap when it is a count and then an insert with no unique key', async () => {
    // The old create, on the same connections: count, then insert in a slot of its own.
    async function countThenInsert(conn: Db, guildId: string, i: number): Promise<void> {
      const { n } = await conn
        .selectFrom('schedules')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('guild_id', '=', guildId)
        .executeTakeFirstOrThrow();
      if (Number(n) >= MAX) throw new UserError('prompts.tooManySchedules', { max: MAX });
      await conn
        .insertInto('schedules')
        .values({
          guild_id: guildId,
          channel_id: '300000000000000001',
          rule: JSON.stringify(RULE),
          tag: null,
          pick: 'queue',
          state: 'active',
          paused_reason: null,
          next_run_at: null,
          created_at: NOW,
          slot: 1_000 + i,
        })
        .execute();
    }
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.integer({ min: MAX - 3, max: MAX - 1 }),
          fc.integer({ min: 2, max: CREATORS }),
          fc.scheduler(),
          async (existing, creators, s) => {
            const guildId = await newGuild(existing);
            scheduler = s;
            const results = Array.from({ length: creators }, (_, i) =>
              outcome(countThenInsert(connections[i]!, guildId, i)),
            );
            await s.waitFor(Promise.all(results));
            scheduler = undefined;
            expect((await slotsOf(guildId)).length).toBeLessThanOrEqual(MAX);
          },
        ),
        { numRuns: 100 },
      ),
    ).rejects.toThrow(/Property failed/);
    scheduler = undefined;
  });
});
