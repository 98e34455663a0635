import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { ingestEvents } from '../../src/features/insights/service.js';
import {
  activeQuestions,
  addQuestion,
  editQuestion,
  removeQuestion,
} from '../../src/features/onboarding/questionnaire.js';
import { DAY_MS } from '../../src/features/segments/rules.js';
import {
  addRule,
  createSegment,
  editSegment,
  isInSegment,
  listSegments,
  reconcileRoster,
  refreshSegments,
  removeRule,
  ruleViews,
  segmentMembers,
  segmentOf,
  upsertRosterMember,
} from '../../src/features/segments/service.js';

const G = '100000000000000001';
const G2 = '100000000000000002';
const DAY0 = 20_600;
let clock = DAY0 * DAY_MS + 10 * 3_600_000;
const [ada, bo, cy] = ['201', '202', '203'].map((s) => s.padStart(18, '0')) as [
  string,
  string,
  string,
];

let db: Db;
let experience: number;
let beginner: string;
let expert: string;

async function answer(userId: string, question: number, choices: string[]): Promise<void> {
  await db
    .insertInto('onboarding_members')
    .values({
      guild_id: G,
      user_id: userId,
      status: 'completed',
      joined_at: 0,
      left_at: null,
      welcomed_at: null,
      started_at: null,
      completed_at: clock,
      decided_at: null,
      decided_by: null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('answers')
    .values({
      guild_id: G,
      user_id: userId,
      question_id: question,
      revision: 1,
      value: JSON.stringify({ choices }),
      answered_at: clock,
    })
    .onConflict((oc) =>
      oc
        .columns(['guild_id', 'user_id', 'question_id'])
        .doUpdateSet({ value: JSON.stringify({ choices }), answered_at: clock }),
    )
    .execute();
  await db
    .deleteFrom('answer_choices')
    .where('guild_id', '=', G)
    .where('user_id', '=', userId)
    .where('question_id', '=', question)
    .execute();
  for (const choice_key of choices)
    await db
      .insertInto('answer_choices')
      .values({ guild_id: G, user_id: userId, question_id: question, choice_key })
      .execute();
}

beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
  await ensureGuild(db, G2, { now: 0 });
  const q = await addQuestion(
    db,
    G,
    { kind: 'single', label: 'Experience', required: true, choicesText: 'Beginner\nExpert' },
    clock,
  );
  experience = q.id;
  [beginner, expert] = q.definition.choices!.map((c) => c.key) as [string, string];
  await reconcileRoster(
    db,
    G,
    [ada, bo, cy].map((userId) => ({ userId, joinedAt: DAY0 * DAY_MS - 5 * DAY_MS, roles: [] })),
    clock,
  );
});
afterEach(async () => {
  await db.destroy();
});

describe('segment rules built step by step', () => {
  it('combine top-level rules and groups, number them, and remove one', async () => {
    const s = await createSegment(db, G, { name: 'Beginners', match: 'all', by: ada }, clock);
    await addRule(
      db,
      G,
      s.id,
      { kind: 'choice', question: experience, choice: beginner },
      {},
      clock,
    );
    await addRule(db, G, s.id, { kind: 'active', days: 7 }, { group: 1 }, clock);
    await addRule(db, G, s.id, { kind: 'replied', days: 7 }, { group: 1 }, clock);
    const withSeat = await addRule(
      db,
      G,
      s.id,
      { kind: 'seat', state: 'waiting' },
      { negate: true },
      clock,
    );
    expect(withSeat.rules.root).toEqual({
      kind: 'all',
      of: [
        { kind: 'choice', question: experience, choice: beginner },
        {
          kind: 'any',
          of: [
            { kind: 'active', days: 7 },
            { kind: 'replied', days: 7 },
          ],
        },
        { kind: 'not', of: { kind: 'seat', state: 'waiting' } },
      ],
    });
    expect(ruleViews(withSeat.rules).map((v) => [v.number, v.leaf.kind, v.group])).toEqual([
      [1, 'choice', 0],
      [2, 'active', 1],
      [3, 'replied', 1],
      [4, 'seat', 0],
    ]);
    const flipped = await editSegment(db, G, s.id, { match: 'any' }, clock);
    expect(flipped.rules.root.kind).toBe('any');
    expect((flipped.rules.root as unknown as { of: { kind: string }[] }).of[1]!.kind).toBe('all');
    const fewer = await removeRule(db, G, s.id, 2, clock);
    expect(ruleViews(fewer.rules).map((v) => v.leaf.kind)).toEqual(['choice', 'replied', 'seat']);
    await expect(
      addRule(db, G, s.id, { kind: 'active', days: 3 }, { group: 5 }, clock),
    ).rejects.toMatchObject({ key: 'segments.noSuchGroup' });
    await expect(
      addRule(db, G, s.id, { kind: 'choice', question: experience, choice: 'nope' }, {}, clock),
    ).rejects.toMatchObject({ key: 'segments.unknownChoice' });
    await expect(
      createSegment(db, G, { name: 'beginners', match: 'all', by: ada }, clock),
    ).rejects.toMatchObject({ key: 'segments.nameTaken' });
  });

  it('belong to one server: another server cannot read or change them', async () => {
    const s = await createSegment(db, G, { name: 'Beginners', match: 'all', by: ada }, clock);
    await expect(segmentOf(db, G2, s.id)).rejects.toMatchObject({ key: 'segments.unknown' });
    await expect(
      addRule(db, G2, s.id, { kind: 'active', days: 3 }, {}, clock),
    ).rejects.toMatchObject({ key: 'segments.unknown' });
    expect(await listSegments(db, G2)).toEqual([]);
  });
});

