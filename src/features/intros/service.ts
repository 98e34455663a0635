/**
 * Introductions: the domain rules. Members opt in, out or pause; they can privately ask not to be
 * matched with someone; each round pairs everyone eligible (see match.ts) and Hearth opens one
 * private thread per group; halfway through, a check-in asks "did you meet?".
 *
 * Every check-then-change (a round made, an opt-out, an exclusion, a check-in answer) is one
 * IMMEDIATE transaction with a unique constraint behind it: a round once per due time, a member
 * in one group per round. No Discord here: what Hearth must post is enqueued in the outbox in the
 * transaction of the decision that needs it.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../core/db/database.js';
import { UserError } from '../../core/errors.js';
import { parseJson } from '../../core/json.js';
import { nextRun, type WeeklyRule } from '../../core/local-time.js';
import { keptSubject } from '../../core/member-data.js';
import { enqueue, enqueueNotice, type Tx } from '../../core/outbox/index.js';
import { comparableAnswers, type ComparableAnswer } from '../onboarding/api.js';
import { introAskEffect, introCheckInEffect, introOpenEffect, introTellEffect } from './effects.js';
import { matchRound, type Link, type MatchResult } from './match.js';
import './messages.js';
import * as repo from './repository.js';
import type { SettingsRow } from './repository.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export const CADENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];
export const MODES = ['share', 'complement', 'mix'] as const;
export type Mode = (typeof MODES)[number];
export const MET = ['yes', 'not_yet', 'skip'] as const;
export type Met = (typeof MET)[number];
export const STAY = ['stay', 'pause', 'leave'] as const;
export type StayChoice = (typeof STAY)[number];

export const LIMITS = {
  /** Unanswered check-ins in a row before a member is asked whether to stay. */
  ignoredBeforeAsking: 3,
  pauseWeeks: { min: 1, max: 26 },
  historyRounds: { min: 0, max: 52, default: 6 },
  /** "Don't match me with" entries one member may keep. */
  exclusions: 50,
  criteria: 5,
} as const;

/** What to match on: one onboarding question, or a give/get pair of them. */
export type Criterion =
  | { readonly mode: 'share'; readonly question: number }
  | { readonly mode: 'mix'; readonly question: number }
  | { readonly mode: 'complement'; readonly question: number; readonly other: number };

const criteriaSchema = z.array(
  z.union([
    z.object({ mode: z.enum(['share', 'mix']), question: z.number().int() }),
    z.object({
      mode: z.literal('complement'),
      question: z.number().int(),
      other: z.number().int(),
    }),
  ]),
);

export interface IntroSettings {
  readonly guildId: string;
  readonly enabled: boolean;
  readonly cadence: Cadence;
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
  readonly groupSize: 2 | 3;
  readonly channelId: string;
  readonly audienceRoleId: string | null;
  readonly audienceSegmentId: number | null;
  readonly criteria: readonly Criterion[];
  readonly historyRounds: number;
  readonly nextRoundAt: number;
}

function toSettings(row: SettingsRow): IntroSettings {
  return {
    guildId: row.guild_id,
    enabled: row.enabled === 1,
    cadence: row.cadence,
    weekday: row.weekday,
    hour: row.hour,
    minute: row.minute,
    groupSize: row.group_size === 3 ? 3 : 2,
    channelId: row.channel_id,
    audienceRoleId: row.audience_role_id,
    audienceSegmentId: row.audience_segment_id,
    criteria: parseJson(criteriaSchema, row.criteria, 'intro_settings.criteria'),
    historyRounds: row.history_rounds,
    nextRoundAt: row.next_round_at,
  };
}

export async function settingsOf(db: Db | Tx, guildId: string): Promise<IntroSettings | undefined> {
  const row = await repo.settingsRow(db, guildId);
  return row === undefined ? undefined : toSettings(row);
}

/** The settings, or "introductions are not set up here". */
export async function requireSettings(db: Db | Tx, guildId: string): Promise<IntroSettings> {
  const settings = await settingsOf(db, guildId);
  if (settings === undefined || !settings.enabled) throw new UserError('intros.notSetUp');
  return settings;
}

/** The rule of the cadence: weekly, every two weeks, or every four weeks ("monthly"). */
function ruleOf(s: Pick<IntroSettings, 'cadence' | 'weekday' | 'hour' | 'minute'>): WeeklyRule {
  return {
    kind: 'weekly',
    weekdays: [s.weekday],
    hour: s.hour,
    minute: s.minute,
    everyWeeks: s.cadence === 'weekly' ? 1 : s.cadence === 'biweekly' ? 2 : 4,
    anchor: '2026-01-04',
  };
}

/** The first round time after `after`, in the server's zone. */
export function nextRoundAfter(
  s: Pick<IntroSettings, 'cadence' | 'weekday' | 'hour' | 'minute'>,
  zone: string,
  after: number,
): number {
  const next = nextRun(ruleOf(s), zone, after);
  if (next === undefined) throw new Error('intro cadence has no next time');
  return next;
}

/** The latest round time at or before `now`, starting from the stored next one (which is due). */
export function latestDue(
  s: Pick<IntroSettings, 'cadence' | 'weekday' | 'hour' | 'minute' | 'nextRoundAt'>,
  zone: string,
  now: number,
): number {
  let due = s.nextRoundAt;
  // Bounded: ten years of weekly rounds.
  for (let i = 0; i < 520; i++) {
    const next = nextRoundAfter(s, zone, due);
    if (next > now) break;
    due = next;
  }
  return due;
}

/** How long a round lasts, by cadence (the check-in is halfway). */
export function roundLength(cadence: Cadence): number {
  return cadence === 'weekly' ? WEEK : cadence === 'biweekly' ? 2 * WEEK : 4 * WEEK;
}

