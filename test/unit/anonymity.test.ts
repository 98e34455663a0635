/**
 * The adversary of anonymous polls, at the service level: it holds everything a manager can see
 * (a named poll's export beside the anonymous one, the anonymous export, the visible results) and
 * a copy of the database file, and later hearth.key too. It tries to link anonymous answers to
 * members by time, by order (export rows, physical row order, rowids), by hash, and by matching
 * the answers of one person across questions. Over random voting orders, timings and changed
 * votes it must do no better than chance.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { migrations } from '../../src/core/db/migrations/index.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  closePoll,
  createPoll,
  exportRows,
  pollOf,
  storageKey,
  visibleResults,
  visibleTexts,
  vote,
  voterKey,
  voterSecretOf,
  type NewPoll,
  type Poll,
} from '../../src/features/polls/service.js';

const G = '100000000000000001';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function fileDb(): Promise<{ db: Db; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-anon-'));
  dirs.push(dir);
  const path = join(dir, 'hearth.sqlite');
  const db = openDatabase(path);
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
  return { db, path };
}

const base: Omit<NewPoll, 'anonymous' | 'questions' | 'title'> = {
  channelId: '300000000000000001',
  results: 'live',
  audience: [],
  closesAt: null,
  remindAt: null,
};
const survey = [
  { kind: 'rating' as const, label: 'How good, 1 to 5?', required: true },
  { kind: 'text' as const, label: 'Why?', required: false },
];

/** Every row of every poll table, in the order the file stores them, as a thief would read them. */
async function dump(db: Db): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of [
    'polls',
    'poll_voters',
    'poll_choices',
    'poll_tallies',
    'poll_texts',
    'poll_shown_tallies',
    'poll_shown_texts',
  ])
    out[table] = (
      await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)
    ).rows;
  return out;
}

/** How many of a guess are right. */
const hits = (guess: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string>) =>
  [...guess].filter(([text, member]) => truth.get(text) === member).length;

interface Run {
  n: number;
  strategies: Record<string, number>;
}
const runs: Run[] = [];

