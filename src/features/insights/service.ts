/**
 * Engagement insights for small communities: who is active, how deep the conversation goes, and
 * how much of it flows between members without staff. Message events (never their text) are
 * stored raw for a retention window; with them, in the same transaction, they add to per-member
 * daily aggregates and a daily histogram of word counts (so the median stays exact). Figures
 * read the aggregates only, so folding old raw events away never changes a figure.
 */
import type { Db } from '../../core/db/database.js';
import { enqueue } from '../../core/outbox/store.js';
import { digestEffect } from './effects.js';
import * as repo from './repository.js';
import type { DailyRow } from './repository.js';
import { DEFAULT_ANONYMITY_MIN } from '../../core/config.js';
import { isPseudonym } from '../../core/member-data.js';

const DAY_MS = 86_400_000;
/** Word counts above this are kept as this (a message of 500 words is "long", exactly). */
export const WORD_CAP = 300;

export const dayOf = (at: number) => Math.floor(at / DAY_MS);

export interface MessageEvent {
  readonly guildId: string;
  readonly userId: string;
  readonly channelId: string;
  readonly at: number;
  readonly staff: boolean;
  /** Whom the message replies to, when it is a reply. */
  readonly replyTo: 'member' | 'staff' | 'bot' | null;
  /** A thread start rather than a message. */
  readonly startsThread: boolean;
  /** Null when the bot cannot see message content: depth is then unknown, not guessed. */
  readonly words: number | null;
}