describe('the cached membership', () => {
  it('is recounted when answers, activity, roles or the day change, and only then', async () => {
    const s = await createSegment(
      db,
      G,
      { name: 'Active beginners', match: 'all', by: ada },
      clock,
    );
    await addRule(
      db,
      G,
      s.id,
      { kind: 'choice', question: experience, choice: beginner },
      {},
      clock,
    );
    await addRule(db, G, s.id, { kind: 'active', days: 1 }, {}, clock);
    await answer(ada, experience, [beginner]);
    await answer(bo, experience, [expert]);

    expect(await refreshSegments(db, G, clock)).toEqual([
      { segmentId: s.id, added: [], removed: [] },
    ]);
    // Nothing moved: nothing is recounted.
    expect(await refreshSegments(db, G, clock)).toEqual([]);

    // Activity is written: ada becomes active today.
    await ingestEvents(db, [
      {
        guildId: G,
        userId: ada,
        channelId: '5',
        at: clock,
        staff: false,
        replyTo: null,
        startsThread: false,
        words: null,
      },
    ]);
    expect(await refreshSegments(db, G, clock)).toEqual([
      { segmentId: s.id, added: [ada], removed: [] },
    ]);
    expect((await segmentOf(db, G, s.id)).memberCount).toBe(1);
    expect(await isInSegment(db, G, s.id, ada, clock)).toBe(true);

    // An answer changes: bo is a beginner now, but has not written today.
    clock += 1;
    await answer(bo, experience, [beginner]);
    expect(await refreshSegments(db, G, clock)).toEqual([
      { segmentId: s.id, added: [], removed: [] },
    ]);

    // The next day ada is no longer "active in the last day": the day is an input too.
    clock += DAY_MS;
    expect(await refreshSegments(db, G, clock)).toEqual([
      { segmentId: s.id, added: [], removed: [ada] },
    ]);

    // Roles: a role rule follows the roster.
    const roles = await createSegment(db, G, { name: 'Hosts', match: 'all', by: ada }, clock);
    await addRule(db, G, roles.id, { kind: 'role', role: '777' }, {}, clock);
    expect(await segmentMembers(db, G, roles.id, clock)).toEqual([]);
    await upsertRosterMember(db, G, { userId: cy, joinedAt: 0, roles: ['777'] }, clock + 1);
    expect(await segmentMembers(db, G, roles.id, clock + 1)).toEqual([cy]);
    // A member who leaves is in no segment.
    await reconcileRoster(db, G, [{ userId: ada, joinedAt: 0, roles: [] }], clock + 2);
    expect(await segmentMembers(db, G, roles.id, clock + 2)).toEqual([]);
  });

  it('flags a rule whose question or choice was removed, and keeps counting past answers', async () => {
    const s = await createSegment(db, G, { name: 'Beginners', match: 'all', by: ada }, clock);
    await addRule(
      db,
      G,
      s.id,
      { kind: 'choice', question: experience, choice: beginner },
      {},
      clock,
    );
    await answer(ada, experience, [beginner]);
    await refreshSegments(db, G, clock);
    expect((await segmentOf(db, G, s.id)).problems).toEqual([]);

    // The choice is renamed away: a new revision without "Beginner".
    clock += 1;
    await editQuestion(
      db,
      G,
      experience,
      { kind: 'single', label: 'Experience', required: true, choicesText: 'Novice\nExpert' },
      clock,
    );
    await refreshSegments(db, G, clock);
    const flagged = await segmentOf(db, G, s.id);
    expect(flagged.problems).toEqual([
      { kind: 'choiceRemoved', rule: 1, question: experience, choice: beginner },
    ]);
    expect(flagged.memberCount).toBe(1);

    clock += 1;
    await removeQuestion(db, G, experience, clock);
    expect(await activeQuestions(db, G)).toEqual([]);
    await refreshSegments(db, G, clock);
    expect((await segmentOf(db, G, s.id)).problems).toEqual([
      { kind: 'questionRemoved', rule: 1, question: experience },
    ]);
  });
});
