/**
 * Rows anonymized before erases parted a member's tables: one stand-in in every table and exact
 * times. The 2026-12-03T1200 migration parts them the way an erase does now, and the community's
 * figures read the same as for a database where nobody erased anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { migrations } from '../../src/core/db/migrations/index.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  ingestEvents,
  overview,
  recordMemberEvent,
  retention,
  dayOf,
} from '../../src/features/insights/service.js';
import { promptHistory, promptStats } from '../../src/features/prompts/schedules.js';
import { allRows } from '../helpers/member-data.js';

const G = '100000000000000001';
const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const JOINED = Date.UTC(2026, 9, 5, 10, 17, 23, 456);
const NOW = JOINED + 60 * DAY;
const OLD = 'erased-theOldSharedOne';

const dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
});

/** Two members who joined, wrote in weeks 1 and 4 after, and replied to one prompt. */
async function community(db: Db): Promise<{ promptId: number }> {
  await ensureGuild(db, G, { now: JOINED - DAY });
  let n = 0;
  for (const [user, offset] of [
    [ALICE, 0],
    [BOB, 7 * 60_000 + 11],
  ] as const) {
    await recordMemberEvent(db, G, user, 'join', JOINED + offset);
    await ingestEvents(
      db,
      [2, 23, 24].map((d) => ({
        guildId: G,
        userId: user,
        channelId: '300000000000000001',
        at: JOINED + offset + d * DAY + 1_234,
        staff: false,
        replyTo: null,
        startsThread: false,
        words: null,
      })),
    );
  }
  const prompt = await db
    .insertInto('prompts')
    .values({
      guild_id: G,
      text: 'What are you reading?',
      tag: null,
      author_id: null,
      credit: 0,
      status: 'active',
      last_used_at: null,
      created_at: JOINED - DAY,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const schedule = await db
    .insertInto('schedules')
    .values({
      guild_id: G,
      channel_id: '300000000000000002',
      rule: '{}',
      tag: null,
      pick: 'queue',
      state: 'paused',
      paused_reason: null,
      next_run_at: null,
      created_at: JOINED - DAY,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const posted = JOINED + DAY + 13 * 60_000 + 7;
  const occurrence = await db
    .insertInto('occurrences')
    .values({
      schedule_id: schedule.id,
      guild_id: G,
      due_at: posted,
      prompt_id: prompt.id,
      status: 'posted',
      channel_id: '300000000000000002',
      nonce: 'n1',
      message_id: '500000000000000001',
      thread_id: '500000000000000001',
      claimed_at: posted,
      posted_at: posted,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const user of [ALICE, BOB])
    for (const after of [2 * HOUR + 61_003, 30 * HOUR + 5_005])
      await db
        .insertInto('prompt_replies')
        .values({
          message_id: String(600000000000000000n + BigInt((n += 1))),
          occurrence_id: occurrence.id,
          guild_id: G,
          user_id: user,
          at: posted + after + (user === BOB ? 1 : 0),
        })
        .execute();
  return { promptId: prompt.id };
}

async function figures(db: Db, promptId: number) {
  const today = dayOf(NOW);
  return {
    retention: await retention(db, G, today),
    overview: await overview(db, G, today - 89, today, 2),
    stats: await promptStats(db, G),
    history: await promptHistory(db, G, promptId),
  };
}

describe('the migration that parts rows anonymized before', () => {
  it('gives each table its own stand-ins, coarsens the times, and keeps every figure', async () => {
    // Nobody erased anything here: the figures to keep.
    const plain = openDatabase(':memory:');
    dbs.push(plain);
    await migrateToLatest(plain);
    const { promptId } = await community(plain);
    const expected = await figures(plain, promptId);
    expect(expected.retention).toEqual([
      expect.objectContaining({ joined: 2, activeAfter: [2, 0, 2, 0] }),
    ]);

    // The same community before the migration, alice erased the old way.
    const db = openDatabase(':memory:');
    dbs.push(db);
    const aliceTimesExtra: number[] = [];
    const before = Object.fromEntries(
      Object.entries(migrations).filter(([name]) => name < '2026-12-03T1200_unlinked_erasures'),
    );
    await migrateToLatest(db, before);
    await community(db);
    for (const table of ['member_days', 'member_events', 'prompt_replies'] as const)
      await db.updateTable(table).set({ user_id: OLD }).where('user_id', '=', ALICE).execute();
    await db.deleteFrom('message_events').where('user_id', '=', ALICE).execute();
    // She had created two segments as a manager.
    for (const name of ['Readers', 'Cooks'])
      await db
        .insertInto('segments')
        .values({
          guild_id: G,
          name,
          rules: '{}',
          inputs: null,
          computed_at: null,
          role_id: null,
          created_by: OLD,
          created_at: JOINED + 3 * DAY + 77,
          updated_at: JOINED + 4 * DAY + 99,
        })
        .execute();
    aliceTimesExtra.push(JOINED + 3 * DAY + 77, JOINED + 4 * DAY + 99);
    const aliceTimes = [
      ...aliceTimesExtra,
      JOINED,
      ...(
        await db.selectFrom('prompt_replies').select('at').where('user_id', '=', OLD).execute()
      ).map((r) => r.at),
    ];

    await migrateToLatest(db);
    expect(await figures(db, promptId)).toEqual(expected);
    const rows = await allRows(db);
    const standIns = (table: string) =>
      new Set(rows[table]!.map((r) => String(r.user_id)).filter((id) => id.startsWith('erased-')));
    // The daily totals keep the old stand-in; the join and the replies got their own.
    expect(standIns('member_days')).toEqual(new Set([OLD]));
    expect(standIns('member_events').size).toBe(1);
    expect(standIns('prompt_replies').size).toBe(1);
    expect(standIns('member_events').has(OLD)).toBe(false);
    expect(standIns('prompt_replies').has(OLD)).toBe(false);
    expect([...standIns('member_events')][0]).not.toBe([...standIns('prompt_replies')][0]);
    const creators = rows.segments!.map((g) => String(g.created_by));
    expect(new Set(creators).size).toBe(2);
    for (const creator of creators) {
      expect(creator).toMatch(/^erased-/);
      for (const table of ['member_days', 'member_events', 'prompt_replies'])
        expect(standIns(table).has(creator)).toBe(false);
    }
    const numbers = JSON.stringify(rows);
    for (const at of aliceTimes) expect(numbers).not.toContain(String(at));
    expect(rows.member_events!.find((e) => String(e.user_id).startsWith('erased-'))).toMatchObject({
      kind: 'join',
      at: JOINED - (JOINED % DAY),
      active_weeks: 0b0101,
    });
  });
});