/** Words in a text, counted in memory; the text itself is never stored. */
export function countWords(text: string): number {
  return Math.min(WORD_CAP, (text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length);
}

/**
 * Stores a batch of events in one transaction: the raw rows (multi-row inserts), and the daily
 * aggregates and word histogram they add to, so figures never have to re-read raw events.
 */
export async function ingestEvents(db: Db, events: readonly MessageEvent[]): Promise<void> {
  if (events.length === 0) return;
  const days = new Map<string, DailyRow>();
  const words = new Map<
    string,
    { guild_id: string; day: number; words: number; messages: number }
  >();
  for (const e of events) {
    const day = dayOf(e.at);
    const key = `${e.guildId}|${e.userId}|${day}`;
    const row = days.get(key) ?? {
      guild_id: e.guildId,
      user_id: e.userId,
      day,
      staff: 0,
      messages: 0,
      top_level: 0,
      replies_member: 0,
      replies_staff: 0,
      replies_bot: 0,
      threads: 0,
      words: 0,
      counted: 0,
    };
    if (e.staff) row.staff = 1;
    if (e.startsThread) row.threads += 1;
    else {
      row.messages += 1;
      if (e.replyTo === null) row.top_level += 1;
      else if (e.replyTo === 'member') row.replies_member += 1;
      else if (e.replyTo === 'staff') row.replies_staff += 1;
      else row.replies_bot += 1;
      if (e.words !== null) {
        const w = Math.min(WORD_CAP, e.words);
        row.words += w;
        row.counted += 1;
        const hkey = `${e.guildId}|${day}|${w}`;
        const h = words.get(hkey) ?? { guild_id: e.guildId, day, words: w, messages: 0 };
        h.messages += 1;
        words.set(hkey, h);
      }
    }
    days.set(key, row);
  }
  await db.transaction().execute(async (trx) => {
    for (const row of days.values()) await repo.addMemberDay(trx, row);
    for (const h of words.values()) await repo.addWordDay(trx, h);
    await repo.insertMessageEvents(
      trx,
      events.map((e) => ({
        guild_id: e.guildId,
        user_id: e.userId,
        channel_id: e.channelId,
        day: dayOf(e.at),
        at: e.at,
        staff: e.staff ? 1 : 0,
        reply_to: e.replyTo,
        starts_thread: e.startsThread ? 1 : 0,
        words: e.words === null ? null : Math.min(WORD_CAP, e.words),
      })),
    );
  });
}

export async function recordMemberEvent(
  db: Db,
  guildId: string,
  userId: string,
  kind: 'join' | 'leave',
  at: number,
): Promise<void> {
  await repo.insertMemberEvent(db, guildId, userId, kind, at);
}

/**
 * Folds raw events of days before `beforeDay` away: their figures already live in the daily
 * aggregates (written with them), so folding deletes them and changes no figure. Returns how
 * many events were folded.
 */
export async function foldEvents(db: Db, beforeDay: number): Promise<number> {
  return repo.deleteMessageEventsBefore(db, beforeDay);
}

/** Every member-day of a guild in a range. */
export async function memberDays(
  db: Db,
  guildId: string,
  fromDay: number,
  toDay: number,
): Promise<DailyRow[]> {
  return repo.memberDays(db, guildId, fromDay, toDay);
}

async function medianWords(
  db: Db,
  guildId: string,
  fromDay: number,
  toDay: number,
): Promise<number | null> {
  const rows = await repo.wordHistogram(db, guildId, fromDay, toDay);
  const total = rows.reduce((a, r) => a + Number(r.messages), 0);
  if (total === 0) return null;
  // The lower median: the word count of message ceil(total / 2) in order.
  let seen = 0;
  for (const r of rows) {
    seen += Number(r.messages);
    if (seen * 2 >= total) return r.words;
  }
  return null;
}

// ------------------------------------------------------------------ hidden members

/**
 * A figure about fewer people than this points at them: a segment's figures, and each rate of
 * `/insights intros` (the groups or pairs it rests on), are shown only from this many up.
 */
export const FIGURE_MIN = 3;

/**
 * The one rule for every figure that counts members together (the overview, the weekly digest,
 * trends, retention): it may include members who asked not to be counted (`/privacy hide`) only
 * when at least `minimum` (ANONYMITY_MIN_RESPONSES) of them are in it. With fewer, the figure
 * minus the per-member figures a manager sees of everyone else would be theirs, so it leaves
 * them out. `inFigure` are the hidden members the figure would count; `counting` those of them
 * who count towards the minimum (by default, all of them). Returns whom the figure leaves out:
 * nobody, or every hidden member in it. Deciding from who is hidden and present, never from what
 * they did, the choice itself tells nothing of their activity.
 */
export function leftOutOfFigure(
  inFigure: ReadonlySet<string>,
  minimum: number,
  counting: ReadonlySet<string> = inFigure,
): ReadonlySet<string> {
  return counting.size >= minimum ? new Set() : inFigure;
}

/**
 * Whom a server-wide figure leaves out: the hidden members, when fewer than `minimum` of them
 * are still in the server (a hidden member who left, by the last join or leave Hearth saw, never
 * counts towards the minimum: four who left and one who stayed would be one).
 */
export async function hiddenLeftOut(
  db: Db,
  guildId: string,
  minimum: number,
): Promise<ReadonlySet<string>> {
  const hidden = await hiddenMembers(db, guildId);
  if (hidden.size === 0) return hidden;
  return leftOutOfFigure(hidden, minimum, await presentOf(db, guildId, [...hidden]));
}

/** Which of these members are in the server, by the last join or leave Hearth saw of each. */
async function presentOf(
  db: Db,
  guildId: string,
  userIds: readonly string[],
): Promise<ReadonlySet<string>> {
  const last = new Map<string, { at: number; kind: string }>();
  for (const ids of chunks(userIds))
    for (const e of await repo.memberEventsOf(db, guildId, ids)) {
      const seen = last.get(e.user_id);
      // A leave and a join in the same millisecond: the member is here (the join is later).
      if (seen === undefined || e.at > seen.at || (e.at === seen.at && e.kind === 'join'))
        last.set(e.user_id, { at: e.at, kind: e.kind });
    }
  // A stand-in (a hidden member who erased their data) is nobody present.
  return new Set(userIds.filter((u) => !isPseudonym(u) && last.get(u)?.kind !== 'leave'));
}

function chunks<T>(all: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

export interface Overview {
  readonly fromDay: number;
  readonly toDay: number;
  readonly activeMembers: number;
  /** Active members out of all members now (bots excluded). */
  readonly activeShare: number | null;
  readonly newMembers: number;
  readonly departedMembers: number;
  readonly messages: number;
  /** Null when Hearth cannot see message content. */
  readonly medianWords: number | null;
  /** Conversations (top-level messages and threads) started by members rather than staff. */
  readonly memberStartedShare: number | null;
  /** Replies written by members to members, out of all replies. */
  readonly memberToMemberShare: number | null;
  /** Posted prompts that got at least one reply. */
  readonly promptResponseRate: number | null;
  /** Average share of members who voted, over polls opened in the period. */
  readonly pollParticipation: number | null;
  readonly onboarding: {
    readonly joined: number;
    readonly started: number;
    readonly completed: number;
  };
  readonly waitlist: number;
  /**
   * Set when the figures leave out members who asked not to be counted (fewer than the minimum
   * of them, {@link leftOutOfFigure}); the median depth is then not shown (`medianWords` null):
   * the word histogram it reads does not say whose words they were.
   */
  readonly hiddenLeftOut?: true;
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The headline figures of a guild for the days [fromDay, toDay] (UTC days); with `members`, of
 * those members only (a segment): their activity, joins, prompt replies, onboarding and waitlist.
 * Depth and poll participation are not kept per member, so a segment's are reported as unknown.
 * Without `members`, the figures follow {@link leftOutOfFigure}: with fewer than `minHidden`
 * hidden members in the server, they leave every hidden member out (and `memberCount`, the
 * server's people now, loses those of them still here).
 */
export async function overview(
  db: Db,
  guildId: string,
  fromDay: number,
  toDay: number,
  memberCount: number,
  members?: readonly string[],
  minHidden: number = DEFAULT_ANONYMITY_MIN,
): Promise<Overview> {
  const only = members === undefined ? undefined : [...members, ''];
  const leftOut =
    members === undefined ? await hiddenLeftOut(db, guildId, minHidden) : new Set<string>();
  const without = [...leftOut];
  const leaving = without.length > 0;
  // Summed by SQLite, split by staff: two rows, whatever the period's length.
  const who = { only, without };
  const sums = await repo.activitySums(db, guildId, fromDay, toDay, who);
  const activeCount = await repo.activeMemberCount(db, guildId, fromDay, toDay, who);
  const of = (staff: number) => sums.find((r) => Number(r.staff) === staff);
  const total = (f: 'messages' | 'starts' | 'replies') =>
    sums.reduce((a, r) => a + Number(r[f]), 0);
  const messages = total('messages');
  const allStarts = total('starts');
  const replies = total('replies');
  const memberStarts = Number(of(0)?.starts ?? 0);
  const memberToMember = Number(of(0)?.to_members ?? 0);
  const active = { size: activeCount };
  const from = fromDay * DAY_MS;
  const to = (toDay + 1) * DAY_MS;
  const joins = await repo.memberEventCount(db, guildId, 'join', from, to, who);
  const leaves = await repo.memberEventCount(db, guildId, 'leave', from, to, who);
  const posted = await repo.postedPromptReplies(db, guildId, from, to, who);
  const polls = await repo.pollVoters(db, guildId, from, to);
  const funnel = await repo.onboardingFunnel(db, guildId, from, to, who);
  const waiting = await repo.waitlistCount(db, guildId, who);
  // The people the shares are of: without the hidden members left out who are still here.
  const people = leaving
    ? Math.max(active.size, memberCount - (await presentOf(db, guildId, without)).size)
    : memberCount;
  return {
    fromDay,
    toDay,
    activeMembers: active.size,
    activeShare: share(active.size, people),
    newMembers: joins,
    departedMembers: leaves,
    messages,
    medianWords:
      only === undefined && !leaving ? await medianWords(db, guildId, fromDay, toDay) : null,
    memberStartedShare: share(memberStarts, allStarts),
    memberToMemberShare: share(memberToMember, replies),
    promptResponseRate: share(posted.filter((p) => Number(p.replies) > 0).length, posted.length),
    pollParticipation:
      polls.length === 0 || memberCount === 0 || only !== undefined
        ? null
        : polls.reduce((sum, p) => sum + Math.min(1, p.voters / memberCount), 0) / polls.length,
    onboarding: {
      joined: Number(funnel.joined),
      started: Number(funnel.started),
      completed: Number(funnel.completed),
    },
    waitlist: waiting,
    ...(leaving ? { hiddenLeftOut: true as const } : {}),
  };
}

export interface WeekTrend {
  readonly fromDay: number;
  readonly activeMembers: number;
  readonly medianWords: number | null;
  readonly memberToMemberShare: number | null;
  /** The week's figures leave out members who asked not to be counted ({@link leftOutOfFigure}). */
  readonly hiddenLeftOut?: true;
}

/** The last `weeks` weeks ending on `toDay`, oldest first; each week as {@link overview} has it. */
export async function trends(
  db: Db,
  guildId: string,
  toDay: number,
  weeks: number,
  minHidden: number = DEFAULT_ANONYMITY_MIN,
): Promise<WeekTrend[]> {
  const out: WeekTrend[] = [];
  for (let w = weeks - 1; w >= 0; w--) {
    const end = toDay - w * 7;
    const o = await overview(db, guildId, end - 6, end, 0, undefined, minHidden);
    out.push({
      fromDay: end - 6,
      activeMembers: o.activeMembers,
      medianWords: o.medianWords,
      memberToMemberShare: o.memberToMemberShare,
      ...(o.hiddenLeftOut === true ? { hiddenLeftOut: true as const } : {}),
    });
  }
  return out;
}

export interface Cohort {
  readonly weekDay: number;
  readonly joined: number;
  /** Members of the cohort active in week 1, 2, 4 and 8 after joining (null: not yet reached). */
  readonly activeAfter: readonly (number | null)[];
}

export const RETENTION_WEEKS = [1, 2, 4, 8] as const;

/**
 * In which of the 1st, 2nd, 4th and 8th week after joining on `joinDay` a member wrote
 * something, as bits (bit i for {@link RETENTION_WEEKS}[i]), from the days they were active.
 */
export function activeWeeksAfter(joinDay: number, activeDays: ReadonlySet<number>): number {
  let bits = 0;
  for (const [i, k] of RETENTION_WEEKS.entries()) {
    const start = joinDay + (k - 1) * 7;
    if ([...activeDays].some((d) => d >= start && d < start + 7)) bits |= 1 << i;
  }
  return bits;
}

/**
 * Before an erase pseudonymizes a member's joins and daily totals apart (one stand-in per join,
 * another for the totals, so a copy of the database cannot tie them together), each join keeps
 * what the retention figure reads from the link: the weeks after it the member was active.
 */
/**
 * A member who asked not to be counted and erases their data stays not counted: their daily
 * totals' stand-in (`totalsStandIn`, the one the erase writes into member_days) is hidden in
 * their place, so the erase cannot put their activity back into figures with too few hidden
 * members ({@link leftOutOfFigure}). The stand-in never counts towards the minimum.
 */
export async function keepHiddenOf(
  trx: Db,
  guildId: string,
  userId: string,
  totalsStandIn: string,
): Promise<void> {
  if (await repo.isHidden(trx, guildId, userId)) await repo.hide(trx, guildId, totalsStandIn);
}

export async function keepRetentionOf(trx: Db, guildId: string, userId: string): Promise<void> {
  const joins = await repo.joinsWithoutWeeks(trx, guildId, userId);
  if (joins.length === 0) return;
  const days = await repo.activeDaysOf(trx, guildId, userId);
  const active = new Set(days.map((d) => d.day));
  for (const join of joins)
    await repo.setJoinActiveWeeks(
      trx,
      guildId,
      userId,
      join.at,
      activeWeeksAfter(dayOf(join.at), active),
    );
}

/**
 * Members by join week, and how many wrote something in the 1st, 2nd, 4th and 8th week after.
 * A join kept without its member's name (an erase) says so itself ({@link keepRetentionOf}).
 * Each cohort is a figure of its own under {@link leftOutOfFigure}: the hidden members who
 * joined that week are in it only when at least `minHidden` of them did (and are still here),
 * else the cohort leaves them out, joins and all (a week only they joined in is not listed).
 */
export async function retention(
  db: Db,
  guildId: string,
  toDay: number,
  weeks = 12,
  minHidden: number = DEFAULT_ANONYMITY_MIN,
): Promise<Cohort[]> {
  const fromDay = toDay - weeks * 7 + 1;
  const joins = await repo.joinsBetween(db, guildId, fromDay * DAY_MS, (toDay + 1) * DAY_MS);
  const activity = await memberDays(db, guildId, fromDay, toDay + 8 * 7);
  const activeDays = new Map<string, Set<number>>();
  for (const d of activity)
    if (d.messages + d.threads > 0)
      activeDays.set(d.user_id, (activeDays.get(d.user_id) ?? new Set()).add(d.day));
  const hidden = await hiddenMembers(db, guildId);
  const weekOf = (at: number) => fromDay + Math.floor((dayOf(at) - fromDay) / 7) * 7;
  const hiddenJoins = new Map<number, Set<string>>();
  for (const join of joins)
    if (hidden.has(join.user_id))
      hiddenJoins.set(
        weekOf(join.at),
        (hiddenJoins.get(weekOf(join.at)) ?? new Set()).add(join.user_id),
      );
  const present = hidden.size === 0 ? hidden : await presentOf(db, guildId, [...hidden]);
  const leftOut = new Set<string>();
  for (const [week, inCohort] of hiddenJoins)
    for (const u of leftOutOfFigure(
      inCohort,
      minHidden,
      new Set([...inCohort].filter((x) => present.has(x))),
    ))
      leftOut.add(`${week}:${u}`);
  const cohorts = new Map<number, { joined: number; after: number[] }>();
  for (const join of joins) {
    const joinDay = dayOf(join.at);
    const week = weekOf(join.at);
    if (leftOut.has(`${week}:${join.user_id}`)) continue;
    const cohort = cohorts.get(week) ?? { joined: 0, after: RETENTION_WEEKS.map(() => 0) };
    cohort.joined += 1;
    const weeks =
      join.active_weeks ?? activeWeeksAfter(joinDay, activeDays.get(join.user_id) ?? new Set());
    for (const i of RETENTION_WEEKS.keys()) if ((weeks & (1 << i)) !== 0) cohort.after[i]! += 1;
    cohorts.set(week, cohort);
  }
  return [...cohorts.entries()]
    .sort(([x], [y]) => x - y)
    .map(([weekDay, c]) => ({
      weekDay,
      joined: c.joined,
      activeAfter: RETENTION_WEEKS.map((k, i) =>
        weekDay + k * 7 > toDay + 1 ? null : c.after[i]!,
      ),
    }));
}

export interface MemberActivity {
  readonly messages: number;
  readonly replies: number;
  readonly threads: number;
  readonly activeDays: number;
  readonly lastDay: number | null;
  readonly averageWords: number | null;
}

export async function memberActivity(
  db: Db,
  guildId: string,
  userId: string,
  fromDay: number,
  toDay: number,
): Promise<MemberActivity> {
  const days = (await memberDays(db, guildId, fromDay, toDay)).filter((d) => d.user_id === userId);
  const sum = (f: (d: DailyRow) => number) => days.reduce((a, d) => a + f(d), 0);
  const counted = sum((d) => d.counted);
  return {
    messages: sum((d) => d.messages),
    replies: sum((d) => d.replies_member + d.replies_staff + d.replies_bot),
    threads: sum((d) => d.threads),
    activeDays: new Set(days.filter((d) => d.messages + d.threads > 0).map((d) => d.day)).size,
    lastDay: days.length === 0 ? null : Math.max(...days.map((d) => d.day)),
    averageWords: counted === 0 ? null : sum((d) => d.words) / counted,
  };
}

export async function setHidden(
  db: Db,
  guildId: string,
  userId: string,
  hidden: boolean,
): Promise<void> {
  if (hidden) await repo.hide(db, guildId, userId);
  else await repo.unhide(db, guildId, userId);
}

export async function hiddenMembers(db: Db, guildId: string): Promise<Set<string>> {
  return new Set(await repo.hiddenIds(db, guildId));
}

/** Claims the weekly digest of `weekOf` for a guild; true once, for exactly one caller. */
export async function claimDigest(
  db: Db,
  guildId: string,
  weekOf: number,
  now: number,
  day: number = Math.floor(now / 86_400_000) - 1,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await repo.insertDigestClaim(trx, guildId, weekOf, now))) return false;
    // Claimed means posted: the digest is enqueued with the claim, with the days it covers.
    const settings = await repo.logChannelOf(trx, guildId);
    await enqueue(
      trx,
      digestEffect,
      {
        guildId,
        key: `${guildId}:${weekOf}`,
        payload: { weekOf, day },
        channelId: settings?.log_channel_id ?? null,
      },
      now,
    );
    return true;
  });
}

/**
 * Removes every event and daily total of one author (Hearth itself, whose own posts earlier
 * versions recorded as staff): bots are never members in any figure.
 */
export async function forgetAuthor(db: Db, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.deleteAuthorActivity(trx, userId);
  });
}
