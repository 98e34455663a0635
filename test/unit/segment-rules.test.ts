/**
 * Property: for random member profiles and random rule trees, the one SQL query a segment
 * compiles to selects exactly the members a straightforward in-memory evaluation selects.
 */
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import type { MembershipState } from '../../src/core/db/schema.js';
import {
  DAY_MS,
  evaluateRules,
  rulesSchema,
  scaleValueJson,
  windowStart,
  SEAT_STATES,
  type Leaf,
  type RuleNode,
  type SegmentRules,
} from '../../src/features/segments/rules.js';

const GUILD = '900000000000000001';
const TODAY = Math.floor(Date.UTC(2026, 5, 15) / DAY_MS);
const ROLES = ['101', '102', '103'];
const Q_SINGLE = 1; // choices a, b, c
const Q_MULTI = 2; // choices x, y, z
const Q_SCALE5 = 3; // 1-5
const Q_SCALE10 = 4; // 0-10
const Q_MISSING = 5; // no such question

interface Profile {
  readonly userId: string;
  readonly present: boolean;
  readonly joinedAt: number;
  readonly roles: readonly string[];
  /** Question id → undefined (not answered), null (left empty), or a value. */
  readonly single: string | null | undefined;
  readonly multi: readonly string[] | null | undefined;
  readonly scale5: number | null | undefined;
  readonly scale10: number | undefined;
  readonly days: ReadonlyMap<number, { messages: number; threads: number }>;
  readonly replies: readonly number[];
  readonly membership: MembershipState | undefined;
}

const optional = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(fc.constant(undefined), fc.constant(null), arb);

const profileArb = (i: number): fc.Arbitrary<Profile> =>
  fc.record({
    userId: fc.constant(String(1_000_000 + i)),
    present: fc.boolean().map((b) => b || i % 4 !== 0),
    joinedAt: fc.integer({ min: 0, max: 60 * DAY_MS }).map((ms) => (TODAY + 1) * DAY_MS - 1 - ms),
    roles: fc.subarray(ROLES),
    single: optional(fc.constantFrom('a', 'b', 'c')),
    multi: optional(fc.subarray(['x', 'y', 'z'], { minLength: 1 })),
    scale5: optional(fc.integer({ min: 1, max: 5 })),
    scale10: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    days: fc
      .uniqueArray(
        fc.record({
          offset: fc.integer({ min: 0, max: 40 }),
          messages: fc.integer({ min: 0, max: 6 }),
          threads: fc.integer({ min: 0, max: 2 }),
        }),
        { selector: (d) => d.offset, maxLength: 8 },
      )
      .map((list) => new Map(list.map((d) => [TODAY - d.offset, d]))),
    replies: fc.array(
      fc.integer({ min: 0, max: 40 * DAY_MS }).map((ms) => (TODAY + 1) * DAY_MS - 1 - ms),
      { maxLength: 3 },
    ),
    membership: fc.option(
      fc.constantFrom<MembershipState>('admitted', 'invited', 'waiting', 'removed', 'left'),
      { nil: undefined },
    ),
  });

const communityArb = fc
  .integer({ min: 0, max: 14 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => profileArb(i))));

const leafArb: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({
    kind: fc.constant('choice' as const),
    question: fc.constantFrom(Q_SINGLE, Q_MULTI, Q_MISSING),
    choice: fc.constantFrom('a', 'b', 'c', 'x', 'y', 'z', 'gone'),
  }),
  fc
    .record({
      kind: fc.constant('scale' as const),
      question: fc.constantFrom(Q_SCALE5, Q_SCALE10, Q_SINGLE),
      min: fc.integer({ min: 0, max: 10 }),
      max: fc.integer({ min: 0, max: 10 }),
    })
    .map((s) => ({ ...s, min: Math.min(s.min, s.max), max: Math.max(s.min, s.max) })),
  fc.record({
    kind: fc.constant('answered' as const),
    question: fc.constantFrom(Q_SINGLE, Q_MULTI, Q_SCALE5, Q_SCALE10, Q_MISSING),
  }),
  fc.record({ kind: fc.constant('role' as const), role: fc.constantFrom(...ROLES, '999') }),
  fc.record({ kind: fc.constant('active' as const), days: fc.integer({ min: 1, max: 45 }) }),
  fc.record({
    kind: fc.constant('messages' as const),
    atLeast: fc.integer({ min: 0, max: 20 }),
    days: fc.option(fc.integer({ min: 1, max: 45 }), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('replied' as const),
    days: fc.option(fc.integer({ min: 1, max: 45 }), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('joined' as const),
    within: fc.boolean(),
    days: fc.integer({ min: 1, max: 70 }),
  }),
  fc.record({ kind: fc.constant('seat' as const), state: fc.constantFrom(...SEAT_STATES) }),
);

const treeArb: fc.Arbitrary<RuleNode> = fc.letrec<{ node: RuleNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({
      kind: fc.constantFrom('all' as const, 'any' as const),
      of: fc.array(tie('node'), { maxLength: 4 }),
    }),
    fc.record({ kind: fc.constant('not' as const), of: tie('node') }),
  ),
})).node;