export interface SetupInput {
  readonly cadence: Cadence;
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
  readonly groupSize: 2 | 3;
  readonly channelId: string;
  readonly audienceRoleId: string | null;
  readonly audienceSegmentId: number | null;
  readonly criteria: readonly Criterion[];
  readonly historyRounds?: number;
  readonly zone: string;
}

/** Turns introductions on, or changes them; the next round is computed from the new cadence. */
export async function setupIntros(
  db: Db,
  guildId: string,
  input: SetupInput,
  now: number,
): Promise<IntroSettings> {
  if (input.weekday < 0 || input.weekday > 6 || input.hour < 0 || input.hour > 23)
    throw new UserError('intros.badTime');
  if (input.minute < 0 || input.minute > 59) throw new UserError('intros.badTime');
  if (input.audienceRoleId !== null && input.audienceSegmentId !== null)
    throw new UserError('intros.audienceAndSegment');
  if (input.criteria.length > LIMITS.criteria) throw new UserError('intros.tooManyCriteria');
  const history = input.historyRounds ?? LIMITS.historyRounds.default;
  const next = nextRoundAfter(input, input.zone, now);
  return db.transaction().execute(async (trx) => {
    const values = {
      enabled: 1,
      cadence: input.cadence,
      weekday: input.weekday,
      hour: input.hour,
      minute: input.minute,
      group_size: input.groupSize,
      channel_id: input.channelId,
      audience_role_id: input.audienceRoleId,
      audience_segment_id: input.audienceSegmentId,
      criteria: JSON.stringify(input.criteria),
      history_rounds: history,
      next_round_at: next,
      updated_at: now,
    };
    await repo.upsertSettings(trx, guildId, values);
    return (await settingsOf(trx, guildId))!;
  });
}

/** Turns introductions off: no more rounds; members' choices are kept for when they return. */
export async function disableIntros(db: Db, guildId: string, now: number): Promise<boolean> {
  return repo.disableSettings(db, guildId, now);
}

// ------------------------------------------------------------------ members' choices

export interface MemberState {
  readonly status: 'in' | 'out' | 'never';
  readonly pausedUntil: number | null;
  readonly asked: boolean;
}

export async function memberState(
  db: Db | Tx,
  guildId: string,
  userId: string,
): Promise<MemberState> {
  const row = await repo.memberRow(db, guildId, userId);
  if (row === undefined) return { status: 'never', pausedUntil: null, asked: false };
  return { status: row.status, pausedUntil: row.paused_until, asked: row.asked_at !== null };
}

/**
 * Which of these members take part now (opted in, paused or not): what a round decided is carried
 * out later, and whoever left the introductions (or erased their data) since is not put in a
 * thread or written to.
 */
export async function stillTakingPart(
  db: Db | Tx,
  guildId: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  return new Set(await repo.optedInOf(db, guildId, userIds));
}

async function upsertMember(
  trx: Tx,
  guildId: string,
  userId: string,
  values: { status: 'in' | 'out'; paused_until: number | null },
  now: number,
): Promise<void> {
  const set = { ...values, ignored: 0, asked_at: null, outside_at: null, updated_at: now };
  await repo.upsertMemberRow(trx, guildId, userId, set);
}

/**
 * The member joins (or comes back from a pause). `userId` is always the one Discord says pressed
 * or typed: nobody can opt someone else in or out.
 */
export async function joinIntros(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
): Promise<{ already: boolean }> {
  return db.transaction().execute(async (trx) => {
    await requireSettings(trx, guildId);
    const before = await memberState(trx, guildId, userId);
    const already =
      before.status === 'in' && (before.pausedUntil === null || before.pausedUntil <= now);
    await upsertMember(trx, guildId, userId, { status: 'in', paused_until: null }, now);
    return { already };
  });
}

export async function leaveIntros(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
): Promise<{ already: boolean }> {
  return db.transaction().execute(async (trx) => {
    const before = await memberState(trx, guildId, userId);
    if (before.status !== 'in') return { already: true };
    await upsertMember(trx, guildId, userId, { status: 'out', paused_until: null }, now);
    return { already: false };
  });
}

export async function pauseIntros(
  db: Db,
  guildId: string,
  userId: string,
  weeks: number,
  now: number,
): Promise<{ until: number }> {
  if (!Number.isInteger(weeks) || weeks < LIMITS.pauseWeeks.min || weeks > LIMITS.pauseWeeks.max)
    throw new UserError('intros.badPause', LIMITS.pauseWeeks);
  return db.transaction().execute(async (trx) => {
    await requireSettings(trx, guildId);
    const until = now + weeks * WEEK;
    await upsertMember(trx, guildId, userId, { status: 'in', paused_until: until }, now);
    return { until };
  });
}

/** The answer to "stay, pause or leave?", asked after unanswered check-ins. */
export async function answerStay(
  db: Db,
  guildId: string,
  userId: string,
  choice: StayChoice,
  now: number,
): Promise<{ asked: boolean }> {
  return db.transaction().execute(async (trx) => {
    const state = await memberState(trx, guildId, userId);
    // Only someone who was asked (and is still in) answers; a forged or old button changes nothing.
    if (state.status !== 'in' || !state.asked) return { asked: false };
    await upsertMember(
      trx,
      guildId,
      userId,
      choice === 'leave'
        ? { status: 'out', paused_until: null }
        : { status: 'in', paused_until: choice === 'pause' ? now + 4 * WEEK : null },
      now,
    );
    return { asked: true };
  });
}

// ------------------------------------------------------------------ exclusions

/**
 * The hash an exclusion stores for the member avoided: never their id. Keyed with Hearth's key
 * (erasureKeyOf: derived from hearth.key or POLL_SECRET, never in the database), so a copy of the
 * database cannot tell whom a member avoids by hashing the server's few hundred member ids: that
 * takes the key too. The same member has the same hash in one server across their erase (an
 * erase does not undo someone else's "don't match me with"), and a different one in another.
 */