describe('the adversary of anonymous polls', () => {
  it('random voting orders, timings and changed votes: links no more than chance, before and after close', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 10, max: 40 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            order: fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i),
              { minLength: n, maxLength: n },
            ),
            gaps: fc.array(fc.integer({ min: 1, max: 3_600_000 }), { minLength: n, maxLength: n }),
            ratings: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
            changers: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 8 }),
          }),
        ),
        async ({ n, order, gaps, ratings, changers }) => {
          const { db, path } = await fileDb();
          const master = randomBytes(32);
          let clock = Date.UTC(2026, 10, 23, 8, 0);
          const named = await createPoll(
            db,
            G,
            { ...base, title: 'Named', anonymous: false, questions: survey },
            clock,
          );
          const anon = await createPoll(
            db,
            G,
            { ...base, title: 'Anonymous', anonymous: true, questions: survey },
            clock,
            { masterKey: master },
          );
          const secret = voterSecretOf(anon, master);
          const truth = new Map<string, string>(); // anonymous text → member
          const texts = new Map<number, string>();
          const cast = async (i: number, rating: number, text: string) => {
            clock += gaps[i]!;
            await vote(db, {
              guildId: G,
              pollId: named.id,
              voter: user(i),
              ballot: new Map([
                [0, { choices: [rating] }],
                [1, { text: `named ${text}` }],
              ]),
              now: clock,
            });
            await vote(db, {
              guildId: G,
              pollId: anon.id,
              voter: voterKey(anon, user(i), secret),
              ballot: new Map([
                [0, { choices: [rating] }],
                [1, { text }],
              ]),
              now: clock,
            });
            const previous = texts.get(i);
            if (previous !== undefined) truth.delete(previous);
            texts.set(i, text);
            truth.set(text, user(i));
          };
          for (const i of order)
            await cast(i, ratings[i]!, `reason ${randomBytes(4).toString('hex')}`);
          for (const i of changers)
            await cast(i, (ratings[i]! + 1) % 5, `changed ${randomBytes(4).toString('hex')}`);

          // What a manager has: both exports (the named one with exact times), and the file.
          const namedRows = await exportRows(db, await pollOf(db, G, named.id));
          const namedTexts = namedRows.filter((r) => r.question === 'Why?');
          const byTime = [...namedTexts].sort((x, y) => x.at - y.at);
          const anonPoll = await pollOf(db, G, anon.id);
          const anonTexts = (await exportRows(db, anonPoll)).filter((r) => r.question === 'Why?');
          const strategies: Record<string, number> = {};
          const tally = (name: string, guess: Map<string, string>) => {
            // Only texts the adversary can see count; chance is about 1 however many it sees.
            strategies[name] = (strategies[name] ?? 0) + hits(guess, truth);
          };
          // By time: each anonymous answer's time against the named votes' times.
          tally(
            'time',
            new Map(
              anonTexts.map((row) => {
                const nearest = byTime.reduce((best, r) =>
                  Math.abs(r.at - row.at) < Math.abs(best.at - row.at) ? r : best,
                );
                return [row.answer, nearest.member];
              }),
            ),
          );
          // By the export's order, against the order the named votes came in.
          tally(
            'export order',
            new Map(anonTexts.map((row, k) => [row.answer, byTime[k % byTime.length]!.member])),
          );
          // By the file's own order of rows (and rowids, where a table has them).
          const rows = await dump(db);
          const fileTexts = rows.poll_texts!.filter((r) => r.poll_id === anon.id);
          tally(
            'row order',
            new Map(fileTexts.map((r, k) => [String(r.text), byTime[k % byTime.length]!.member])),
          );
          const rowids = await sql`select rowid from poll_texts`.execute(db).then(
            () => 'readable',
            () => 'none',
          );
          expect(rowids).toBe('none');
          // Times in the file: every anonymous row carries the poll's day, nothing finer.
          const times = new Set([
            ...rows
              .poll_voters!.filter((r) => r.poll_id === anon.id)
              .map((r) => Number(r.voted_at)),
            ...fileTexts.map((r) => Number(r.at)),
          ]);
          expect([...times]).toEqual([Math.floor(anon.createdAt / 86_400_000) * 86_400_000]);
          // Across questions: a text and a rating stored under one key would be one person's.
          const ratingKeys = new Set(
            rows.poll_choices!.filter((r) => r.poll_id === anon.id).map((r) => String(r.voter)),
          );
          expect(fileTexts.filter((r) => ratingKeys.has(String(r.voter)))).toEqual([]);
          expect(
            rows.poll_voters!.filter(
              (r) => r.poll_id === anon.id && ratingKeys.has(String(r.voter)),
            ),
          ).toEqual([]);

          // With hearth.key while the poll is open, the database does link: one vote per member
          // needs it. (The README says so.) The adversary is competent:
          const withKey = new Map(
            fileTexts.map((r) => {
              const member = Array.from({ length: n }, (_, i) => user(i)).find(
                (u) =>
                  storageKey(voterKey(anon, u, voterSecretOf(anonPoll, master)), 'q1') === r.voter,
              );
              return [String(r.text), member ?? ''];
            }),
          );
          expect(hits(withKey, truth)).toBe(truth.size);
          const openKeys = [
            ...rows.poll_voters!.filter((r) => r.poll_id === anon.id).map((r) => String(r.voter)),
            ...[...ratingKeys],
            ...fileTexts.map((r) => String(r.voter)),
            String(rows.polls!.find((p) => p.id === anon.id)!.voter_key),
            secret.toString('hex'),
            secret.toString('base64url'),
          ];

          // Closed: the same adversary, now with the file and hearth.key.
          await closePoll(db, G, anon.id, clock + 1);
          const closed = await dump(db);
          const closedPoll = closed.polls!.find((p) => p.id === anon.id)!;
          expect(closedPoll.voter_key).toBeNull();
          expect(closed.poll_voters!.filter((r) => r.poll_id === anon.id)).toEqual([]);
          expect(closed.poll_choices!.filter((r) => r.poll_id === anon.id)).toEqual([]);
          expect(
            closed.poll_texts!.filter((r) => r.poll_id === anon.id && r.voter !== null),
          ).toEqual([]);
          // Every key that linked while open, and every key derivable from hearth.key (as older
          // versions derived them), is nowhere in the file or its write-ahead log.
          const derivable = Array.from({ length: n }, (_, i) => {
            const legacy = createHmac('sha256', master)
              .update(`${anon.id}:${user(i)}`)
              .digest('base64url')
              .slice(0, 32);
            return [
              legacy,
              storageKey(legacy, 'voter'),
              storageKey(legacy, 'q0'),
              storageKey(legacy, 'q1'),
            ];
          }).flat();
          // A copy taken while Hearth still runs (the file and its log), and one after it stopped.
          const copy = () =>
            [path, `${path}-wal`]
              .filter((p) => existsSync(p))
              .map((p) => readFileSync(p).toString('latin1'))
              .join('');
          const running = copy();
          await db.destroy();
          const bytes = running + copy();
          const found = [...openKeys, ...derivable].filter(
            (k) => k.length > 0 && bytes.includes(k),
          );
          expect(found).toEqual([]);
          strategies['hash, after close with hearth.key'] = 0;
          runs.push({ n, strategies });
        },
      ),
      { numRuns: 25 },
    );
    const total = (name: string) => runs.reduce((sum, r) => sum + (r.strategies[name] ?? 0), 0);
    const texts = runs.reduce((sum, r) => sum + r.n, 0);
    const summary = Object.keys(runs[0]!.strategies)
      .map((name) => `${name}: ${total(name)}`)
      .join(', ');
    console.log(
      `anonymity adversary: ${runs.length} random polls, ${texts} anonymous written answers; links found by ${summary}; chance is about 1 per poll (${runs.length})`,
    );
    for (const name of ['time', 'export order', 'row order']) {
      // A random guess finds about one link per poll (the expected fixed points of a shuffle).
      expect(total(name)).toBeLessThanOrEqual(runs.length * 2 + 10);
      for (const r of runs) expect(r.strategies[name]!).toBeLessThanOrEqual(8);
    }
  }, 240_000);
});

