import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { UserError } from '../../src/core/errors.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { eraseMember, exportMember, memberDataEntries } from '../../src/core/member-data.js';
import { features } from '../../src/features/index.js';
import type { SubmittedAnswer, RawAnswer } from '../../src/forms/index.js';
import {
  closePoll,
  pollOf,
  pollResults,
  saveSurveyPage,
  surveyProgress,
  vote,
  voterKey,
  voterSecretOf,
  type Poll,
} from '../../src/features/polls/service.js';
import {
  addQuestion,
  createSurvey,
  moveQuestion,
  publishSurvey,
  removeQuestion,
  setBranch,
  surveyOf,
  type PublishSettings,
} from '../../src/features/surveys/service.js';
import type { PollQuestion } from '../../src/features/polls/api.js';

const G = '100000000000000001';
const OTHER = '100000000000000002';
const MANAGER = '200000000000000999';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const masterKey = randomBytes(32);

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

const settings = (anonymous: boolean): PublishSettings => ({
  channelId: '300000000000000001',
  anonymous,
  results: 'live',
  audience: [],
  closesAt: null,
  remindAt: null,
});

const yesNo = (label: string): PollQuestion => ({
  kind: 'single',
  label,
  options: ['Yes', 'No'],
  required: true,
});

/** Twelve questions: Q2 "No" skips to Q5, Q7 "No" skips to the end. */
const TWELVE: PollQuestion[] = [
  { kind: 'rating', label: 'Overall, 1 to 5', required: true },
  yesNo('Did you use the new app?'),
  { kind: 'nps', label: 'Would you recommend the app?', required: true },
  { kind: 'text', label: 'What would you change in the app?', required: false },
  {
    kind: 'multi',
    label: 'Which features?',
    options: ['A', 'B', 'C', 'D'],
    min: 1,
    max: 2,
    required: true,
  },
  { kind: 'ranking', label: 'Rank these', options: ['X', 'Y', 'Z'], positions: 2, required: true },
  yesNo('Would you join a call?'),
  { kind: 'single', label: 'Which day?', options: ['Mon', 'Tue', 'Wed'], required: true },
  { kind: 'rating', label: 'Events, 1 to 5', required: true },
  { kind: 'rating', label: 'Support, 1 to 5', required: false },
  { kind: 'text', label: 'Anything else?', required: false },
  { kind: 'nps', label: 'The community?', required: true },
];

async function buildTwelve(): Promise<number> {
  const survey = await createSurvey(db, G, { title: 'Spring check-in', createdBy: MANAGER }, 1);
  for (const q of TWELVE) await addQuestion(db, G, survey.id, q, 2);
  await setBranch(db, G, survey.id, { from: 2, option: 2, to: 5 }, 3);
  await setBranch(db, G, survey.id, { from: 7, option: 2, to: 0 }, 3);
  return survey.id;
}

const pick = (question: number, ...values: string[]): SubmittedAnswer => ({
  ref: { question, revision: 0 },
  raw: { picked: values },
});
const text = (question: number, value: string): SubmittedAnswer => ({
  ref: { question, revision: 0 },
  raw: { text: value },
});

/** A full answer to TWELVE, given Q2 and Q7. */
function answersFor(q2: 'c1' | 'c2', q7: 'c1' | 'c2', rating = '4'): Map<number, SubmittedAnswer> {
  const all = new Map<number, SubmittedAnswer>([
    [0, pick(0, rating)],
    [1, pick(1, q2)],
    [2, pick(2, '9')],
    [3, text(3, 'More dark mode')],
    [4, pick(4, 'c1', 'c3')],
    [5, pick(5, 'c2', 'c1')],
    [6, pick(6, q7)],
    [7, pick(7, 'c2')],
    [8, pick(8, '5')],
    [9, pick(9, '3')],
    [10, text(10, 'Thanks')],
    [11, pick(11, '10')],
  ]);
  return all;
}

/** Answers a survey page by page as the member's client would: each page's questions only. */
async function answerAll(poll: Poll, userId: string, all: Map<number, SubmittedAnswer>) {
  const voter = voterKey(poll, userId, voterSecretOf(poll, masterKey));
  for (let guard = 0; guard < 30; guard++) {
    const progress = await surveyProgress(db, poll, voter);
    const result = await saveSurveyPage(db, {
      guildId: G,
      pollId: poll.id,
      voter,
      page: progress.page,
      answers: progress.questions.map((q) => all.get(q)!),
      now: 10,
      minResponses: 1,
    });
    if (result.done) return result;
  }
  throw new Error('never done');
}