export function avoidKey(key: Buffer, guildId: string, userId: string): string {
  return keptSubject(key, 'intros-avoid', guildId, userId);
}

/** "Don't match me with X": private, never shown to X, kept until the member removes it. */
export async function avoidMember(
  db: Db,
  key: Buffer,
  guildId: string,
  userId: string,
  otherId: string,
  now: number,
): Promise<{ already: boolean }> {
  if (userId === otherId) throw new UserError('intros.avoidSelf');
  return db.transaction().execute(async (trx) => {
    await requireSettings(trx, guildId);
    const count = await repo.exclusionCount(trx, guildId, userId);
    const already = !(await repo.insertExclusion(
      trx,
      guildId,
      userId,
      avoidKey(key, guildId, otherId),
      now,
    ));
    if (!already && count >= LIMITS.exclusions)
      throw new UserError('intros.tooManyExclusions', { max: LIMITS.exclusions });
    return { already };
  });
}

export async function unavoidMember(
  db: Db,
  key: Buffer,
  guildId: string,
  userId: string,
  otherId: string,
): Promise<{ removed: boolean }> {
  return db.transaction().execute(async (trx) => {
    return {
      removed: await repo.deleteExclusion(trx, guildId, userId, avoidKey(key, guildId, otherId)),
    };
  });
}

// ------------------------------------------------------------------ scoring

type Answers = Map<number, { label: string; byUser: Map<string, ComparableAnswer> }>;

const norm = (label: string) => label.trim().toLowerCase();

/** What two members have in common (shared picks) and can give each other (give/get). */
export interface Common {
  readonly shared: readonly string[];
  readonly gives: readonly { readonly from: string; readonly to: string; readonly what: string }[];
  readonly score: number;
}

/** The common ground of two members under the criteria. */
export function commonGround(
  criteria: readonly Criterion[],
  answers: Answers,
  a: string,
  b: string,
): Common {
  const shared: string[] = [];
  const gives: { from: string; to: string; what: string }[] = [];
  let score = 0;
  for (const c of criteria) {
    const q = answers.get(c.question);
    if (q === undefined) continue;
    const x = q.byUser.get(a);
    const y = q.byUser.get(b);
    if (c.mode === 'share') {
      if (x === undefined || y === undefined) continue;
      const mine = new Set(x.choices.map(norm));
      for (const label of y.choices)
        if (mine.has(norm(label))) {
          shared.push(label);
          score += 10;
        }
    } else if (c.mode === 'mix') {
      if (x === undefined || y === undefined || x.scale === null || y.scale === null) continue;
      score += 5 * Math.abs(x.scale - y.scale);
    } else {
      const other = answers.get(c.other);
      if (other === undefined) continue;
      for (const [from, to] of [
        [a, b],
        [b, a],
      ] as const) {
        const give = q.byUser.get(from);
        const want = other.byUser.get(to);
        if (give === undefined || want === undefined) continue;
        const wanted = new Set(want.choices.map(norm));
        for (const label of give.choices)
          if (wanted.has(norm(label))) {
            gives.push({ from, to, what: label });
            score += 15;
          }
      }
    }
  }
  return { shared: [...new Set(shared)], gives, score };
}

// ------------------------------------------------------------------ rounds

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Pairs that met in the last `rounds` rounds before `seq` (any two members of one group). */
async function recentPairs(trx: Tx, guildId: string, seq: number, rounds: number) {
  const pairs = new Set<string>();
  if (rounds <= 0) return pairs;
  const rows = await trx
    .selectFrom('intro_group_members as m')
    .innerJoin('intro_rounds as r', 'r.id', 'm.round_id')
    .select(['m.group_id', 'm.user_id'])
    .where('r.guild_id', '=', guildId)
    .where('r.seq', '>', seq - rounds - 1)
    .execute();
  const byGroup = new Map<number, string[]>();
  for (const row of rows) {
    const list = byGroup.get(row.group_id) ?? [];
    list.push(row.user_id);
    byGroup.set(row.group_id, list);
  }
  for (const members of byGroup.values())
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) pairs.add(pairKey(members[i]!, members[j]!));
  return pairs;
}

/** Everything the matcher needs to know about a pool, read in the round's transaction. */
export interface RoundFacts {
  readonly pool: readonly string[];
  readonly blocked: ReadonlySet<string>;
  readonly recent: ReadonlySet<string>;
  readonly answers: Answers;
}

/**
 * The score {@link commonGround} gives two members, fast: each member's picks as bits (one bit
 * per distinct choice label of a criterion), read once per member into a profile, so a round of
 * 2,000 members (two million pairs) compares numbers, not strings. A criterion with more labels
 * than bits is scored by commonGround itself.
 */
