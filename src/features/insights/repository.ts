/**
 * Insights' SQL, all of it: raw message and member events, the per-member daily aggregates and
 * the daily word histogram they add to, the figures' sums over them (and over other features'
 * tables the overview reads: prompt replies, polls, onboarding, the waitlist), the members who
 * asked not to be counted, and the weekly digest's claim. Rows in, rows out; no rules live here
 * (who a figure leaves out, the median, retention weeks are the service's). Each function takes
 * the database or the caller's transaction, so the service keeps its check-then-change in one
 * transaction. Ingestion's upserts (every message batch) are precompiled.
 */
import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { precompiled } from '../../core/db/precompiled.js';
import type {
  Database,
  MemberDayTable,
  MessageEventTable,
  WordDayTable,
} from '../../core/db/schema.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

/** One member's figures for one UTC day, as stored. */
export type DailyRow = Selectable<MemberDayTable>;

export type WordDayRow = Selectable<WordDayTable>;

// ---------------------------------------------------------------------------------------------
// Ingestion

const upsertDay = precompiled<Database, DailyRow>()((db, p) =>
  db
    .insertInto('member_days')
    .values({
      guild_id: p.guild_id,
      user_id: p.user_id,
      day: p.day,
      staff: p.staff,
      messages: p.messages,
      top_level: p.top_level,
      replies_member: p.replies_member,
      replies_staff: p.replies_staff,
      replies_bot: p.replies_bot,
      threads: p.threads,
      words: p.words,
      counted: p.counted,
    })
    .onConflict((oc) =>
      oc.columns(['guild_id', 'user_id', 'day']).doUpdateSet((eb) => ({
        staff: eb.fn('max', [eb.ref('member_days.staff'), eb.ref('excluded.staff')]),
        messages: eb('member_days.messages', '+', eb.ref('excluded.messages')),
        top_level: eb('member_days.top_level', '+', eb.ref('excluded.top_level')),
        replies_member: eb('member_days.replies_member', '+', eb.ref('excluded.replies_member')),
        replies_staff: eb('member_days.replies_staff', '+', eb.ref('excluded.replies_staff')),
        replies_bot: eb('member_days.replies_bot', '+', eb.ref('excluded.replies_bot')),
        threads: eb('member_days.threads', '+', eb.ref('excluded.threads')),
        words: eb('member_days.words', '+', eb.ref('excluded.words')),
        counted: eb('member_days.counted', '+', eb.ref('excluded.counted')),
      })),
    ),
);

const upsertWords = precompiled<Database, WordDayRow>()((db, p) =>
  db
    .insertInto('word_days')
    .values({ guild_id: p.guild_id, day: p.day, words: p.words, messages: p.messages })
    .onConflict((oc) =>
      oc.columns(['guild_id', 'day', 'words']).doUpdateSet((eb) => ({
        messages: eb('word_days.messages', '+', eb.ref('excluded.messages')),
      })),
    ),
);

/** Adds one member-day's figures to the stored ones. */
export async function addMemberDay(db: Conn, row: DailyRow): Promise<void> {
  await upsertDay.run(db, row);
}

/** Adds messages to one bucket of the day's word histogram. */
export async function addWordDay(db: Conn, row: WordDayRow): Promise<void> {
  await upsertWords.run(db, row);
}