const rulesArb: fc.Arbitrary<SegmentRules> = treeArb
  .map((root) => ({ v: 1 as const, root }))
  .filter((r) => rulesSchema.safeParse(r).success);

/** The oracle: each rule read the way a person would read it, on plain objects. */
function matches(p: Profile, node: RuleNode, today: number): boolean {
  const inWindow = (day: number, days: number | null) =>
    days === null || day >= windowStart(today, days);
  switch (node.kind) {
    case 'all':
      return node.of.every((n) => matches(p, n, today));
    case 'any':
      return node.of.some((n) => matches(p, n, today));
    case 'not':
      return !matches(p, node.of, today);
    case 'choice':
      if (node.question === Q_SINGLE) return p.single === node.choice;
      if (node.question === Q_MULTI) return p.multi?.includes(node.choice) === true;
      return false;
    case 'scale': {
      const point =
        node.question === Q_SCALE5 ? p.scale5 : node.question === Q_SCALE10 ? p.scale10 : null;
      return typeof point === 'number' && point >= node.min && point <= node.max;
    }
    case 'answered': {
      const value = {
        [Q_SINGLE]: p.single,
        [Q_MULTI]: p.multi,
        [Q_SCALE5]: p.scale5,
        [Q_SCALE10]: p.scale10,
      }[node.question];
      return value !== undefined && value !== null;
    }
    case 'role':
      return p.roles.includes(node.role);
    case 'active':
      return [...p.days].some(([day, d]) => inWindow(day, node.days) && d.messages + d.threads > 0);
    case 'messages': {
      let total = 0;
      for (const [day, d] of p.days) if (inWindow(day, node.days)) total += d.messages;
      return total >= node.atLeast;
    }
    case 'replied':
      return p.replies.some((at) => inWindow(Math.floor(at / DAY_MS), node.days));
    case 'joined': {
      const since = windowStart(today, node.days) * DAY_MS;
      return node.within ? p.joinedAt >= since : p.joinedAt < since;
    }
    case 'seat':
      return node.state === 'none'
        ? !['admitted', 'invited', 'waiting'].includes(p.membership ?? '')
        : p.membership === node.state;
  }
}

let db: Db;

