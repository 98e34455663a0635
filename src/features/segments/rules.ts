/**
 * What a segment is: a typed, versioned tree of rules (validated with zod), and its compilation
 * to one SQL query over the stored profile and activity tables. Portable: plain joins, EXISTS
 * and scalar subqueries, no SQLite-only functions, so Kysely's PostgreSQL dialect runs it as is.
 *
 * The compiler is the one SQL of segments outside repository.ts, on purpose: the condition a
 * rule compiles to is what the rule means ("active in the last N days", a scale's range, "no
 * seat"), so it stays beside the `Leaf` union it switches over (a new kind fails the typecheck
 * here, in one file) and under the property test that checks it against an in-memory reading
 * of the same rules. It stores nothing and reads no row of its own: it builds one query and
 * {@link evaluateRules} runs it.
 *
 * "The last N days" always means today (UTC) and the N - 1 days before it, the same day grid
 * insights uses; that is why a segment's cache is recomputed when the day changes.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { parseJson } from '../../core/json.js';
import type { Db } from '../../core/db/database.js';
import type { Database, MemberRosterTable, MembershipState } from '../../core/db/schema.js';
import { choiceSpansOf, type ChoiceSpan } from '../onboarding/api.js';

export const RULES_VERSION = 1;
export const DAY_MS = 86_400_000;
export const dayOf = (at: number): number => Math.floor(at / DAY_MS);

/** At most this many rules (leaves) in one segment, and this deep a tree. */
export const MAX_RULES = 20;
export const MAX_DEPTH = 4;

export const SEAT_STATES = ['admitted', 'invited', 'waiting', 'none'] as const;
export type SeatState = (typeof SEAT_STATES)[number];
/** The membership states that count as holding or waiting for a seat. */
const SEATED: readonly MembershipState[] = ['admitted', 'invited', 'waiting'];

/** One condition on one member. */
export type Leaf =
  /** Picked choice `choice` of a single or multiple choice question ("is" / "includes"). */
  | { readonly kind: 'choice'; readonly question: number; readonly choice: string }
  /** Answered a scale question with a point between `min` and `max`, both included. */
  | {
      readonly kind: 'scale';
      readonly question: number;
      readonly min: number;
      readonly max: number;
    }
  /** Gave any answer to a question (an optional question left empty is not an answer). */
  | { readonly kind: 'answered'; readonly question: number }
  | { readonly kind: 'role'; readonly role: string }
  /** Wrote at least one message or started a thread in the last `days` days. */
  | { readonly kind: 'active'; readonly days: number }
  /** At least `atLeast` messages, in the last `days` days or ever (null). */
  | { readonly kind: 'messages'; readonly atLeast: number; readonly days: number | null }
  /** Replied in a prompt's thread in the last `days` days, or ever (null). */
  | { readonly kind: 'replied'; readonly days: number | null }
  /** Joined in the last `days` days (`within`), or before that. */
  | { readonly kind: 'joined'; readonly within: boolean; readonly days: number }
  /** Holds a seat, is offered one, waits for one, or none of these. */
  | { readonly kind: 'seat'; readonly state: SeatState };

export type RuleNode =
  | Leaf
  | { readonly kind: 'all'; readonly of: readonly RuleNode[] }
  | { readonly kind: 'any'; readonly of: readonly RuleNode[] }
  | { readonly kind: 'not'; readonly of: RuleNode };

export interface SegmentRules {
  readonly v: typeof RULES_VERSION;
  readonly root: RuleNode;
}

const questionId = z.number().int().positive();
const days = z.number().int().min(1).max(3650);
const snowflake = z.string().regex(/^\d{1,20}$/);

const leafSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('choice'),
    question: questionId,
    choice: z.string().min(1).max(64),
  }),
  z
    .object({
      kind: z.literal('scale'),
      question: questionId,
      min: z.number().int().min(0).max(10),
      max: z.number().int().min(0).max(10),
    })
    .refine((s) => s.min <= s.max, { message: 'min must not exceed max' }),
  z.object({ kind: z.literal('answered'), question: questionId }),
  z.object({ kind: z.literal('role'), role: snowflake }),
  z.object({ kind: z.literal('active'), days }),
  z.object({
    kind: z.literal('messages'),
    atLeast: z.number().int().min(0).max(1_000_000),
    days: days.nullable(),
  }),
  z.object({ kind: z.literal('replied'), days: days.nullable() }),
  z.object({ kind: z.literal('joined'), within: z.boolean(), days }),
  z.object({ kind: z.literal('seat'), state: z.enum(SEAT_STATES) }),
]);