export function pairScorer(criteria: readonly Criterion[], answers: Answers) {
  const popcount = (x: number) => {
    let n = 0;
    for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
    return n;
  };
  type Part =
    | { kind: 'share' | 'complement'; first: Map<string, number>; second: Map<string, number> }
    | { kind: 'mix'; scales: Map<string, number> }
    | { kind: 'slow'; criterion: Criterion };
  const parts: Part[] = [];
  for (const c of criteria) {
    const q = answers.get(c.question);
    if (q === undefined) continue;
    if (c.mode === 'mix') {
      const scales = new Map<string, number>();
      for (const [userId, answer] of q.byUser)
        if (answer.scale !== null) scales.set(userId, answer.scale);
      parts.push({ kind: 'mix', scales });
      continue;
    }
    const other = c.mode === 'complement' ? answers.get(c.other) : q;
    if (other === undefined) continue;
    const bits = new Map<string, number>();
    const maskOf = (question: typeof q) => {
      const masks = new Map<string, number>();
      for (const [userId, answer] of question.byUser) {
        let mask = 0;
        for (const label of answer.choices) {
          const key = norm(label);
          if (!bits.has(key)) bits.set(key, bits.size);
          mask |= 1 << bits.get(key)!;
        }
        masks.set(userId, mask);
      }
      return masks;
    };
    const first = maskOf(q);
    const second = c.mode === 'complement' ? maskOf(other) : first;
    parts.push(bits.size > 31 ? { kind: 'slow', criterion: c } : { kind: c.mode, first, second });
  }
  /** One member's values, part by part (NaN: no answer). */
  const profile = (userId: string): Float64Array => {
    const values = new Float64Array(parts.length * 2).fill(NaN);
    parts.forEach((part, i) => {
      if (part.kind === 'mix') values[2 * i] = part.scales.get(userId) ?? NaN;
      else if (part.kind !== 'slow') {
        values[2 * i] = part.first.get(userId) ?? NaN;
        values[2 * i + 1] = part.second.get(userId) ?? NaN;
      }
    });
    return values;
  };
  const score = (a: string, x: Float64Array, b: string, y: Float64Array): number => {
    let total = 0;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.kind === 'slow') {
        total += commonGround([part.criterion], answers, a, b).score;
        continue;
      }
      const x0 = x[2 * i]!;
      const y0 = y[2 * i]!;
      if (part.kind === 'mix') {
        if (!Number.isNaN(x0) && !Number.isNaN(y0)) total += 5 * Math.abs(x0 - y0);
      } else if (part.kind === 'share') {
        if (!Number.isNaN(x0) && !Number.isNaN(y0)) total += 10 * popcount(x0 & y0);
      } else {
        const x1 = x[2 * i + 1]!;
        const y1 = y[2 * i + 1]!;
        if (!Number.isNaN(x0) && !Number.isNaN(y1)) total += 15 * popcount(x0 & y1);
        if (!Number.isNaN(y0) && !Number.isNaN(x1)) total += 15 * popcount(y0 & x1);
      }
    }
    return total;
  };
  return { profile, score };
}

/** The link between two members under the round's rules. */
export function linkOf(settings: Pick<IntroSettings, 'criteria'>, facts: RoundFacts) {
  const scorer = pairScorer(settings.criteria, facts.answers);
  // Per member, read once: their answers as numbers, and whom they may not meet or met lately.
  const profiles = new Map<
    string,
    { values: Float64Array; blocked: Set<string>; recent: Set<string> }
  >();
  const profileOf = (userId: string) => {
    let p = profiles.get(userId);
    if (p === undefined) {
      p = { values: scorer.profile(userId), blocked: new Set(), recent: new Set() };
      profiles.set(userId, p);
    }
    return p;
  };
  for (const [pairs, field] of [
    [facts.blocked, 'blocked'],
    [facts.recent, 'recent'],
  ] as const)
    for (const key of pairs) {
      const [x, y] = key.split('|') as [string, string];
      profileOf(x)[field].add(y);
      profileOf(y)[field].add(x);
    }
  return (a: string, b: string): Link => {
    const pa = profileOf(a);
    if (pa.blocked.has(b)) return { kind: 'blocked' };
    const score = scorer.score(a, pa.values, b, profileOf(b).values);
    return pa.recent.has(b) ? { kind: 'repeat', score } : { kind: 'ok', score };
  };
}

export interface RoundOutcome {
  readonly roundId: number;
  readonly seq: number;
  readonly result: MatchResult;
  readonly asked: readonly string[];
}

/**
 * Who may be matched this round, as Discord has it now (read before the round's transaction).
 * `present`: the server's members (whoever opted in and is not among them left, and is taken out
 * of the introductions); `audience`: those holding the role or in the segment the introductions
 * are for. Undefined: everyone.
 */
export interface Eligibility {
  readonly present?: ReadonlySet<string>;
  readonly audience?: ReadonlySet<string>;
}

/**
 * Makes the server's round that was due at `settings.nextRoundAt`, if it is due and not made yet,
 * in one transaction: takes out members who left the server, counts last round's unanswered
 * check-ins, asks those who ignored three whether to stay, leaves out (and tells once) members no
 * longer in the audience, matches the pool, stores the groups and enqueues their threads, tells
 * anyone left out why, and tells managers about a pool too small.
 */
