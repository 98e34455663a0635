/**
 * Anonymous polls with what came after the anonymity work: rankings (each ballot is one answer,
 * shown whole like a written answer) and written answers shown with the figures. The ranking
 * ballots follow the same rules as every anonymous answer: nothing below the threshold, a
 * snapshot in steps while open, no voter key left at close, and an order that says nothing.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { migrations } from '../../src/core/db/migrations/index.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  closePoll,
  createPoll,
  exportRows,
  pollOf,
  pollResults,
  visibleResults,
  visibleTexts,
  vote,
  voterKey,
  voterSecretOf,
  type NewPoll,
} from '../../src/features/polls/service.js';

const G = '100000000000000001';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const OPTIONS = ['Pizza', 'Sushi', 'Tacos', 'Curry'];

const rankingPoll: NewPoll = {
  channelId: '300000000000000001',
  title: 'Food',
  questions: [
    { kind: 'ranking', label: 'Rank', options: OPTIONS, positions: 3, required: true },
    { kind: 'text', label: 'Why?', required: false },
  ],
  anonymous: true,
  results: 'live',
  audience: [],
  closesAt: null,
  remindAt: null,
};

const described = (order: readonly number[]) =>
  order.map((c, i) => `${i + 1}. ${OPTIONS[c]!}`).join('; ');

let db: Db;
const master = randomBytes(32);
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
});
afterEach(async () => {
  await db.destroy();
});

async function cast(pollId: number, member: number, order: number[], why?: string) {
  const poll = await pollOf(db, G, pollId);
  return vote(db, {
    guildId: G,
    pollId,
    voter: voterKey(poll, user(member), voterSecretOf(poll, master)),
    ballot: new Map<number, { choices?: number[]; text?: string }>([
      [0, { choices: order }],
      ...(why === undefined ? [] : ([[1, { text: why }]] as const)),
    ]),
    now: 10 + member,
  });
}

const rankings = async (pollId: number) =>
  (await exportRows(db, await pollOf(db, G, pollId)))
    .filter((r) => r.question === 'Rank')
    .map((r) => r.answer);

describe('an anonymous ranking poll', () => {
  it('exports whole ballots, sorted, only once 5 people answered, from the snapshot while open', async () => {
    const poll = await createPoll(db, G, rankingPoll, 0, { masterKey: master });
    const orders = [
      [1, 0, 2],
      [0, 1, 3],
      [2, 1, 0],
      [1, 3, 0],
      [3, 2, 1],
      [1, 0, 3],
    ];
    for (const [i, order] of orders.slice(0, 4).entries()) await cast(poll.id, i, order);
    expect(await rankings(poll.id)).toEqual([]);
    expect((await visibleResults(db, await pollOf(db, G, poll.id))).withheld).toBe(true);
    await cast(poll.id, 4, orders[4]!);
    const five = orders.slice(0, 5).map(described).sort();
    expect(await rankings(poll.id)).toEqual(five);
    // The sixth ballot is not shown until four more come: what managers see moves in steps.
    await cast(poll.id, 5, orders[5]!);
    expect(await rankings(poll.id)).toEqual(five);
    // Closed: every ballot, whole, still sorted; its counts are the final ones.
    await closePoll(db, G, poll.id, 100);
    const closed = await pollOf(db, G, poll.id);
    const all = orders.map(described).sort();
    expect(await rankings(poll.id)).toEqual(all);
    expect((await pollResults(db, closed))[0]!.ranking![0]).toMatchObject({ choice: 1 });
    // The ballots are kept under random ids: no voter key is left, and no id is shared with
    // another question or derivable from hearth.key.
    const stored = await db
      .selectFrom('poll_choices')
      .select(['voter', 'choice', 'rank'])
      .where('poll_id', '=', poll.id)
      .execute();
    expect(stored).toHaveLength(18);
    expect(new Set(stored.map((r) => r.voter)).size).toBe(6);
    expect(await db.selectFrom('poll_voters').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('poll_shown_rankings').selectAll().execute()).toEqual([]);
    const legacy = (u: string) =>
      createHmac('sha256', master).update(`${poll.id}:${u}`).digest('base64url').slice(0, 32);
    for (let i = 0; i < 6; i++) expect(stored.some((r) => r.voter === legacy(user(i)))).toBe(false);
  });

  it('any order of votes and changes: the export never moves by fewer than 5 ballots', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            member: fc.integer({ min: 0, max: 9 }),
            order: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 3, maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (ballots) => {
          const local = openDatabase(':memory:');
          await migrateToLatest(local);
          await ensureGuild(local, G, { now: 0 });
          const poll = await createPoll(local, G, rankingPoll, 0, { masterKey: master });
          const secret = voterSecretOf(poll, master);
          let last = JSON.stringify(await exportRows(local, poll));
          let since = 0;
          for (const b of ballots) {
            await vote(local, {
              guildId: G,
              pollId: poll.id,
              voter: voterKey(poll, user(b.member), secret),
              ballot: new Map([[0, { choices: b.order }]]),
              now: 1,
            });
            since += 1;
            const now = JSON.stringify(await exportRows(local, await pollOf(local, G, poll.id)));
            if (now !== last) {
              expect(since).toBeGreaterThanOrEqual(5);
              since = 0;
              last = now;
            }
          }
          await local.destroy();
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('written answers of an anonymous poll', () => {
  it('appear with its figures, once 5 people answered, however few wrote one', async () => {
    const poll = await createPoll(db, G, rankingPoll, 0, { masterKey: master });
    for (let i = 0; i < 5; i++) await cast(poll.id, i, [0, 1, 2], i === 2 ? 'only me' : undefined);
    const open = await pollOf(db, G, poll.id);
    expect(await visibleTexts(db, open, 1)).toEqual([
      { text: 'only me', voter: null, at: Date.UTC(1970, 0, 1) },
    ]);
    expect((await exportRows(db, open)).filter((r) => r.question === 'Why?')).toHaveLength(1);
  });
});

describe('ranking polls made before per-poll keys', () => {
  it('migrate: an open one keeps its ballots under per-question keys; a closed one keeps them whole, under random ids', async () => {
    const local = openDatabase(':memory:');
    await migrateToLatest(
      local,
      Object.fromEntries(
        Object.entries(migrations).filter(([name]) => name < '2026-12-04T1000_anonymity'),
      ),
    );
    await ensureGuild(local, G, { now: 0 });
    const legacyKey = (pollId: number, u: string) =>
      createHmac('sha256', master).update(`${pollId}:${u}`).digest('base64url').slice(0, 32);
    const questions = JSON.stringify([
      {
        kind: 'ranking',
        label: 'Rank',
        required: true,
        choices: OPTIONS.map((label, i) => ({ key: `c${i + 1}`, label })),
        positions: 2,
      },
    ]);
    for (const [id, status] of [
      [1, 'open'],
      [2, 'closed'],
    ] as const) {
      await sql`insert into polls (id, guild_id, channel_id, title, questions, anonymous, results, status, created_at, voters)
        values (${id}, ${G}, '300000000000000001', 'Old', ${questions}, 1, 'live', ${status}, 0, 2)`.execute(
        local,
      );
      for (const [i, order] of [
        [0, 1],
        [2, 0],
      ].entries()) {
        const v = legacyKey(id, user(i));
        await sql`insert into poll_voters (poll_id, voter, voted_at) values (${id}, ${v}, 5)`.execute(
          local,
        );
        for (const [place, choice] of order.entries())
          await sql`insert into poll_choices (poll_id, voter, question, choice, rank) values (${id}, ${v}, 0, ${choice}, ${place + 1})`.execute(
            local,
          );
      }
    }
    await migrateToLatest(local);
    const open = await pollOf(local, G, 1);
    // The same member ranks again with the master key, as the poll was made: replaced.
    expect(
      await vote(local, {
        guildId: G,
        pollId: 1,
        voter: voterKey(open, user(0), voterSecretOf(open, master)),
        ballot: new Map([[0, { choices: [3, 2] }]]),
        now: 6,
      }),
    ).toEqual({ replaced: true });
    const closedPicks = await local
      .selectFrom('poll_choices')
      .select(['voter', 'choice', 'rank'])
      .where('poll_id', '=', 2)
      .orderBy('voter')
      .orderBy('rank')
      .execute();
    expect(closedPicks).toHaveLength(4);
    expect(new Set(closedPicks.map((p) => p.voter)).size).toBe(2);
    for (let i = 0; i < 2; i++)
      expect(closedPicks.some((p) => p.voter === legacyKey(2, user(i)))).toBe(false);
    const ballots = [0, 1].map((k) =>
      closedPicks.filter((p) => p.voter === [...new Set(closedPicks.map((x) => x.voter))][k]),
    );
    expect(ballots.map((b) => b.map((p) => p.choice)).sort()).toEqual([
      [0, 1],
      [2, 0],
    ]);
    await local.destroy();
  });
});