/** Raw message events, 500 rows a statement. */
export async function insertMessageEvents(
  db: Conn,
  rows: readonly Insertable<MessageEventTable>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('message_events')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

export async function insertMemberEvent(
  db: Conn,
  guildId: string,
  userId: string,
  kind: 'join' | 'leave',
  at: number,
): Promise<void> {
  await db
    .insertInto('member_events')
    .values({ guild_id: guildId, user_id: userId, kind, at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Deletes raw message events of days before `beforeDay`; returns how many. */
export async function deleteMessageEventsBefore(db: Conn, beforeDay: number): Promise<number> {
  const deleted = await db
    .deleteFrom('message_events')
    .where('day', '<', beforeDay)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Every raw event and daily total of one author, in every guild. */
export async function deleteAuthorActivity(db: Conn, userId: string): Promise<void> {
  await db.deleteFrom('message_events').where('user_id', '=', userId).execute();
  await db.deleteFrom('member_days').where('user_id', '=', userId).execute();
}

// ---------------------------------------------------------------------------------------------
// Reads for the figures

/** Every member-day of a guild in a range. */
export async function memberDays(
  db: Conn,
  guildId: string,
  fromDay: number,
  toDay: number,
): Promise<DailyRow[]> {
  return db
    .selectFrom('member_days')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .execute();
}

/** The word histogram of a range, by word count in order. */
export async function wordHistogram(
  db: Conn,
  guildId: string,
  fromDay: number,
  toDay: number,
): Promise<{ words: number; messages: number }[]> {
  return db
    .selectFrom('word_days')
    .select(['words', (eb) => eb.fn.sum<number>('messages').as('messages')])
    .where('guild_id', '=', guildId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy('words')
    .orderBy('words')
    .execute();
}

/** Joins and leaves of these members (at most 500 a call). */
export async function memberEventsOf(
  db: Conn,
  guildId: string,
  userIds: readonly string[],
): Promise<{ user_id: string; kind: 'join' | 'leave'; at: number }[]> {
  return db
    .selectFrom('member_events')
    .select(['user_id', 'kind', 'at'])
    .where('guild_id', '=', guildId)
    .where('user_id', 'in', userIds)
    .execute();
}

/**
 * Whom a figure counts: with `only`, those members only (a segment, with a never-matching ''
 * so the list is never empty); `without`, members it leaves out.
 */
export interface Counted {
  readonly only: readonly string[] | undefined;
  readonly without: readonly string[];
}

/** Message sums of a range, one row per staff flag. */
export async function activitySums(
  db: Conn,
  guildId: string,
  fromDay: number,
  toDay: number,
  who: Counted,
) {
  const { only, without } = who;
  return db
    .selectFrom('member_days')
    .select((eb) => [
      'staff',
      eb.fn.sum<number>('messages').as('messages'),
      eb.fn.sum<number>(eb('top_level', '+', eb.ref('threads'))).as('starts'),
      eb.fn.sum<number>('replies_member').as('to_members'),
      eb.fn
        .sum<number>(
          eb(eb('replies_member', '+', eb.ref('replies_staff')), '+', eb.ref('replies_bot')),
        )
        .as('replies'),
    ])
    .where('guild_id', '=', guildId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .$if(only !== undefined, (q) => q.where('user_id', 'in', only!))
    .$if(without.length > 0, (q) => q.where('user_id', 'not in', without))
    .groupBy('staff')
    .execute();
}

/** How many members wrote something in a range. */
export async function activeMemberCount(
  db: Conn,
  guildId: string,
  fromDay: number,
  toDay: number,
  who: Counted,
): Promise<number> {
  const { only, without } = who;
  const row = await db
    .selectFrom('member_days')
    .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
    .where('guild_id', '=', guildId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .where((eb) => eb(eb('messages', '+', eb.ref('threads')), '>', 0))
    .$if(only !== undefined, (q) => q.where('user_id', 'in', only!))
    .$if(without.length > 0, (q) => q.where('user_id', 'not in', without))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Joins or leaves in [from, to) (milliseconds). */
export async function memberEventCount(
  db: Conn,
  guildId: string,
  kind: 'join' | 'leave',
  from: number,
  to: number,
  who: Counted,
): Promise<number> {
  const { only, without } = who;
  const row = await db
    .selectFrom('member_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .where('kind', '=', kind)
    .where('at', '>=', from)
    .where('at', '<', to)
    .$if(only !== undefined, (q) => q.where('user_id', 'in', only!))
    .$if(without.length > 0, (q) => q.where('user_id', 'not in', without))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Prompts posted in [from, to), each with its replies by the members counted. */
export async function postedPromptReplies(
  db: Conn,
  guildId: string,
  from: number,
  to: number,
  who: Counted,
) {
  const { only, without } = who;
  return db
    .selectFrom('occurrences as o')
    .leftJoin('prompt_replies as r', (j) =>
      j
        .onRef('r.occurrence_id', '=', 'o.id')
        .$call((jj) => (only === undefined ? jj : jj.on('r.user_id', 'in', only)))
        .$call((jj) => (without.length > 0 ? jj.on('r.user_id', 'not in', without) : jj)),
    )
    .select(['o.id', (eb) => eb.fn.count<number>('r.message_id').as('replies')])
    .where('o.guild_id', '=', guildId)
    .where('o.status', '=', 'posted')
    .where('o.posted_at', '>=', from)
    .where('o.posted_at', '<', to)
    .groupBy('o.id')
    .execute();
}

/** Voters of each poll opened in [from, to). */
export async function pollVoters(
  db: Conn,
  guildId: string,
  from: number,
  to: number,
): Promise<{ voters: number }[]> {
  return db
    .selectFrom('polls')
    .select('voters')
    .where('guild_id', '=', guildId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute();
}

/** Onboarding of members who joined in [from, to): joined, started, completed. */
export async function onboardingFunnel(
  db: Conn,
  guildId: string,
  from: number,
  to: number,
  who: Counted,
) {
  const { only, without } = who;
  return db
    .selectFrom('onboarding_members')
    .select((eb) => [
      eb.fn.countAll<number>().as('joined'),
      eb.fn.count<number>('started_at').as('started'),
      eb.fn.count<number>('completed_at').as('completed'),
    ])
    .where('guild_id', '=', guildId)
    .where('joined_at', '>=', from)
    .where('joined_at', '<', to)
    .$if(only !== undefined, (q) => q.where('user_id', 'in', only!))
    .$if(without.length > 0, (q) => q.where('user_id', 'not in', without))
    .executeTakeFirstOrThrow();
}

/** Members on the waitlist now. */
export async function waitlistCount(db: Conn, guildId: string, who: Counted): Promise<number> {
  const { only, without } = who;
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .where('state', '=', 'waiting')
    .$if(only !== undefined, (q) => q.where('user_id', 'in', only!))
    .$if(without.length > 0, (q) => q.where('user_id', 'not in', without))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Joins in [from, to) (milliseconds), with the active weeks an erase kept. */
export async function joinsBetween(db: Conn, guildId: string, from: number, to: number) {
  return db
    .selectFrom('member_events')
    .select(['user_id', 'at', 'active_weeks'])
    .where('guild_id', '=', guildId)
    .where('kind', '=', 'join')
    .where('at', '>=', from)
    .where('at', '<', to)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// One member's retention, kept through an erase

/** A member's joins whose active weeks are not kept yet. */
export async function joinsWithoutWeeks(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<{ at: number }[]> {
  return db
    .selectFrom('member_events')
    .select('at')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('kind', '=', 'join')
    .where('active_weeks', 'is', null)
    .execute();
}

/** The days a member wrote something. */
export async function activeDaysOf(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<{ day: number }[]> {
  return db
    .selectFrom('member_days')
    .select('day')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where((eb) => eb(eb('messages', '+', eb.ref('threads')), '>', 0))
    .execute();
}

export async function setJoinActiveWeeks(
  db: Conn,
  guildId: string,
  userId: string,
  at: number,
  activeWeeks: number,
): Promise<void> {
  await db
    .updateTable('member_events')
    .set({ active_weeks: activeWeeks })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('kind', '=', 'join')
    .where('at', '=', at)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Members who asked not to be counted

export async function isHidden(db: Conn, guildId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('insight_optouts')
    .select('user_id')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function hide(db: Conn, guildId: string, userId: string): Promise<void> {
  await db
    .insertInto('insight_optouts')
    .values({ guild_id: guildId, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function unhide(db: Conn, guildId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('insight_optouts')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

export async function hiddenIds(db: Conn, guildId: string): Promise<string[]> {
  return (
    await db
      .selectFrom('insight_optouts')
      .select('user_id')
      .where('guild_id', '=', guildId)
      .execute()
  ).map((r) => r.user_id);
}

// ---------------------------------------------------------------------------------------------
// The weekly digest

/** Claims a week's digest; true when this call inserted the claim. */
export async function insertDigestClaim(
  db: Conn,
  guildId: string,
  weekOf: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .insertInto('digests')
    .values({ guild_id: guildId, week_of: weekOf, posted_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) !== 0;
}

/** The guild's log channel, where the digest goes (undefined: no such guild). */
export async function logChannelOf(
  db: Conn,
  guildId: string,
): Promise<{ log_channel_id: string | null } | undefined> {
  return db
    .selectFrom('guilds')
    .select('log_channel_id')
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
}

/** Guilds Hearth is in that have a log channel: the digest's candidates. */
export async function digestGuilds(db: Conn): Promise<{ guild_id: string; timezone: string }[]> {
  return db
    .selectFrom('guilds')
    .select(['guild_id', 'timezone'])
    .where('left_at', 'is', null)
    .where('log_channel_id', 'is not', null)
    .execute();
}