export async function runRound(
  db: Db,
  key: Buffer,
  guildId: string,
  zone: string,
  now: number,
  eligibility: Eligibility = {},
): Promise<RoundOutcome | undefined> {
  const { present, audience } = eligibility;
  return db.transaction().execute(async (trx) => {
    const settings = await settingsOf(trx, guildId);
    if (settings === undefined || !settings.enabled || settings.nextRoundAt > now) return undefined;
    // After downtime across several due times, the round is the latest one due: one round, not a
    // burst, keyed by the time it stands for.
    const dueAt = latestDue(settings, zone, now);
    const last = await trx
      .selectFrom('intro_rounds')
      .select(['id', 'seq'])
      .where('guild_id', '=', guildId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const seq = (last?.seq ?? 0) + 1;
    const length = roundLength(settings.cadence);
    const seed = randomInt(0, 2 ** 31);
    const inserted = await trx
      .insertInto('intro_rounds')
      .values({
        guild_id: guildId,
        seq,
        due_at: dueAt,
        seed,
        pool: 0,
        checkin_at: now + Math.floor(length / 2),
        ends_at: now + length,
        created_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    // The next due time, after now: a bot offline across several makes one round, not a burst.
    await trx
      .updateTable('intro_settings')
      .set({ next_round_at: nextRoundAfter(settings, zone, now) })
      .where('guild_id', '=', guildId)
      .execute();
    if (inserted === undefined) return undefined;
    const roundId = inserted.id;

    // Whoever opted in and is no longer in the server is out (a departure missed while offline):
    // never matched, never asked, never told anything by DM.
    if (present !== undefined) {
      const opted = await trx
        .selectFrom('intro_members')
        .select('user_id')
        .where('guild_id', '=', guildId)
        .where('status', '=', 'in')
        .execute();
      const gone = opted.map((r) => r.user_id).filter((id) => !present.has(id));
      for (let i = 0; i < gone.length; i += 500)
        await markOut(trx, guildId, gone.slice(i, i + 500), now);
    }

    // Last round's check-ins: an answer resets the count, silence adds one.
    if (last !== undefined) {
      const members = await trx
        .selectFrom('intro_group_members')
        .select(['user_id', 'met'])
        .where('round_id', '=', last.id)
        .execute();
      for (const m of members) {
        await trx
          .updateTable('intro_members')
          .set((eb) => ({
            ignored: m.met === null ? eb('ignored', '+', 1) : eb.lit(0),
          }))
          .where('guild_id', '=', guildId)
          .where('user_id', '=', m.user_id)
          .execute();
      }
    }

    // Ignored three check-ins and not asked yet: ask, instead of pairing them again.
    const toAsk = await trx
      .selectFrom('intro_members')
      .select('user_id')
      .where('guild_id', '=', guildId)
      .where('status', '=', 'in')
      .where('asked_at', 'is', null)
      .where('ignored', '>=', LIMITS.ignoredBeforeAsking)
      .execute();
    const asked: string[] = [];
    for (const { user_id } of toAsk) {
      await trx
        .updateTable('intro_members')
        .set({ asked_at: now })
        .where('guild_id', '=', guildId)
        .where('user_id', '=', user_id)
        .execute();
      await enqueue(
        trx,
        introAskEffect,
        {
          guildId,
          key: `${roundId}:${user_id}`,
          payload: { round: roundId, user: user_id },
          channelId: `user:${user_id}`,
          subjectId: user_id,
        },
        now,
      );
      asked.push(user_id);
    }

    const poolRows = await trx
      .selectFrom('intro_members')
      .select('user_id')
      .where('guild_id', '=', guildId)
      .where('status', '=', 'in')
      .where('asked_at', 'is', null)
      .where((eb) => eb.or([eb('paused_until', 'is', null), eb('paused_until', '<=', now)]))
      .orderBy('user_id')
      .execute();
    const candidates = poolRows.map((r) => r.user_id);
    const pool = candidates.filter((id) => audience === undefined || audience.has(id));
    const outside = await outsideAudience(
      trx,
      guildId,
      candidates.filter((id) => audience !== undefined && !audience.has(id)),
      pool,
      now,
    );
    for (const userId of outside)
      await enqueue(
        trx,
        introTellEffect,
        {
          guildId,
          key: `${roundId}:${userId}`,
          payload: { round: roundId, user: userId, why: 'outside' },
          channelId: `user:${userId}`,
          subjectId: userId,
        },
        now,
      );
    const { facts, avoids } = await roundFacts(trx, key, guildId, settings, pool, seq);
    const matched = matchRound({
      members: pool,
      link: linkOf(settings, facts),
      seed,
      groupSize: settings.groupSize,
    });
    // "Everyone is on someone's list" would tell a member that someone avoids them (in a pool of
    // two, who): a member hears `blocked` only when every block is their own list; anyone else
    // blocked hears what someone left over by the numbers hears.
    const result: MatchResult = {
      ...matched,
      leftOut: matched.leftOut.map(({ userId, why }) => ({
        userId,
        why:
          why !== 'blocked' ||
          pool.every((other) => other === userId || avoids.get(userId)?.has(other) === true)
            ? why
            : 'noGroup',
      })),
    };

    for (const group of result.groups) {
      const row = await trx
        .insertInto('intro_groups')
        .values({ round_id: roundId, guild_id: guildId, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('intro_group_members')
        .values(
          group.map((userId) => ({
            group_id: row.id,
            round_id: roundId,
            guild_id: guildId,
            user_id: userId,
          })),
        )
        .execute();
      await enqueue(
        trx,
        introOpenEffect,
        {
          guildId,
          key: String(row.id),
          payload: { group: row.id },
          channelId: settings.channelId,
        },
        now,
      );
    }
    for (const { userId, why } of result.leftOut) {
      await enqueue(
        trx,
        introTellEffect,
        {
          guildId,
          key: `${roundId}:${userId}`,
          payload: { round: roundId, user: userId, why },
          channelId: `user:${userId}`,
          subjectId: userId,
        },
        now,
      );
    }
    await trx
      .updateTable('intro_rounds')
      .set({ pool: pool.length, repeats: result.repeats })
      .where('id', '=', roundId)
      .execute();
    if (pool.length < 2) {
      await enqueueNotice(
        trx,
        guildId,
        {
          key: `intros:pool:${seq}`,
          message: 'intros.notice.poolTooSmall',
          params: { count: pool.length },
        },
        now,
      );
    } else if (result.groups.length === 0) {
      await enqueueNotice(
        trx,
        guildId,
        {
          key: `intros:blocked:${seq}`,
          message: 'intros.notice.nobodyMatched',
          params: { count: pool.length },
        },
        now,
      );
    } else if (result.repeats > 0) {
      await enqueueNotice(
        trx,
        guildId,
        {
          key: `intros:repeats:${seq}`,
          message: 'intros.notice.repeats',
          params: { count: result.repeats, rounds: settings.historyRounds },
        },
        now,
      );
    }
    return { roundId, seq, result, asked };
  });
}

/** Members who left the server: out of the introductions (coming back, they join again). */
async function markOut(trx: Tx, guildId: string, userIds: readonly string[], now: number) {
  if (userIds.length === 0) return;
  await trx
    .updateTable('intro_members')
    .set({ status: 'out', paused_until: null, asked_at: null, ignored: 0, updated_at: now })
    .where('guild_id', '=', guildId)
    .where('user_id', 'in', userIds)
    .where('status', '=', 'in')
    .execute();
}

/**
 * Opted-in members outside the audience now (the role taken away, the segment left) stay opted in
 * but are not matched; each is told once, the first round it happens (returned), and told again
 * only after being back in the audience for a round. Those back in are cleared.
 */
async function outsideAudience(
  trx: Tx,
  guildId: string,
  outside: readonly string[],
  inside: readonly string[],
  now: number,
): Promise<string[]> {
  for (let i = 0; i < inside.length; i += 500)
    await trx
      .updateTable('intro_members')
      .set({ outside_at: null })
      .where('guild_id', '=', guildId)
      .where('user_id', 'in', inside.slice(i, i + 500))
      .where('outside_at', 'is not', null)
      .execute();
  const told: string[] = [];
  for (const userId of outside) {
    const result = await trx
      .updateTable('intro_members')
      .set({ outside_at: now })
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId)
      .where('outside_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) told.push(userId);
  }
  return told;
}

/** A member left the server: they no longer take part (GUILD_MEMBER_REMOVE). */
export async function memberLeftServer(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
): Promise<void> {
  await db.transaction().execute((trx) => markOut(trx, guildId, [userId], now));
}

/**
 * At start: the server's member list as Discord has it now; whoever opted in and is not in it
 * left while Hearth was offline. Returns how many were taken out.
 */
export async function reconcileIntroMembers(
  db: Db,
  guildId: string,
  present: ReadonlySet<string>,
  now: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const opted = await trx
      .selectFrom('intro_members')
      .select('user_id')
      .where('guild_id', '=', guildId)
      .where('status', '=', 'in')
      .execute();
    const gone = opted.map((r) => r.user_id).filter((id) => !present.has(id));
    for (let i = 0; i < gone.length; i += 500)
      await markOut(trx, guildId, gone.slice(i, i + 500), now);
    return gone.length;
  });
}

/** Servers where someone takes part in introductions (for the start-up reconcile). */
export async function guildsWithIntroMembers(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('intro_members')
    .select('guild_id')
    .distinct()
    .where('status', '=', 'in')
    .execute();
  return rows.map((r) => r.guild_id);
}

/** The round's facts, and whom each member of the pool avoids in it (their own list). */
async function roundFacts(
  trx: Tx,
  key: Buffer,
  guildId: string,
  settings: IntroSettings,
  pool: readonly string[],
  seq: number,
): Promise<{ facts: RoundFacts; avoids: Map<string, Set<string>> }> {
  const byKey = new Map(pool.map((id) => [avoidKey(key, guildId, id), id]));
  const exclusions = await trx
    .selectFrom('intro_exclusions')
    .select(['user_id', 'other_key'])
    .where('guild_id', '=', guildId)
    .execute();
  const blocked = new Set<string>();
  const avoids = new Map<string, Set<string>>();
  for (const e of exclusions) {
    const other = byKey.get(e.other_key);
    if (other === undefined) continue;
    blocked.add(pairKey(e.user_id, other));
    avoids.set(e.user_id, (avoids.get(e.user_id) ?? new Set()).add(other));
  }
  const questions = [
    ...new Set(
      settings.criteria.flatMap((c) =>
        c.mode === 'complement' ? [c.question, c.other] : [c.question],
      ),
    ),
  ];
  return {
    facts: {
      pool,
      blocked,
      recent: await recentPairs(trx, guildId, seq, settings.historyRounds),
      answers: await comparableAnswers(trx, guildId, questions),
    },
    avoids,
  };
}

/** Rounds whose check-in is due: claimed once, each group asked "did you meet?" in its thread. */
export async function claimCheckIns(db: Db, now: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('intro_rounds')
      .select(['id', 'guild_id'])
      .where('checkin_done', '=', 0)
      .where('checkin_at', '<=', now)
      .execute();
    let groups = 0;
    for (const round of due) {
      await trx
        .updateTable('intro_rounds')
        .set({ checkin_done: 1 })
        .where('id', '=', round.id)
        .execute();
      const rows = await trx
        .selectFrom('intro_groups')
        .select('id')
        .where('round_id', '=', round.id)
        .execute();
      for (const g of rows) {
        await enqueue(
          trx,
          introCheckInEffect,
          { guildId: round.guild_id, key: String(g.id), payload: { group: g.id } },
          now,
        );
        groups++;
      }
    }
    return groups;
  });
}

/** Servers whose next round is due. */
export async function dueGuilds(db: Db, now: number): Promise<string[]> {
  const rows = await db
    .selectFrom('intro_settings')
    .select('guild_id')
    .where('enabled', '=', 1)
    .where('next_round_at', '<=', now)
    .execute();
  return rows.map((r) => r.guild_id);
}

// ------------------------------------------------------------------ groups

export interface GroupInfo {
  readonly id: number;
  readonly guildId: string;
  readonly roundId: number;
  readonly threadId: string | null;
  readonly members: readonly { readonly userId: string; readonly met: Met | null }[];
}

/** A group of this server (another server's id, or none, is "no such introduction"). */
export async function groupOf(db: Db | Tx, guildId: string, groupId: number): Promise<GroupInfo> {
  const row = await db
    .selectFrom('intro_groups')
    .selectAll()
    .where('id', '=', groupId)
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  if (row === undefined) throw new UserError('intros.noSuchIntro');
  const members = await db
    .selectFrom('intro_group_members')
    .select(['user_id', 'met'])
    .where('group_id', '=', groupId)
    .orderBy('user_id')
    .execute();
  return {
    id: row.id,
    guildId: row.guild_id,
    roundId: row.round_id,
    threadId: row.thread_id,
    members: members.map((m) => ({ userId: m.user_id, met: m.met })),
  };
}

/** Which of these threads belong to a group already (a retry must not adopt another's). */
export async function attachedThreads(
  db: Db,
  guildId: string,
  threadIds: readonly string[],
): Promise<Set<string>> {
  if (threadIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('intro_groups')
    .select('thread_id')
    .where('guild_id', '=', guildId)
    .where('thread_id', 'in', threadIds)
    .execute();
  return new Set(rows.map((r) => r.thread_id!));
}

/**
 * Members who left the server before their thread was made: out of the group (they are not in
 * its thread, and their silence is not an ignored check-in). Returns who is left.
 */
export async function dropFromGroup(
  db: Db,
  guildId: string,
  groupId: number,
  userIds: readonly string[],
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    if (userIds.length > 0)
      await trx
        .deleteFrom('intro_group_members')
        .where('group_id', '=', groupId)
        .where('guild_id', '=', guildId)
        .where('user_id', 'in', userIds)
        .execute();
    const rows = await trx
      .selectFrom('intro_group_members')
      .select('user_id')
      .where('group_id', '=', groupId)
      .orderBy('user_id')
      .execute();
    return rows.map((r) => r.user_id);
  });
}