describe('what managers see of an open anonymous poll', () => {
  it('shows nothing until 5 people answered, then moves only in steps of at least 5 ballots', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            member: fc.integer({ min: 0, max: 11 }),
            rating: fc.integer({ min: 0, max: 4 }),
          }),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        async (ballots) => {
          const db = openDatabase(':memory:');
          await migrateToLatest(db);
          await ensureGuild(db, G, { now: 0 });
          const master = randomBytes(32);
          const poll = await createPoll(
            db,
            G,
            { ...base, title: 'A', anonymous: true, questions: survey },
            0,
            {
              masterKey: master,
            },
          );
          const secret = voterSecretOf(poll, master);
          const seen = async (p: Poll) =>
            JSON.stringify([
              await visibleResults(db, p),
              await visibleTexts(db, p, 1),
              await exportRows(db, p),
            ]);
          let last = await seen(poll);
          let since = 0;
          const voted = new Set<number>();
          for (const [k, b] of ballots.entries()) {
            await vote(db, {
              guildId: G,
              pollId: poll.id,
              voter: voterKey(poll, user(b.member), secret),
              ballot: new Map([
                [0, { choices: [b.rating] }],
                [1, { text: `text ${k}` }],
              ]),
              now: 1 + k,
            });
            voted.add(b.member);
            since += 1;
            const current = await pollOf(db, G, poll.id);
            const now = await seen(current);
            const visible = await visibleResults(db, current);
            if (voted.size < 5) expect(visible.withheld).toBe(true);
            if (now !== last) {
              // A change a manager can watch is at least 5 ballots, never one person's vote.
              expect(since).toBeGreaterThanOrEqual(5);
              expect(visible.withheld).toBe(false);
              since = 0;
              last = now;
            }
          }
          await db.destroy();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a poll that closes with fewer than 5 people keeps its results hidden for good', async () => {
    const db = openDatabase(':memory:');
    await migrateToLatest(db);
    await ensureGuild(db, G, { now: 0 });
    const master = randomBytes(32);
    const poll = await createPoll(
      db,
      G,
      { ...base, title: 'A', anonymous: true, questions: survey },
      0,
      {
        masterKey: master,
      },
    );
    for (let i = 0; i < 4; i++)
      await vote(db, {
        guildId: G,
        pollId: poll.id,
        voter: voterKey(poll, user(i), voterSecretOf(poll, master)),
        ballot: new Map([
          [0, { choices: [i % 5] }],
          [1, { text: `mine ${i}` }],
        ]),
        now: 1,
      });
    await closePoll(db, G, poll.id, 2);
    const closed = await pollOf(db, G, poll.id);
    expect((await visibleResults(db, closed)).withheld).toBe(true);
    expect(await visibleTexts(db, closed, 1)).toEqual([]);
    expect(await exportRows(db, closed)).toEqual([]);
    // A vote after close has no key to be counted with.
    expect(() => voterSecretOf(closed, master)).toThrow();
    await db.destroy();
  });
});