const nodeSchema: z.ZodType<RuleNode> = z.lazy(() =>
  z.union([
    leafSchema,
    z.object({ kind: z.literal('all'), of: z.array(nodeSchema).max(MAX_RULES) }),
    z.object({ kind: z.literal('any'), of: z.array(nodeSchema).max(MAX_RULES) }),
    z.object({ kind: z.literal('not'), of: nodeSchema }),
  ]),
);

export const rulesSchema = z
  .object({ v: z.literal(RULES_VERSION), root: nodeSchema })
  .refine((r) => depthOf(r.root) <= MAX_DEPTH, { message: `at most ${MAX_DEPTH} levels` })
  .refine((r) => leavesOf(r.root).length <= MAX_RULES, { message: `at most ${MAX_RULES} rules` });

export const isLeaf = (node: RuleNode): node is Leaf =>
  node.kind !== 'all' && node.kind !== 'any' && node.kind !== 'not';

export function depthOf(node: RuleNode): number {
  if (isLeaf(node)) return 1;
  if (node.kind === 'not') return 1 + depthOf(node.of);
  return 1 + Math.max(0, ...node.of.map(depthOf));
}

export function leavesOf(node: RuleNode): Leaf[] {
  if (isLeaf(node)) return [node];
  if (node.kind === 'not') return leavesOf(node.of);
  return node.of.flatMap(leavesOf);
}

/**
 * Reads stored rules; a row that does not validate is a bug, not user input, so it throws
 * (a StoredDataError naming the column, never the stored text).
 */
export function parseRules(json: string): SegmentRules {
  return parseJson(rulesSchema, json, 'segments.rules');
}

export function emptyRules(match: 'all' | 'any'): SegmentRules {
  return { v: RULES_VERSION, root: { kind: match, of: [] } };
}

/**
 * How onboarding stores a scale answer (`answers.value`, JSON of `{ scale: n }`). A scale rule
 * compares the stored text with the few values its range allows, which every SQL dialect does
 * with a plain IN list: no JSON functions, which differ between SQLite and PostgreSQL.
 */
export const scaleValueJson = (point: number): string => JSON.stringify({ scale: point });
/** What onboarding stores for an optional question left empty. */
export const EMPTY_ANSWER = 'null';

type RosterDb = Database & { r: MemberRosterTable };
type Eb = ExpressionBuilder<RosterDb, 'r'>;

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

/** The first day (UTC day number) of "the last `days` days" on `today`. */
export const windowStart = (today: number, days: number): number => today - days + 1;

/** For each question, the revisions in which each choice key names its choice (onboarding's rule). */
export type ChoiceSpans = ReadonlyMap<number, ReadonlyMap<string, ChoiceSpan>>;

interface Scope {
  readonly guildId: string;
  readonly today: number;
  readonly spans: ChoiceSpans;
}