/**
 * The intro channel is gone or closed to Hearth: introductions pause (no more rounds into a
 * channel that refuses them) until a manager runs setup again. True when this turned them off.
 */
export async function pauseForChannel(
  trx: Tx,
  guildId: string,
  channelId: string | null,
  now: number,
): Promise<boolean> {
  const result = await trx
    .updateTable('intro_settings')
    .set({ enabled: 0, updated_at: now })
    .where('guild_id', '=', guildId)
    .where('enabled', '=', 1)
    .$if(channelId !== null, (q) => q.where('channel_id', '=', channelId!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The member's latest group with a thread, in this server (where to reach them when DMs are closed). */
export async function latestThreadOf(
  db: Db,
  guildId: string,
  userId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('intro_group_members as m')
    .innerJoin('intro_groups as g', 'g.id', 'm.group_id')
    .select('g.thread_id')
    .where('m.guild_id', '=', guildId)
    .where('m.user_id', '=', userId)
    .where('g.thread_id', 'is not', null)
    .orderBy('g.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.thread_id ?? undefined;
}

export async function attachThread(db: Db, groupId: number, threadId: string): Promise<void> {
  await db
    .updateTable('intro_groups')
    .set({ thread_id: threadId })
    .where('id', '=', groupId)
    .where('thread_id', 'is', null)
    .execute();
}

/** What a group has in common, for its conversation starter (answers as they are now). */
export async function groupCommon(
  db: Db,
  guildId: string,
  group: GroupInfo,
): Promise<{ shared: string[]; gives: Common['gives'] }> {
  const settings = await settingsOf(db, guildId);
  if (settings === undefined) return { shared: [], gives: [] };
  const questions = [
    ...new Set(
      settings.criteria.flatMap((c) =>
        c.mode === 'complement' ? [c.question, c.other] : [c.question],
      ),
    ),
  ];
  const answers = await comparableAnswers(db, guildId, questions);
  const ids = group.members.map((m) => m.userId);
  const counts = new Map<string, number>();
  const gives: Common['gives'][number][] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const common = commonGround(settings.criteria, answers, ids[i]!, ids[j]!);
      for (const label of common.shared) counts.set(label, (counts.get(label) ?? 0) + 1);
      gives.push(...common.gives);
    }
  // Shared by everyone in the group first (in a trio, what all three picked).
  const everyone = (ids.length * (ids.length - 1)) / 2;
  const shared = [...counts.entries()]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .filter(([, n]) => ids.length === 2 || n >= Math.min(everyone, 2))
    .map(([label]) => label);
  return { shared, gives };
}

/**
 * A member of the group answers the check-in. Only the group's members, in the group's server:
 * a forged id, another server's group or someone else's button is refused.
 */
export async function answerCheckIn(
  db: Db,
  guildId: string,
  groupId: number,
  userId: string,
  met: Met,
  now: number,
): Promise<{ before: Met | null }> {
  return db.transaction().execute(async (trx) => {
    const group = await groupOf(trx, guildId, groupId);
    const me = group.members.find((m) => m.userId === userId);
    if (me === undefined) throw new UserError('intros.notYourIntro');
    await trx
      .updateTable('intro_group_members')
      .set({ met, answered_at: now })
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .execute();
    await trx
      .updateTable('intro_members')
      .set({ ignored: 0 })
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId)
      .execute();
    return { before: me.met };
  });
}

// ------------------------------------------------------------------ status

export interface IntroStatus {
  readonly settings: IntroSettings;
  readonly pool: number;
  readonly paused: readonly { readonly userId: string; readonly until: number }[];
  readonly asked: number;
  /** Opted in, not paused or asked, and outside the audience now (the role, the segment): not matched. */
  readonly outside: number;
  readonly round:
    | {
        readonly seq: number;
        readonly groups: number;
        readonly members: number;
        readonly met: number;
        readonly answered: number;
        readonly repeats: number;
        readonly createdAt: number;
      }
    | undefined;
}

/**
 * The pool as the next round would see it: opted in, not paused, not asked whether to stay, and,
 * with `eligibility` (read from Discord as a round reads it), in the server and in the audience.
 */
export async function introStatus(
  db: Db,
  guildId: string,
  now: number,
  eligibility: Eligibility = {},
): Promise<IntroStatus> {
  const settings = await requireSettings(db, guildId);
  const members = await db
    .selectFrom('intro_members')
    .select(['user_id', 'paused_until', 'asked_at'])
    .where('guild_id', '=', guildId)
    .where('status', '=', 'in')
    .execute();
  const paused = members
    .filter((m) => m.paused_until !== null && m.paused_until > now)
    .map((m) => ({ userId: m.user_id, until: m.paused_until! }));
  const asked = members.filter((m) => m.asked_at !== null).length;
  const { present, audience } = eligibility;
  const candidates = members.filter(
    (m) =>
      m.asked_at === null &&
      (m.paused_until === null || m.paused_until <= now) &&
      (present === undefined || present.has(m.user_id)),
  );
  const inPool = candidates.filter((m) => audience === undefined || audience.has(m.user_id));
  const last = await db
    .selectFrom('intro_rounds')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let round: IntroStatus['round'];
  if (last !== undefined) {
    const rows = await db
      .selectFrom('intro_group_members')
      .select(['group_id', 'met'])
      .where('round_id', '=', last.id)
      .execute();
    round = {
      seq: last.seq,
      groups: new Set(rows.map((r) => r.group_id)).size,
      members: rows.length,
      met: rows.filter((r) => r.met === 'yes').length,
      answered: rows.filter((r) => r.met !== null).length,
      repeats: last.repeats,
      createdAt: last.created_at,
    };
  }
  return {
    settings,
    pool: inPool.length,
    paused,
    asked,
    outside: candidates.length - inPool.length,
    round,
  };
}

// ------------------------------------------------------------------ replies between members

/** How long the first reply between two members is kept: six months (about 12 biweekly rounds). */
export const REPLY_PAIRS_KEEP_DAYS = 183;

/** Midnight UTC of the day of `at`: the first reply keeps its day, not its moment. */
export const dayStart = (at: number) => Math.floor(at / DAY) * DAY;

/**
 * A member replied to another's message: when both take part in introductions (opted in, paused
 * or not: they agreed to be matched), the first reply between them is kept, as the pair and the
 * day, once (the primary key). Nothing for anyone else, never the message, and no record of which
 * of the two replied. The check reads first without a write lock, so the replies of members who
 * do not take part cost one read; a pair already kept costs nothing more.
 */
export async function recordReply(
  db: Db,
  guildId: string,
  authorId: string,
  repliedToId: string,
  now: number,
): Promise<boolean> {
  if (authorId === repliedToId) return false;
  const [low, high] = authorId < repliedToId ? [authorId, repliedToId] : [repliedToId, authorId];
  const bothIn = async (q: Db | Tx) =>
    (
      await q
        .selectFrom('intro_members')
        .select('user_id')
        .where('guild_id', '=', guildId)
        .where('user_id', 'in', [low, high])
        .where('status', '=', 'in')
        .execute()
    ).length === 2;
  const known = async (q: Db | Tx) =>
    (await q
      .selectFrom('intro_reply_pairs')
      .select('first_at')
      .where('guild_id', '=', guildId)
      .where('user_low', '=', low)
      .where('user_high', '=', high)
      .executeTakeFirst()) !== undefined;
  if (!(await bothIn(db)) || (await known(db))) return false;
  return db.transaction().execute(async (trx) => {
    if (!(await bothIn(trx))) return false;
    const inserted = await trx
      .insertInto('intro_reply_pairs')
      .values({ guild_id: guildId, user_low: low, user_high: high, first_at: dayStart(now) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  });
}

/** The daily retention: first replies older than {@link REPLY_PAIRS_KEEP_DAYS} go. */
export async function pruneReplyPairs(db: Db, now: number): Promise<number> {
  const result = await db
    .deleteFrom('intro_reply_pairs')
    .where('first_at', '<', dayStart(now) - REPLY_PAIRS_KEEP_DAYS * DAY)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ------------------------------------------------------------------ history, for insights

/** One round as `/insights intros` reads it: its groups, each member's check-in answer. */
export interface RoundHistory {
  readonly seq: number;
  readonly createdAt: number;
  /** Pairs inside groups matched again within the window (the pool was too small). */
  readonly repeats: number;
  readonly groups: readonly (readonly { readonly userId: string; readonly met: Met | null }[])[];
}

export interface IntroHistory {
  readonly historyRounds: number;
  /** Oldest first. */
  readonly rounds: readonly RoundHistory[];
  /** The day (UTC midnight, ms) of the first reply between two members, by `low|high`. */
  readonly firstReplies: ReadonlyMap<string, number>;
}

/** The server's rounds, groups and check-in answers, and the first replies kept. */
export async function introHistory(db: Db, guildId: string): Promise<IntroHistory | undefined> {
  const settings = await settingsOf(db, guildId);
  if (settings === undefined) return undefined;
  const rounds = await db
    .selectFrom('intro_rounds')
    .select(['id', 'seq', 'created_at', 'repeats'])
    .where('guild_id', '=', guildId)
    .orderBy('seq')
    .execute();
  const members = await db
    .selectFrom('intro_group_members')
    .select(['round_id', 'group_id', 'user_id', 'met'])
    .where('guild_id', '=', guildId)
    .orderBy('group_id')
    .orderBy('user_id')
    .execute();
  type Member = { userId: string; met: Met | null };
  const byRound = new Map<number, Map<number, Member[]>>();
  for (const m of members) {
    const groups = byRound.get(m.round_id) ?? new Map<number, Member[]>();
    byRound.set(m.round_id, groups);
    const group = groups.get(m.group_id) ?? [];
    groups.set(m.group_id, group);
    group.push({ userId: m.user_id, met: m.met });
  }
  const replies = await db
    .selectFrom('intro_reply_pairs')
    .select(['user_low', 'user_high', 'first_at'])
    .where('guild_id', '=', guildId)
    .execute();
  return {
    historyRounds: settings.historyRounds,
    rounds: rounds.map((r) => ({
      seq: r.seq,
      createdAt: r.created_at,
      repeats: r.repeats,
      groups: [...(byRound.get(r.id)?.values() ?? [])],
    })),
    firstReplies: new Map(replies.map((r) => [`${r.user_low}|${r.user_high}`, r.first_at])),
  };
}