describe('polls made before per-poll keys', () => {
  it('migrate: open ones keep one vote per member under per-question keys; closed ones lose their voters', async () => {
    const db = openDatabase(':memory:');
    const before = Object.fromEntries(
      Object.entries(migrations).filter(([name]) => name < '2026-12-04T1000_anonymity'),
    );
    await migrateToLatest(db, before);
    await ensureGuild(db, G, { now: 0 });
    const master = randomBytes(32);
    const legacyKey = (pollId: number, u: string) =>
      createHmac('sha256', master).update(`${pollId}:${u}`).digest('base64url').slice(0, 32);
    for (const [id, status] of [
      [1, 'open'],
      [2, 'closed'],
    ] as const) {
      await sql`insert into polls (id, guild_id, channel_id, title, questions, anonymous, results, status, created_at, voters)
        values (${id}, ${G}, '300000000000000001', 'Old', ${JSON.stringify(survey)}, 1, 'live', ${status}, ${Date.UTC(2026, 10, 20, 15, 7)}, 2)`.execute(
        db,
      );
      for (const [i, at] of [
        [0, 1_000],
        [1, 2_000],
      ] as const) {
        const v = legacyKey(id, user(i));
        await sql`insert into poll_voters (poll_id, voter, voted_at) values (${id}, ${v}, ${at})`.execute(
          db,
        );
        await sql`insert into poll_choices (poll_id, voter, question, choice) values (${id}, ${v}, 0, ${i})`.execute(
          db,
        );
        await sql`insert into poll_texts (poll_id, question, voter, text, at) values (${id}, 1, ${v}, ${`old ${i}`}, ${at})`.execute(
          db,
        );
      }
      await sql`insert into poll_tallies (poll_id, question, choice, votes) values (${id}, 0, 0, 1), (${id}, 0, 1, 1)`.execute(
        db,
      );
    }
    await migrateToLatest(db);
    const open = await pollOf(db, G, 1);
    expect(open.sealedKey).toBeNull();
    // The same member votes again with the master key, as the poll was made: replaced, not added.
    expect(
      await vote(db, {
        guildId: G,
        pollId: 1,
        voter: voterKey(open, user(0), voterSecretOf(open, master)),
        ballot: new Map([
          [0, { choices: [4] }],
          [1, { text: 'new mind' }],
        ]),
        now: 5_000,
      }),
    ).toEqual({ replaced: true });
    const rows = await dump(db);
    expect((await pollOf(db, G, 1)).voters).toBe(2);
    expect(
      rows
        .poll_texts!.filter((r) => r.poll_id === 1)
        .map((r) => r.text)
        .sort(),
    ).toEqual(['new mind', 'old 1']);
    const day = Date.UTC(2026, 10, 20);
    expect(new Set(rows.poll_voters!.map((r) => Number(r.voted_at)))).toEqual(new Set([day]));
    expect(rows.poll_voters!.filter((r) => r.poll_id === 2)).toEqual([]);
    expect(rows.poll_choices!.filter((r) => r.poll_id === 2)).toEqual([]);
    expect(
      rows
        .poll_texts!.filter((r) => r.poll_id === 2)
        .every((r) => r.voter === null && Number(r.at) === day),
    ).toBe(true);
    const textKeys = new Set(rows.poll_texts!.map((r) => r.voter));
    expect(rows.poll_choices!.some((r) => textKeys.has(r.voter))).toBe(false);
    await db.destroy();
  });
});