describe('building a survey', () => {
  it('questions keep their rules across moves; a move that turns a rule backward is refused', async () => {
    const id = await buildTwelve();
    const survey = await surveyOf(db, G, id);
    expect(survey.questions).toHaveLength(12);
    expect(survey.branches).toHaveLength(2);
    // Q5 (the target of Q2's rule) moved before Q2: the rule would point backward.
    await expect(moveQuestion(db, G, id, 5, 1, 4)).rejects.toThrow(UserError);
    // Q3 moved to the end: the rule from Q2 still skips to the same question (by id).
    const moved = await moveQuestion(db, G, id, 3, 12, 4);
    expect(moved.survey.questions[11]!.question.label).toBe('Would you recommend the app?');
    // Removing the target takes the rule that skips to it with it.
    const removed = await removeQuestion(db, G, id, 4, 5);
    expect(removed.result).toBe(1);
  });

  it('refuses rules that do not point forward, on a choice that does not exist, or from a non-choice', async () => {
    const id = await buildTwelve();
    await expect(setBranch(db, G, id, { from: 5, option: 1, to: 2 }, 3)).rejects.toThrow(UserError);
    await expect(setBranch(db, G, id, { from: 2, option: 3, to: 5 }, 3)).rejects.toThrow(UserError);
    await expect(setBranch(db, G, id, { from: 1, option: 1, to: 5 }, 3)).rejects.toThrow(UserError);
    await expect(setBranch(db, G, id, { from: 2, option: 1, to: 3 }, 3)).rejects.toThrow(UserError);
  });

  it("another server's survey is unknown here", async () => {
    const id = await buildTwelve();
    await expect(surveyOf(db, OTHER, id)).rejects.toThrow(UserError);
    await expect(addQuestion(db, OTHER, id, yesNo('Sneaky?'), 5)).rejects.toThrow(UserError);
    await expect(publishSurvey(db, OTHER, id, settings(false), 5)).rejects.toThrow(UserError);
    expect((await surveyOf(db, G, id)).questions).toHaveLength(12);
  });
});

describe('answering in pages', () => {
  it('pages fit a modal, skips apply, and the whole response is one vote', async () => {
    const id = await buildTwelve();
    const poll = await publishSurvey(db, G, id, settings(false), 5, { masterKey });
    const first = await surveyProgress(db, poll, user(1));
    // Q2 has a rule, so page 1 ends with it.
    expect(first.page).toBe(0);
    expect(first.questions).toEqual([0, 1]);
    const result = await answerAll(poll, user(1), answersFor('c2', 'c1'));
    expect(result).toEqual({ done: true, replaced: false });
    const results = await pollResults(db, await pollOf(db, G, poll.id));
    // Skipped by Q2 = No: Q3 and Q4 have no answers.
    expect(results[2]!.answered).toBe(0);
    expect(results[3]!.answered).toBe(0);
    expect(results[4]!.counts).toEqual([1, 0, 1, 0]);
    expect((await pollOf(db, G, poll.id)).voters).toBe(1);
    // The draft is gone once the response is complete.
    expect(await db.selectFrom('poll_drafts').selectAll().execute()).toEqual([]);
  });

  it('a member can stop and resume; a changed response replaces the old one', async () => {
    const id = await buildTwelve();
    const poll = await publishSurvey(db, G, id, settings(false), 5, { masterKey });
    await saveSurveyPage(db, {
      guildId: G,
      pollId: poll.id,
      voter: user(2),
      page: 0,
      answers: [pick(0, '2'), pick(1, 'c1')],
      now: 6,
    });
    // Later (a restart in between changes nothing: the draft is in the database).
    expect((await surveyProgress(db, poll, user(2))).page).toBe(1);
    await answerAll(poll, user(2), answersFor('c1', 'c2', '2'));
    expect(await answerAll(poll, user(2), answersFor('c1', 'c2', '5'))).toEqual({
      done: true,
      replaced: true,
    });
    const [overall] = await pollResults(db, await pollOf(db, G, poll.id));
    expect(overall!.counts).toEqual([0, 0, 0, 0, 1]);
    expect((await pollOf(db, G, poll.id)).voters).toBe(1);
  });

  it('refuses a page out of order, a field of another page, an answer to a skipped question, another server and a closed survey', async () => {
    const id = await buildTwelve();
    const poll = await publishSurvey(db, G, id, settings(false), 5, { masterKey });
    const base = { guildId: G, pollId: poll.id, voter: user(3), now: 6 };
    await expect(
      saveSurveyPage(db, { ...base, page: 2, answers: [pick(4, 'c1')] }),
    ).rejects.toThrow(UserError);
    await expect(
      saveSurveyPage(db, {
        ...base,
        page: 0,
        answers: [pick(0, '3'), pick(1, 'c1'), pick(2, '9')],
      }),
    ).rejects.toThrow(UserError);
    await expect(
      saveSurveyPage(db, {
        ...base,
        guildId: OTHER,
        page: 0,
        answers: [pick(0, '3'), pick(1, 'c1')],
      }),
    ).rejects.toThrow(UserError);
    // A one-go vote that answers a question skipped by the member's own Q2 is refused.
    const ballot = new Map<number, { choices?: number[]; text?: string }>([
      [0, { choices: [2] }],
      [1, { choices: [1] }],
      [2, { choices: [9] }],
    ]);
    await expect(
      vote(db, { guildId: G, pollId: poll.id, voter: user(3), ballot, now: 6 }),
    ).rejects.toThrow(UserError);
    await closePoll(db, G, poll.id, 7);
    await expect(
      saveSurveyPage(db, { ...base, page: 0, answers: [pick(0, '3'), pick(1, 'c1')] }),
    ).rejects.toThrow(UserError);
  });
});