async function store(profiles: readonly Profile[]): Promise<void> {
  for (const table of [
    'member_roster',
    'member_roles',
    'answer_choices',
    'answers',
    'member_days',
    'prompt_replies',
    'memberships',
  ] as const)
    await db.deleteFrom(table).execute();
  let n = 0;
  for (const p of profiles) {
    n += 1;
    const key = { guild_id: GUILD, user_id: p.userId };
    await db
      .insertInto('member_roster')
      .values({ ...key, joined_at: p.joinedAt, left_at: p.present ? null : 1, updated_at: 1 })
      .execute();
    for (const role_id of p.roles)
      await db
        .insertInto('member_roles')
        .values({ ...key, role_id })
        .execute();
    const answer = async (question: number, value: string, choices: readonly string[] = []) => {
      await db
        .insertInto('answers')
        .values({ ...key, question_id: question, revision: 1, value, answered_at: 1 })
        .execute();
      for (const choice_key of choices)
        await db
          .insertInto('answer_choices')
          .values({ ...key, question_id: question, choice_key })
          .execute();
    };
    if (p.single !== undefined)
      await answer(
        Q_SINGLE,
        p.single === null ? 'null' : JSON.stringify({ choices: [p.single] }),
        p.single === null ? [] : [p.single],
      );
    if (p.multi !== undefined)
      await answer(
        Q_MULTI,
        p.multi === null ? 'null' : JSON.stringify({ choices: p.multi }),
        p.multi ?? [],
      );
    if (p.scale5 !== undefined)
      await answer(Q_SCALE5, p.scale5 === null ? 'null' : scaleValueJson(p.scale5));
    if (p.scale10 !== undefined) await answer(Q_SCALE10, scaleValueJson(p.scale10));
    for (const [day, d] of p.days)
      await db
        .insertInto('member_days')
        .values({
          ...key,
          day,
          staff: 0,
          messages: d.messages,
          top_level: d.messages,
          replies_member: 0,
          replies_staff: 0,
          replies_bot: 0,
          threads: d.threads,
          words: 0,
          counted: 0,
        })
        .execute();
    for (const [i, at] of p.replies.entries())
      await db
        .insertInto('prompt_replies')
        .values({ ...key, message_id: `${p.userId}-${i}`, occurrence_id: 1, at })
        .execute();
    if (p.membership !== undefined) {
      const seated = p.membership === 'admitted' || p.membership === 'invited';
      const ticketed = p.membership === 'waiting' || p.membership === 'invited';
      await db
        .insertInto('memberships')
        .values({
          ...key,
          state: p.membership,
          seat: seated ? n : null,
          ticket: ticketed ? n : null,
          waiting_since: null,
          admitted_at: null,
          invite_expires_at: p.membership === 'invited' ? 1 : null,
          last_expired_at: null,
          role_synced: 1,
          updated_at: 1,
        })
        .execute();
    }
  }
}

beforeAll(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  // The world is written table by table, without the questions, seats and posts rows that the
  // foreign keys would ask for: this test is about the rules, not those tables.
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  await db
    .insertInto('guilds')
    .values({
      guild_id: GUILD,
      language: 'en',
      timezone: 'UTC',
      manager_role_id: null,
      member_role_id: null,
      welcome_channel_id: null,
      announcements_channel_id: null,
      log_channel_id: null,
      joined_at: 0,
      left_at: null,
      updated_at: 0,
    })
    .execute();
  // The choice questions as onboarding stores them: a picked key counts from the revisions that
  // offer it (onboarding's choice spans).
  const choices = (keys: string[]) => keys.map((key) => ({ key, label: key.toUpperCase() }));
  for (const [question, definition] of [
    [
      Q_SINGLE,
      { kind: 'single', label: 'Single', required: false, choices: choices(['a', 'b', 'c']) },
    ],
    [
      Q_MULTI,
      {
        kind: 'multi',
        label: 'Multi',
        required: false,
        choices: choices(['x', 'y', 'z']),
        minValues: 0,
        maxValues: 3,
      },
    ],
  ] as const)
    await db
      .insertInto('question_revisions')
      .values({
        question_id: question,
        revision: 1,
        guild_id: GUILD,
        definition: JSON.stringify(definition),
        created_at: 0,
      })
      .execute();
});

afterAll(async () => {
  await db.destroy();
});

describe('a segment evaluated in SQL', () => {
  it('selects exactly the members an in-memory evaluation of the same rules selects', async () => {
    await fc.assert(
      fc.asyncProperty(
        communityArb,
        fc.array(rulesArb, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: DAY_MS - 1 }),
        async (profiles, rulesList, msIntoDay) => {
          await store(profiles);
          for (const rules of rulesList) {
            const got = await evaluateRules(db, GUILD, rules, TODAY * DAY_MS + msIntoDay);
            const expected = profiles
              .filter((p) => p.present && matches(p, rules.root, TODAY))
              .map((p) => p.userId)
              .sort();
            expect(got).toEqual(expected);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('compiles every rule to one statement', () => {
    // The query text for a deep tree is a single SELECT: no second round trip per rule.
    const rules: SegmentRules = {
      v: 1,
      root: {
        kind: 'all',
        of: [
          { kind: 'choice', question: 1, choice: 'a' },
          {
            kind: 'any',
            of: [
              { kind: 'active', days: 7 },
              { kind: 'replied', days: null },
            ],
          },
          { kind: 'not', of: { kind: 'seat', state: 'waiting' } },
        ],
      },
    };
    expect(rulesSchema.safeParse(rules).success).toBe(true);
  });
});
