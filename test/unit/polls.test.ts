import { randomBytes } from 'node:crypto';
import { translator } from '../../src/core/i18n.js';
import { resultLines } from '../../src/features/polls/discord.js';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { UserError } from '../../src/core/errors.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { decodeSubmission, fieldId } from '../../src/forms/index.js';
import { eraseMember, memberDataEntries } from '../../src/core/member-data.js';
import { features } from '../../src/features/index.js';
import {
  ballotFromAnswers,
  checkVoter,
  closePoll,
  createPoll,
  exportRows,
  pollOf,
  pollResults,
  pollTiming,
  vote,
  voterKey,
  type NewPoll,
} from '../../src/features/polls/service.js';

const G = '100000000000000001';
const OTHER = '100000000000000002';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const secret = randomBytes(32);

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

const single: NewPoll = {
  channelId: '300000000000000001',
  title: 'Which logo?',
  questions: [
    { kind: 'single', label: 'Pick one', options: ['Blue', 'Green', 'Red'], required: true },
  ],
  anonymous: false,
  results: 'live',
  audience: [],
  closesAt: null,
  remindAt: null,
};

describe('voting', () => {
  it('100 members clicking 5 times each, concurrently and in any order: exactly 100 votes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const local = openDatabase(':memory:');
        await migrateToLatest(local);
        await ensureGuild(local, G, { now: 0 });
        const poll = await createPoll(local, G, single, 0);
        const clicks = [];
        for (let m = 0; m < 100; m++) {
          for (let c = 0; c < 5; c++) {
            clicks.push(
              s.schedule(Promise.resolve(), `member ${m} click ${c}`).then(() =>
                vote(local, {
                  guildId: G,
                  pollId: poll.id,
                  voter: voterKey(poll, user(m), secret),
                  ballot: new Map([[0, { choices: [m % 3] }]]),
                  now: 1,
                }),
              ),
            );
          }
        }
        await s.waitAll();
        await Promise.all(clicks);
        const results = await pollResults(local, await pollOf(local, G, poll.id));
        expect(results[0]!.counts).toEqual([34, 33, 33]);
        expect((await local.selectFrom('poll_voters').select('voter').execute()).length).toBe(100);
        expect(
          (await local.selectFrom('polls').select('voters').executeTakeFirstOrThrow()).voters,
        ).toBe(100);
        await local.destroy();
      }),
      { numRuns: 10 },
    );
  }, 60_000);

  it('lets a member change their vote until close, keeping the counters exact, and refuses after', async () => {
    const poll = await createPoll(
      db,
      G,
      {
        ...single,
        questions: [
          {
            kind: 'multi',
            label: 'Pick',
            options: ['A', 'B', 'C'],
            min: 1,
            max: 2,
            required: true,
          },
        ],
      },
      0,
    );
    const voter = voterKey(poll, user(1), secret);
    expect(
      await vote(db, {
        guildId: G,
        pollId: poll.id,
        voter,
        ballot: new Map([[0, { choices: [0, 1] }]]),
        now: 1,
      }),
    ).toEqual({ replaced: false });
    expect(
      await vote(db, {
        guildId: G,
        pollId: poll.id,
        voter,
        ballot: new Map([[0, { choices: [2] }]]),
        now: 2,
      }),
    ).toEqual({ replaced: true });
    expect((await pollResults(db, poll))[0]!.counts).toEqual([0, 0, 1]);
    await expect(
      vote(db, {
        guildId: G,
        pollId: poll.id,
        voter,
        ballot: new Map([[0, { choices: [0, 1, 2] }]]),
        now: 3,
      }),
    ).rejects.toMatchObject({ key: 'polls.pickRange' });
    expect((await closePoll(db, G, poll.id, 4)).closedNow).toBe(true);
    expect((await closePoll(db, G, poll.id, 5)).closedNow).toBe(false);
    await expect(
      vote(db, {
        guildId: G,
        pollId: poll.id,
        voter,
        ballot: new Map([[0, { choices: [0] }]]),
        now: 6,
      }),
    ).rejects.toMatchObject({ key: 'polls.closed' });
    await expect(
      vote(db, {
        guildId: OTHER,
        pollId: poll.id,
        voter,
        ballot: new Map([[0, { choices: [0] }]]),
        now: 1,
      }),
    ).rejects.toMatchObject({ key: 'polls.unknown' });
  });

  it('scores NPS and ratings', async () => {
    const poll = await createPoll(
      db,
      G,
      {
        ...single,
        questions: [
          { kind: 'nps', label: 'Recommend?', required: true },
          { kind: 'rating', label: 'Stars', required: true },
        ],
      },
      0,
    );
    const scores = [10, 10, 9, 8, 7, 6, 3, 10, 9, 0];
    for (const [i, score] of scores.entries()) {
      await vote(db, {
        guildId: G,
        pollId: poll.id,
        voter: user(i),
        ballot: new Map([
          [0, { choices: [score] }],
          [1, { choices: [i % 5] }],
        ]),
        now: 1,
      });
    }
    const [nps, rating] = await pollResults(db, poll);
    // 5 promoters, 2 passives, 3 detractors: (5 - 3) / 10 = 20.
    expect(nps!.nps).toBe(20);
    expect(rating!.average).toBe(3);
    // Shown the one way, in the results post (bars) and in /poll results (counts) alike.
    const t = translator('en');
    for (const style of ['bars', 'counts'] as const) {
      expect(resultLines(nps!, t, style)).toContain('NPS: 20');
      expect(resultLines(rating!, t, style)).toContain('Average: 3.0 of 5');
    }
    expect(resultLines(rating!, t, 'counts').slice(0, 5)).toEqual([
      '1★: 2',
      '2★: 2',
      '3★: 2',
      '4★: 2',
      '5★: 2',
    ]);
  });

  it('keeps anonymous voters unidentifiable in every row and every export', async () => {
    const poll = await createPoll(
      db,
      G,
      {
        ...single,
        anonymous: true,
        questions: [
          { kind: 'single', label: 'Pick', options: ['A', 'B'], required: true },
          { kind: 'text', label: 'Why?', required: false },
        ],
      },
      0,
    );
    const voters = Array.from({ length: 20 }, (_, i) => user(i));
    for (const [i, u] of voters.entries()) {
      await vote(db, {
        guildId: G,
        pollId: poll.id,
        voter: voterKey(poll, u, secret),
        ballot: new Map([
          [0, { choices: [i % 2] }],
          [1, { text: `because ${i}` }],
        ]),
        now: i,
      });
    }
    // Still one vote per member: the same member maps to the same key.
    await vote(db, {
      guildId: G,
      pollId: poll.id,
      voter: voterKey(poll, voters[0]!, secret),
      ballot: new Map([[0, { choices: [1] }]]),
      now: 99,
    });
    expect((await db.selectFrom('poll_voters').select('voter').execute()).length).toBe(20);
    const dump = JSON.stringify([
      await db.selectFrom('polls').selectAll().execute(),
      await db.selectFrom('poll_voters').selectAll().execute(),
      await db.selectFrom('poll_choices').selectAll().execute(),
      await db.selectFrom('poll_tallies').selectAll().execute(),
      await db.selectFrom('poll_texts').selectAll().execute(),
      await exportRows(db, poll),
    ]);
    for (const u of voters) expect(dump).not.toContain(u);
    // A different poll gives the same member a different key: polls cannot be linked.
    expect(voterKey({ id: poll.id + 1, anonymous: true }, voters[0]!, secret)).not.toBe(
      voterKey(poll, voters[0]!, secret),
    );
  });
});