function condition(eb: Eb, node: RuleNode, scope: Scope): Expression<SqlBool> {
  const { today } = scope;
  switch (node.kind) {
    case 'all':
      return node.of.length === 0 ? TRUE : eb.and(node.of.map((n) => condition(eb, n, scope)));
    case 'any':
      return node.of.length === 0 ? FALSE : eb.or(node.of.map((n) => condition(eb, n, scope)));
    case 'not':
      return eb.not(condition(eb, node.of, scope));
    case 'choice': {
      // An IN list rather than a correlated EXISTS: the few members who picked the choice are
      // read once from an index, and the planner can start from them instead of every member.
      // The picked key counts only from an answer to a revision where it named this choice
      // (onboarding's `picksChoice`): an answer given before the choice was removed never
      // matches the choice later offered under its key.
      const span = scope.spans.get(node.question)?.get(node.choice);
      if (span === undefined) return FALSE;
      return eb(
        'r.user_id',
        'in',
        eb
          .selectFrom('answer_choices as ac')
          .innerJoin('answers as a', (j) =>
            j
              .onRef('a.guild_id', '=', 'ac.guild_id')
              .onRef('a.user_id', '=', 'ac.user_id')
              .onRef('a.question_id', '=', 'ac.question_id'),
          )
          .select('ac.user_id')
          .where('ac.guild_id', '=', scope.guildId)
          .where('ac.question_id', '=', node.question)
          .where('ac.choice_key', '=', node.choice)
          .where('a.revision', '>=', span.from)
          .where('a.revision', '<=', span.to),
      );
    }
    case 'scale': {
      const points: string[] = [];
      for (let p = node.min; p <= node.max; p += 1) points.push(scaleValueJson(p));
      return eb.exists(
        eb
          .selectFrom('answers as a')
          .select(sql`1`.as('one'))
          .whereRef('a.guild_id', '=', 'r.guild_id')
          .whereRef('a.user_id', '=', 'r.user_id')
          .where('a.question_id', '=', node.question)
          .where('a.value', 'in', points),
      );
    }
    case 'answered':
      return eb.exists(
        eb
          .selectFrom('answers as a')
          .select(sql`1`.as('one'))
          .whereRef('a.guild_id', '=', 'r.guild_id')
          .whereRef('a.user_id', '=', 'r.user_id')
          .where('a.question_id', '=', node.question)
          .where('a.value', '<>', EMPTY_ANSWER),
      );
    case 'role':
      return eb(
        'r.user_id',
        'in',
        eb
          .selectFrom('member_roles as mr')
          .select('mr.user_id')
          .where('mr.guild_id', '=', scope.guildId)
          .where('mr.role_id', '=', node.role),
      );
    case 'active':
      return eb.exists(
        eb
          .selectFrom('member_days as md')
          .select(sql`1`.as('one'))
          .whereRef('md.guild_id', '=', 'r.guild_id')
          .whereRef('md.user_id', '=', 'r.user_id')
          .where('md.day', '>=', windowStart(today, node.days))
          .where((w) => w.or([w('md.messages', '>', 0), w('md.threads', '>', 0)])),
      );
    case 'messages': {
      if (node.atLeast <= 0) return TRUE;
      let total = eb
        .selectFrom('member_days as md')
        .select((s) => s.fn.coalesce(s.fn.sum<number>('md.messages'), s.lit(0)).as('total'))
        .whereRef('md.guild_id', '=', 'r.guild_id')
        .whereRef('md.user_id', '=', 'r.user_id');
      if (node.days !== null) total = total.where('md.day', '>=', windowStart(today, node.days));
      return eb(total, '>=', node.atLeast);
    }
    case 'replied': {
      let replies = eb
        .selectFrom('prompt_replies as pr')
        .select(sql`1`.as('one'))
        .whereRef('pr.guild_id', '=', 'r.guild_id')
        .whereRef('pr.user_id', '=', 'r.user_id');
      if (node.days !== null)
        replies = replies.where('pr.at', '>=', windowStart(today, node.days) * DAY_MS);
      return eb.exists(replies);
    }
    case 'joined': {
      const since = windowStart(today, node.days) * DAY_MS;
      return node.within ? eb('r.joined_at', '>=', since) : eb('r.joined_at', '<', since);
    }
    case 'seat': {
      const seat = eb
        .selectFrom('memberships as ms')
        .select(sql`1`.as('one'))
        .whereRef('ms.guild_id', '=', 'r.guild_id')
        .whereRef('ms.user_id', '=', 'r.user_id');
      return node.state === 'none'
        ? eb.not(eb.exists(seat.where('ms.state', 'in', SEATED)))
        : eb.exists(seat.where('ms.state', '=', node.state));
    }
  }
}

/**
 * The one query that evaluates `rules` on day `today`: the ids of the guild's present members
 * who match, in id order. `spans` are the choice spans of the questions its choice rules name
 * ({@link choiceSpansFor}).
 */
export function segmentQuery(
  db: Db,
  guildId: string,
  rules: SegmentRules,
  today: number,
  spans: ChoiceSpans,
) {
  return db
    .withTables<{ r: MemberRosterTable }>()
    .selectFrom('member_roster as r')
    .select('r.user_id')
    .where('r.guild_id', '=', guildId)
    .where('r.left_at', 'is', null)
    .where((eb) => condition(eb as unknown as Eb, rules.root, { guildId, today, spans }))
    .orderBy('r.user_id');
}

/** The choice spans of the questions the choice rules of `rules` name. */
export async function choiceSpansFor(
  db: Db,
  guildId: string,
  rules: SegmentRules,
): Promise<ChoiceSpans> {
  const questions = leavesOf(rules.root).flatMap((l) => (l.kind === 'choice' ? [l.question] : []));
  return choiceSpansOf(db, guildId, [...new Set(questions)]);
}

/** Evaluates `rules` now: the matching members' ids. */
export async function evaluateRules(
  db: Db,
  guildId: string,
  rules: SegmentRules,
  now: number,
): Promise<string[]> {
  const spans = await choiceSpansFor(db, guildId, rules);
  const rows = await segmentQuery(db, guildId, rules, dayOf(now), spans).execute();
  return rows.map((r) => r.user_id);
}