describe('anonymous surveys against a copy of the database', () => {
  it('drafts are sealed and carry no time; finished responses keep only the day; nothing names a member', async () => {
    const id = await buildTwelve();
    const poll = await publishSurvey(db, G, id, settings(true), 86_400_000 * 3 + 5, { masterKey });
    for (let i = 0; i < 6; i++)
      await answerAll(poll, user(i), answersFor(i % 2 ? 'c1' : 'c2', 'c1'));
    // Two members stop after page 1.
    for (const i of [7, 8]) {
      const voter = voterKey(poll, user(i), voterSecretOf(poll, masterKey));
      await saveSurveyPage(db, {
        guildId: G,
        pollId: poll.id,
        voter,
        page: 0,
        answers: [pick(0, '1'), pick(1, 'c1')],
        now: 86_400_000 * 3 + 77,
      });
    }
    const drafts = await db.selectFrom('poll_drafts').selectAll().execute();
    expect(drafts).toHaveLength(2);
    for (const d of drafts) {
      expect(Object.keys(d).sort()).toEqual(['answers', 'page', 'poll_id', 'voter']);
      expect(() => JSON.parse(d.answers) as unknown).toThrow();
      // Sealed: three base64url parts (iv, data, tag), so no plaintext (a quoted "c1") can show;
      // a bare c1 may appear in random base64 by chance, and proves nothing either way.
      expect(d.answers).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(d.answers).not.toContain('"c1"');
    }
    // Every finished response keeps the same time: the poll's day.
    const times = await db.selectFrom('poll_voters').select('voted_at').execute();
    expect(new Set(times.map((t) => t.voted_at))).toEqual(new Set([86_400_000 * 3]));
    // No text column anywhere holds a member's id.
    const tables = await sql<{ name: string }>`
      SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'poll%'`.execute(db);
    for (const { name } of tables.rows) {
      const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
      const dump = JSON.stringify(rows.rows);
      for (let i = 0; i < 9; i++) expect(dump).not.toContain(user(i));
    }
    // The drafts' voters are not the votes' voters: a draft row cannot be matched to a vote row.
    const voters = new Set(
      (await db.selectFrom('poll_voters').select('voter').execute()).map((v) => v.voter),
    );
    for (const d of drafts) expect(voters.has(d.voter)).toBe(false);
    // A member's export holds nothing of an anonymous survey; closing drops the drafts.
    const sections = await exportMember(db, memberDataEntries(features), {
      guildId: G,
      userId: user(7),
    });
    expect(sections.flatMap((s) => s.rows)).toEqual([]);
    await closePoll(db, G, poll.id, 86_400_000 * 4);
    expect(await db.selectFrom('poll_drafts').selectAll().execute()).toEqual([]);
  });

  it("a named survey's draft is the member's data: exported, then erased", async () => {
    const id = await buildTwelve();
    const poll = await publishSurvey(db, G, id, settings(false), 5, { masterKey });
    await saveSurveyPage(db, {
      guildId: G,
      pollId: poll.id,
      voter: user(4),
      page: 0,
      answers: [pick(0, '2'), pick(1, 'c1')],
      now: 6,
    });
    const entries = memberDataEntries(features);
    const sections = await exportMember(db, entries, { guildId: G, userId: user(4) });
    expect(sections.find((s) => s.table === 'poll_drafts')?.rows).toHaveLength(1);
    await eraseMember(
      db,
      entries,
      { guildId: G, userId: user(4) },
      { now: 7, keepRoles: true, stillMember: false },
    );
    expect(await db.selectFrom('poll_drafts').selectAll().execute()).toEqual([]);
  });
});