describe('polls stored before the forms kit', () => {
  it('read, take votes and count as they did, without rewriting the row', async () => {
    const old = JSON.stringify([
      { kind: 'single', label: 'Logo?', options: ['Blue', 'Green'], required: true },
      { kind: 'multi', label: 'Pick', options: ['A', 'B', 'C'], min: 1, max: 2, required: true },
      { kind: 'rating', label: 'Stars', required: true },
      { kind: 'nps', label: 'Recommend?', required: true },
      { kind: 'text', label: 'Why?', required: false },
    ]);
    const { id } = await db
      .insertInto('polls')
      .values({
        guild_id: G,
        channel_id: '300000000000000001',
        message_id: null,
        title: 'Old poll',
        questions: old,
        anonymous: 0,
        results: 'live',
        audience: '[]',
        status: 'open',
        closes_at: null,
        remind_at: null,
        created_at: 0,
        closed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const poll = await pollOf(db, G, id);
    expect(poll.questions.map((q) => q.kind)).toEqual([
      'single',
      'multi',
      'scale',
      'scale',
      'paragraph',
    ]);
    for (const [i, voter] of [user(1), user(2)].entries())
      await vote(db, {
        guildId: G,
        pollId: id,
        voter,
        ballot: new Map([
          [0, { choices: [i] }],
          [1, { choices: [0, 2] }],
          [2, { choices: [3 + i] }],
          [3, { choices: [10 - i] }],
          [4, { text: ` reason ${i} ` }],
        ]),
        now: 1 + i,
      });
    const results = await pollResults(db, poll);
    expect(results.map((r) => r.counts)).toEqual([
      [1, 1],
      [2, 0, 2],
      [0, 0, 0, 1, 1],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1],
      [],
    ]);
    expect(results[2]!.average).toBe(4.5);
    expect(results[3]!.nps).toBe(100);
    expect((await exportRows(db, poll)).map((r) => r.answer)).toEqual([
      'Blue',
      'A',
      'C',
      '4★',
      '10',
      'reason 0',
      'Green',
      'A',
      'C',
      '5★',
      '9',
      'reason 1',
    ]);
    expect(
      (await db.selectFrom('polls').select('questions').where('id', '=', id).executeTakeFirst())
        ?.questions,
    ).toBe(old);
  });
});

describe('the Vote form’s answers', () => {
  it('become a ballot by option position; values a question does not offer are refused', async () => {
    const poll = await createPoll(
      db,
      G,
      {
        ...single,
        questions: [
          { kind: 'single', label: 'Pick one', options: ['Blue', 'Green', 'Red'], required: true },
          { kind: 'rating', label: 'Stars', required: true },
          { kind: 'text', label: 'Why?', required: false },
        ],
      },
      0,
    );
    const submitted = (values: [string, string], text: unknown) =>
      decodeSubmission([
        {
          type: 18,
          component: {
            type: 21,
            custom_id: fieldId({ question: 0, revision: 0 }),
            value: values[0],
          },
        },
        {
          type: 18,
          component: {
            type: 21,
            custom_id: fieldId({ question: 1, revision: 0 }),
            value: values[1],
          },
        },
        {
          type: 18,
          component: { type: 4, custom_id: fieldId({ question: 2, revision: 0 }), value: text },
        },
      ]);
    const ballot = ballotFromAnswers(poll, submitted(['c3', '4'], ' because '));
    expect([...ballot.entries()]).toEqual([
      [0, { choices: [2] }],
      [1, { choices: [3] }],
      [2, { text: ' because ' }],
    ]);
    await vote(db, { guildId: G, pollId: poll.id, voter: user(1), ballot, now: 1 });
    expect((await pollResults(db, poll)).map((r) => r.counts)).toEqual([
      [0, 0, 1],
      [0, 0, 0, 1, 0],
      [],
    ]);
    await expect(
      vote(db, {
        guildId: G,
        pollId: poll.id,
        voter: user(2),
        ballot: ballotFromAnswers(poll, submitted(['c4', '4'], 42)),
        now: 2,
      }),
    ).rejects.toMatchObject({ key: 'polls.answerInvalid', params: { question: 'Pick one' } });
    await expect(
      vote(db, {
        guildId: G,
        pollId: poll.id,
        voter: user(2),
        ballot: ballotFromAnswers(poll, submitted(['c1', '6'], '')),
        now: 2,
      }),
    ).rejects.toMatchObject({ key: 'polls.answerInvalid', params: { question: 'Stars' } });
  });
});

describe('ranking polls', () => {
  it('take back a named vote’s places and points when its member erases their data', async () => {
    const poll = await createPoll(
      db,
      G,
      {
        ...single,
        questions: [
          {
            kind: 'ranking',
            label: 'Rank',
            options: ['A', 'B', 'C'],
            positions: 2,
            required: true,
          },
        ],
      },
      0,
    );
    for (const [i, order] of [
      [0, 1],
      [1, 2],
    ].entries())
      await vote(db, {
        guildId: G,
        pollId: poll.id,
        voter: user(i),
        ballot: new Map([[0, { choices: order }]]),
        now: 1,
      });
    await eraseMember(
      db,
      memberDataEntries(features),
      { guildId: G, userId: user(0) },
      { now: 2, keepRoles: true, stillMember: false },
    );
    // Only the second ballot is left: B first (2 points), C second (1 point).
    const [results] = await pollResults(db, await pollOf(db, G, poll.id));
    expect(results!.ranking!.map((o) => [o.choice, o.ranked, o.points])).toEqual([
      [1, 1, 2],
      [2, 1, 1],
      [0, 0, 0],
    ]);
  });

  it('keep their counters equal to a recount of the stored ballots, whatever members submit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 7 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            positions: fc.integer({ min: 1, max: Math.min(n, 5) }),
            votes: fc.array(
              fc.record({
                member: fc.integer({ min: 0, max: 5 }),
                order: fc.array(fc.integer({ min: -1, max: n }), { maxLength: 6 }),
              }),
              { maxLength: 25 },
            ),
          }),
        ),
        async ({ n, positions, votes }) => {
          const local = openDatabase(':memory:');
          await migrateToLatest(local);
          await ensureGuild(local, G, { now: 0 });
          const options = Array.from({ length: n }, (_, i) => `Option ${i}`);
          const poll = await createPoll(
            local,
            G,
            {
              ...single,
              questions: [{ kind: 'ranking', label: 'Rank', options, positions, required: true }],
            },
            0,
          );
          const accepted = new Map<number, readonly number[]>();
          for (const [i, { member, order }] of votes.entries()) {
            const valid =
              order.length === positions &&
              new Set(order).size === order.length &&
              order.every((c) => c >= 0 && c < n);
            const result = vote(local, {
              guildId: G,
              pollId: poll.id,
              voter: user(member),
              ballot: new Map([[0, { choices: order }]]),
              now: i + 1,
            });
            if (valid) {
              await result;
              accepted.set(member, order);
            } else await expect(result).rejects.toBeInstanceOf(UserError);
          }
          // What the counters say equals the ballots members last cast, recounted by hand.
          const [results] = await pollResults(local, await pollOf(local, G, poll.id));
          const expected = options.map((_, choice) => {
            const places = [...accepted.values()]
              .map((order) => order.indexOf(choice))
              .filter((p) => p >= 0);
            return {
              choice,
              ranked: places.length,
              points: places.reduce((sum, p) => sum + positions - p, 0),
              averageRank:
                places.length === 0
                  ? null
                  : places.reduce((sum, p) => sum + p + 1, 0) / places.length,
            };
          });
          expect(results!.answered).toBe(accepted.size);
          expect(
            [...results!.ranking!]
              .sort((x, y) => x.choice - y.choice)
              .map(({ choice, ranked, points, averageRank }) => ({
                choice,
                ranked,
                points,
                averageRank: averageRank === null ? null : Number(averageRank.toFixed(9)),
              })),
          ).toEqual(
            expected.map((e) => ({
              ...e,
              averageRank: e.averageRank === null ? null : Number(e.averageRank.toFixed(9)),
            })),
          );
          // Best first, and a place is one more than the options with strictly more points.
          const ranking = results!.ranking!;
          for (const [i, o] of ranking.entries()) {
            if (i > 0) expect(ranking[i - 1]!.points).toBeGreaterThanOrEqual(o.points);
            expect(o.place).toBe(1 + ranking.filter((x) => x.points > o.points).length);
          }
          const stored = await local
            .selectFrom('poll_choices')
            .select(['voter', 'choice', 'rank'])
            .execute();
          expect(stored).toHaveLength(accepted.size * positions);
          await local.destroy();
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('who may vote, and when a poll reminds', () => {
  const HOUR = 3_600_000;

  it('reminds a day before the end, or halfway through a shorter poll; never without an end', () => {
    expect(pollTiming(0, { hours: 72, reminder: true })).toEqual({
      closesAt: 72 * HOUR,
      remindAt: 48 * HOUR,
    });
    expect(pollTiming(0, { hours: 6, reminder: true })).toEqual({
      closesAt: 6 * HOUR,
      remindAt: 3 * HOUR,
    });
    expect(pollTiming(0, { hours: 6 })).toEqual({ closesAt: 6 * HOUR, remindAt: null });
    expect(pollTiming(0, {})).toEqual({ closesAt: null, remindAt: null });
    expect(() => pollTiming(0, { reminder: true })).toThrow(UserError);
  });

  it('lets only the poll’s roles vote, whatever roles a member claims elsewhere', async () => {
    const role = '400000000000000001';
    const poll = await createPoll(db, G, { ...single, audience: [role] }, 0);
    await expect(checkVoter(db, poll, { userId: user(1), roles: [role] }, 0)).resolves.toBe(
      undefined,
    );
    for (const roles of [[], ['400000000000000002'], [G]])
      await expect(checkVoter(db, poll, { userId: user(1), roles }, 0)).rejects.toMatchObject({
        key: 'polls.notAudience',
      });
    const everyone = await createPoll(db, G, single, 0);
    await expect(checkVoter(db, everyone, { userId: user(2), roles: [] }, 0)).resolves.toBe(
      undefined,
    );
  });
});