describe('property: stored responses follow the survey’s rules, tallies equal a recount', () => {
  const questionArb = fc.oneof(
    fc.record({
      kind: fc.constant('single' as const),
      n: fc.integer({ min: 2, max: 4 }),
      required: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('multi' as const),
      n: fc.integer({ min: 2, max: 5 }),
      required: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('rating' as const), n: fc.constant(0), required: fc.boolean() }),
  );
  it('random surveys and random answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(questionArb, { minLength: 2, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 4 }),
        fc.array(
          fc.array(fc.array(fc.nat({ max: 6 }), { maxLength: 4 }), {
            minLength: 12,
            maxLength: 12,
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (shape, rules, members) => {
          const local = openDatabase(':memory:');
          await migrateToLatest(local);
          await ensureGuild(local, G, { now: 0 });
          const questions: PollQuestion[] = shape.map((q, i) =>
            q.kind === 'rating'
              ? { kind: 'rating', label: `Q${i}`, required: q.required }
              : {
                  kind: q.kind,
                  label: `Q${i}`,
                  options: Array.from({ length: q.n }, (_, k) => `o${k}`),
                  ...(q.kind === 'multi' ? { min: 1, max: 2 } : {}),
                  required: q.required,
                },
          );
          const survey = await createSurvey(
            local,
            G,
            { title: 'P', createdBy: MANAGER, questions },
            1,
          );
          for (const [a, b, c] of rules) {
            const from = (a % questions.length) + 1;
            const to = c % (questions.length + 1);
            await setBranch(local, G, survey.id, { from, option: (b % 4) + 1, to }, 2).catch(
              (e: unknown) => {
                if (!(e instanceof UserError)) throw e;
              },
            );
          }
          const poll = await publishSurvey(local, G, survey.id, settings(false), 3, { masterKey });
          const accepted = new Map<string, Map<number, readonly string[]>>();
          for (const [m, picks] of members.entries()) {
            const voter = user(m);
            const given = new Map<number, readonly string[]>();
            for (let guard = 0; guard < 20; guard++) {
              const progress = await surveyProgress(local, poll, voter);
              const answers: SubmittedAnswer[] = progress.questions.map((q) => {
                const raw: RawAnswer =
                  questions[q]!.kind === 'rating'
                    ? { picked: picks[q]!.slice(0, 1).map((p) => String(p)) }
                    : { picked: picks[q]!.map((p) => `c${p}`) };
                return { ref: { question: q, revision: 0 }, raw };
              });
              try {
                const r = await saveSurveyPage(local, {
                  guildId: G,
                  pollId: poll.id,
                  voter,
                  page: progress.page,
                  answers,
                  now: 4,
                });
                for (const a of answers)
                  given.set(a.ref.question, 'picked' in a.raw! ? a.raw.picked : []);
                if (r.done) {
                  accepted.set(voter, given);
                  break;
                }
              } catch (e) {
                if (!(e instanceof UserError)) throw e;
                break;
              }
            }
          }
          const stored = await local.selectFrom('poll_choices').selectAll().execute();
          const final = await pollOf(local, G, poll.id);
          // Rules: every stored pick is valid, required questions not skipped are answered, skipped ones are not.
          for (const [voter, given] of accepted) {
            const mine = stored.filter((s) => s.voter === voter);
            const skipped = new Set<number>();
            for (const [i, q] of final.questions.entries()) {
              const picks = mine.filter((s) => s.question === i).map((s) => s.choice);
              if (skipped.has(i)) {
                expect(picks).toEqual([]);
                continue;
              }
              if (q.required) expect(picks.length).toBeGreaterThan(0);
              if (q.kind === 'single') expect(picks.length).toBeLessThanOrEqual(1);
              if (q.kind === 'multi' && picks.length > 0) {
                expect(picks.length).toBeGreaterThanOrEqual(q.minValues);
                expect(picks.length).toBeLessThanOrEqual(q.maxValues);
              }
              for (const b of final.branches)
                if (b.question === i && picks.includes(b.choice))
                  for (let j = i + 1; j < b.goto; j++) skipped.add(j);
            }
            expect(given.size).toBeGreaterThan(0);
          }
          expect(final.voters).toBe(accepted.size);
          // Tallies equal a recount from the stored answers.
          const tallies = await local.selectFrom('poll_tallies').selectAll().execute();
          for (const t of tallies)
            expect(t.votes).toBe(
              stored.filter((s) => s.question === t.question && s.choice === t.choice).length,
            );
          await local.destroy();
        },
      ),
      { numRuns: 60 },
    );
  });
});
