/**
 * Prompts' SQL, all of it: the bank, schedules and their slots, runs (occurrences), the deck a
 * random schedule deals from, replies in prompt threads, the outbox's backlog as health sees it,
 * and the data map's reads and writes. Rows in, domain values out: a schedule's rule is parsed
 * through its zod schema (never cast). No rules live here (the cap, which prompt a run posts,
 * what catch-up skips, what an erase keeps are the services'); each function takes the database
 * or the caller's transaction, so the service keeps its check-then-change in one transaction.
 * The scheduler's statements (every tick, every claim, `/schedule now`) are precompiled.
 */
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { precompiled } from '../../core/db/precompiled.js';
import type {
  Database,
  OccurrenceTable,
  PromptTable,
  ScheduleTable,
} from '../../core/db/schema.js';
import { parseJson } from '../../core/json.js';
import { scheduleRuleSchema, type ScheduleRule } from '../../core/local-time.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

// ---------------------------------------------------------------------------------------------
// The bank

export type PromptStatus = PromptTable['status'];

export interface Prompt {
  readonly id: number;
  readonly text: string;
  readonly tag: string | null;
  readonly authorId: string | null;
  readonly credit: boolean;
  readonly status: PromptStatus;
  readonly usedCount: number;
  readonly lastUsedAt: number | null;
}

function toPrompt(row: Selectable<PromptTable>): Prompt {
  return {
    id: row.id,
    text: row.text,
    tag: row.tag,
    authorId: row.author_id,
    credit: row.credit === 1,
    status: row.status,
    usedCount: row.used_count,
    lastUsedAt: row.last_used_at,
  };
}

export interface NewPrompt {
  readonly text: string;
  readonly tag: string | null;
  readonly authorId: string | null;
  readonly credit: boolean;
  readonly status: 'active' | 'pending';
  readonly createdAt: number;
}

function promptValues(guildId: string, p: NewPrompt) {
  return {
    guild_id: guildId,
    text: p.text,
    tag: p.tag,
    author_id: p.authorId,
    credit: p.credit ? 1 : 0,
    status: p.status,
    last_used_at: null,
    created_at: p.createdAt,
  };
}

export async function insertPrompt(db: Conn, guildId: string, p: NewPrompt): Promise<Prompt> {
  const row = await db
    .insertInto('prompts')
    .values(promptValues(guildId, p))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPrompt(row);
}

export async function insertPrompts(
  db: Conn,
  guildId: string,
  prompts: readonly NewPrompt[],
): Promise<void> {
  if (prompts.length === 0) return;
  await db
    .insertInto('prompts')
    .values(prompts.map((p) => promptValues(guildId, p)))
    .execute();
}

/** A prompt of the server, whatever its status. */
export async function promptById(
  db: Conn,
  guildId: string,
  id: number,
): Promise<Prompt | undefined> {
  const row = await db
    .selectFrom('prompts')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toPrompt(row);
}

export async function updatePrompt(
  db: Conn,
  guildId: string,
  id: number,
  change: { readonly text?: string; readonly tag?: string | null },
): Promise<Prompt> {
  const row = await db
    .updateTable('prompts')
    .set({
      ...(change.text === undefined ? {} : { text: change.text }),
      ...(change.tag === undefined ? {} : { tag: change.tag }),
    })
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPrompt(row);
}

export async function markPromptRemoved(db: Conn, guildId: string, id: number): Promise<void> {
  await db
    .updateTable('prompts')
    .set({ status: 'removed' })
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .execute();
}

export async function promptsWithStatus(
  db: Conn,
  guildId: string,
  status: PromptStatus,
): Promise<Prompt[]> {
  const rows = await db
    .selectFrom('prompts')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('status', '=', status)
    .orderBy('id')
    .execute();
  return rows.map(toPrompt);
}

/** The texts already in the server's active bank. */
export async function activePromptTexts(db: Conn, guildId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('prompts')
    .select('text')
    .where('guild_id', '=', guildId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.text);
}

/** Decides a suggestion still pending; undefined when it is not (decided already, or unknown). */
export async function decidePendingPrompt(
  db: Conn,
  guildId: string,
  id: number,
  status: 'active' | 'rejected',
): Promise<Prompt | undefined> {
  const row = await db
    .updateTable('prompts')
    .set({ status })
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toPrompt(row);
}

/** A member's suggestions created after `since`, and the oldest of them. */
export async function suggestionsSince(
  db: Conn,
  guildId: string,
  authorId: string,
  since: number,
): Promise<{ count: number; oldest: number | null }> {
  const row = await db
    .selectFrom('prompts')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.min<number>('created_at').as('oldest'),
    ])
    .where('guild_id', '=', guildId)
    .where('author_id', '=', authorId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: row.oldest === null ? null : Number(row.oldest) };
}

/** The server's manager log channel, where suggestions are reviewed. */
export async function logChannelOf(db: Conn, guildId: string): Promise<string | null> {
  const row = await db
    .selectFrom('guilds')
    .select('log_channel_id')
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row?.log_channel_id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Schedules

export type Pick = ScheduleTable['pick'];

export interface Schedule {
  readonly id: number;
  readonly channelId: string;
  readonly rule: ScheduleRule;
  readonly tag: string | null;
  readonly pick: Pick;
  readonly state: 'active' | 'paused';
  readonly pausedReason: string | null;
  readonly nextRunAt: number | null;
  readonly segmentId: number | null;
  readonly mentionRoleId: string | null;
}

function toSchedule(row: Selectable<ScheduleTable>): Schedule {
  return {
    id: row.id,
    channelId: row.channel_id,
    rule: parseJson(scheduleRuleSchema, row.rule, 'schedules.rule'),
    tag: row.tag,
    pick: row.pick,
    state: row.state,
    pausedReason: row.paused_reason,
    nextRunAt: row.next_run_at,
    segmentId: row.segment_id,
    mentionRoleId: row.mention_role_id,
  };
}

/** The slots the server's schedules hold. */
export async function takenSlots(db: Conn, guildId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('schedules')
    .select('slot')
    .where('guild_id', '=', guildId)
    .execute();
  return rows.map((r) => r.slot);
}

export interface NewSchedule {
  readonly channelId: string;
  readonly rule: ScheduleRule;
  readonly tag: string | null;
  readonly pick: Pick;
  readonly nextRunAt: number | null;
  readonly createdAt: number;
  readonly segmentId: number | null;
  readonly mentionRoleId: string | null;
  /** A slot no schedule of the server held when the caller looked. */
  readonly slot: number;
}

/**
 * Adds a schedule in its slot; undefined when another schedule of the server holds that slot
 * (taken since the caller looked: on PostgreSQL, by a create committed meanwhile).
 */
export async function insertSchedule(
  db: Conn,
  guildId: string,
  s: NewSchedule,
): Promise<Schedule | undefined> {
  const row = await db
    .insertInto('schedules')
    .values({
      guild_id: guildId,
      channel_id: s.channelId,
      rule: JSON.stringify(s.rule),
      tag: s.tag,
      pick: s.pick,
      state: 'active',
      paused_reason: null,
      next_run_at: s.nextRunAt,
      created_at: s.createdAt,
      segment_id: s.segmentId,
      mention_role_id: s.mentionRoleId,
      slot: s.slot,
    })
    .onConflict((oc) => oc.columns(['guild_id', 'slot']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toSchedule(row);
}

export async function schedulesOf(db: Conn, guildId: string): Promise<Schedule[]> {
  const rows = await db
    .selectFrom('schedules')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('id')
    .execute();
  return rows.map(toSchedule);
}

export async function findSchedule(
  db: Conn,
  guildId: string,
  id: number,
): Promise<Schedule | undefined> {
  const row = await db
    .selectFrom('schedules')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toSchedule(row);
}

export async function pauseScheduleRow(
  db: Conn,
  guildId: string,
  id: number,
  reason: string | null,
): Promise<void> {
  await db
    .updateTable('schedules')
    .set({ state: 'paused', paused_reason: reason })
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .execute();
}

export async function activateSchedule(
  db: Conn,
  guildId: string,
  id: number,
  nextRunAt: number | null,
): Promise<void> {
  await db
    .updateTable('schedules')
    .set({ state: 'active', paused_reason: null, next_run_at: nextRunAt })
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .execute();
}

export async function setNextRun(
  db: Conn,
  guildId: string,
  id: number,
  nextRunAt: number | null,
): Promise<void> {
  await db
    .updateTable('schedules')
    .set({ next_run_at: nextRunAt })
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .execute();
}

export async function deleteSchedule(db: Conn, guildId: string, id: number): Promise<void> {
  await db.deleteFrom('schedules').where('guild_id', '=', guildId).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// The claim path: every tick, every claim and `/schedule now`, compiled once

const q = {
  due: precompiled<Database, { now: number; limit: number }>()((db, p) =>
    db
      .selectFrom('schedules')
      .innerJoin('guilds', 'guilds.guild_id', 'schedules.guild_id')
      .select([
        'schedules.id',
        'schedules.guild_id',
        'schedules.channel_id',
        'schedules.rule',
        'schedules.tag',
        'schedules.pick',
        'schedules.next_run_at',
        'guilds.timezone',
      ])
      .where('schedules.state', '=', 'active')
      .where('schedules.next_run_at', '<=', p.now)
      .where('guilds.left_at', 'is', null)
      .orderBy('schedules.next_run_at')
      .limit(p.limit),
  ),
  eligible: precompiled<Database, { guildId: string }>()((db, p) =>
    db
      .selectFrom('prompts')
      .select(['id', 'used_count as usedCount'])
      .where('guild_id', '=', p.guildId)
      .where('status', '=', 'active')
      .orderBy('id'),
  ),
  eligibleTagged: precompiled<Database, { guildId: string; tag: string }>()((db, p) =>
    db
      .selectFrom('prompts')
      .select(['id', 'used_count as usedCount'])
      .where('guild_id', '=', p.guildId)
      .where('status', '=', 'active')
      .where('tag', '=', p.tag)
      .orderBy('id'),
  ),
  lastPrompt: precompiled<Database, { scheduleId: number }>()((db, p) =>
    db
      .selectFrom('occurrences')
      .select('prompt_id as promptId')
      .where('schedule_id', '=', p.scheduleId)
      .where('prompt_id', 'is not', null)
      .where('status', 'in', ['claimed', 'posted'])
      .orderBy('due_at', 'desc')
      .limit(1),
  ),
  countUse: precompiled<Database, { id: number; at: number }>()((db, p) =>
    db
      .updateTable('prompts')
      .set((eb) => ({ used_count: eb('used_count', '+', 1), last_used_at: p.at }))
      .where('id', '=', p.id),
  ),
  advance: precompiled<Database, { id: number; from: number; to: number | null }>()((db, p) =>
    db
      .updateTable('schedules')
      .set({ next_run_at: p.to })
      .where('id', '=', p.id)
      .where('next_run_at', '=', p.from)
      .where('state', '=', 'active'),
  ),
  insertRun: precompiled<
    Database,
    {
      scheduleId: number;
      guildId: string;
      dueAt: number;
      promptId: number | null;
      status: 'claimed' | 'missed' | 'empty';
      channelId: string;
      nonce: string;
      now: number;
      notified: number;
      manual: number;
    }
  >()((db, p) =>
    db
      .insertInto('occurrences')
      .values({
        schedule_id: p.scheduleId,
        guild_id: p.guildId,
        due_at: p.dueAt,
        prompt_id: p.promptId,
        status: p.status,
        channel_id: p.channelId,
        nonce: p.nonce,
        message_id: null,
        thread_id: null,
        claimed_at: p.now,
        posted_at: null,
        notified: p.notified,
        manual: p.manual,
      })
      .onConflict((oc) => oc.columns(['schedule_id', 'due_at']).doNothing())
      .returning('id'),
  ),
  pauseBroken: precompiled<Database, { id: number }>()((db, p) =>
    db
      .updateTable('schedules')
      .set({ state: 'paused', paused_reason: 'errors' })
      .where('id', '=', p.id)
      .where('state', '=', 'active'),
  ),
  unnotified: precompiled<Database, Record<string, never>>()((db) =>
    db
      .selectFrom('occurrences')
      .select(['guild_id'])
      .distinct()
      .where('notified', '=', 0)
      .limit(500),
  ),
};

/** A schedule whose next run has come, with its server's time zone. */
export interface DueSchedule {
  readonly id: number;
  readonly guildId: string;
  readonly channelId: string;
  /** Undefined when the stored rule does not read (the claim pauses the schedule). */
  readonly rule: ScheduleRule | undefined;
  readonly tag: string | null;
  readonly pick: Pick;
  readonly nextRunAt: number;
  readonly timezone: string;
}

function readRule(text: string): ScheduleRule | undefined {
  try {
    return parseJson(scheduleRuleSchema, text, 'schedules.rule');
  } catch {
    return undefined;
  }
}

/** Active schedules of present servers due by `now`, soonest first. */
export async function dueSchedules(db: Conn, now: number, limit: number): Promise<DueSchedule[]> {
  const rows = await q.due.all(db, { now, limit });
  return rows.map((row) => ({
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    rule: readRule(row.rule),
    tag: row.tag,
    pick: row.pick,
    // Due by `now`, so it has one.
    nextRunAt: row.next_run_at!,
    timezone: row.timezone,
  }));
}

// The claim path's functions hand back the precompiled statement's own promise (no async
// wrapper, no second pass over the rows: columns are named in SQL): a week claims 100,000 runs.

/** The server's active prompts (with the tag, when given), by id. */
export function eligiblePrompts(
  db: Conn,
  guildId: string,
  tag: string | null,
): Promise<{ id: number; usedCount: number }[]> {
  return tag === null
    ? q.eligible.all(db, { guildId })
    : q.eligibleTagged.all(db, { guildId, tag });
}

/** The schedule's latest run claimed or posted, with its prompt; undefined when none. */
export function lastRunPrompt(
  db: Conn,
  scheduleId: number,
): Promise<{ promptId: number | null } | undefined> {
  return q.lastPrompt.first(db, { scheduleId });
}

/** Counts a prompt's use; resolves to the rows changed. */
export function countPromptUse(db: Conn, promptId: number, at: number): Promise<number> {
  return q.countUse.run(db, { id: promptId, at });
}

/** The prompts a schedule has dealt in its current pass through the bank. */
export async function dealtPrompts(db: Conn, scheduleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('schedule_deck')
    .select('prompt_id')
    .where('schedule_id', '=', scheduleId)
    .execute();
  return rows.map((r) => r.prompt_id);
}

/** Starts a new pass through the bank. */
export async function clearDeck(db: Conn, scheduleId: number): Promise<void> {
  await db.deleteFrom('schedule_deck').where('schedule_id', '=', scheduleId).execute();
}

export async function dealPrompt(db: Conn, scheduleId: number, promptId: number): Promise<void> {
  await db
    .insertInto('schedule_deck')
    .values({ schedule_id: scheduleId, prompt_id: promptId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Moves an active schedule from the run it was read at to `to`; resolves to 0 when it changed
 * meanwhile (another claim advanced it, a manager paused or edited it), 1 when it moved.
 */
export function advanceSchedule(
  db: Conn,
  id: number,
  from: number,
  to: number | null,
): Promise<number> {
  return q.advance.run(db, { id, from, to });
}

/** Pauses an active schedule whose rule cannot be worked out. */
export function pauseBrokenSchedule(db: Conn, id: number): Promise<number> {
  return q.pauseBroken.run(db, { id });
}

export interface NewRun {
  readonly scheduleId: number;
  readonly guildId: string;
  readonly dueAt: number;
  readonly promptId: number | null;
  readonly status: 'claimed' | 'missed' | 'empty';
  readonly channelId: string;
  readonly nonce: string;
  readonly now: number;
  /** False for a missed run its server has not been told of yet. */
  readonly notified: boolean;
  /** Asked for with `/schedule now`. */
  readonly manual: boolean;
}

/** Records a run, with its new id; undefined when the schedule has one at that time already. */
export function insertRun(db: Conn, run: NewRun): Promise<{ id: number } | undefined> {
  return q.insertRun.first(db, {
    scheduleId: run.scheduleId,
    guildId: run.guildId,
    dueAt: run.dueAt,
    promptId: run.promptId,
    status: run.status,
    channelId: run.channelId,
    nonce: run.nonce,
    now: run.now,
    notified: run.notified ? 1 : 0,
    manual: run.manual ? 1 : 0,
  });
}

/** Servers with missed runs they have not been told of (up to 500). */
export async function guildsWithUntoldRuns(db: Conn): Promise<string[]> {
  return (await q.unnotified.all(db, {})).map((r) => r.guild_id);
}

/** Marks the server's untold missed runs told, and returns them. */
export async function markRunsTold(
  db: Conn,
  guildId: string,
): Promise<{ scheduleId: number; dueAt: number }[]> {
  const rows = await db
    .updateTable('occurrences')
    .set({ notified: 1 })
    .where('guild_id', '=', guildId)
    .where('notified', '=', 0)
    .returning(['schedule_id', 'due_at'])
    .execute();
  return rows.map((r) => ({ scheduleId: r.schedule_id, dueAt: r.due_at }));
}

/** Runs of the server asked for with `/schedule now` and claimed after `since`. */
export async function manualRunsSince(db: Conn, guildId: string, since: number): Promise<number> {
  const row = await db
    .selectFrom('occurrences')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .where('manual', '=', 1)
    .where('claimed_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------------------------
// Posting runs

export interface PendingPost {
  readonly id: number;
  readonly guildId: string;
  readonly scheduleId: number;
  readonly channelId: string;
  readonly nonce: string;
  readonly dueAt: number;
  readonly claimedAt: number;
  readonly attempts: number;
  readonly messageId: string | null;
  readonly text: string;
  readonly authorId: string | null;
  readonly credit: boolean;
  /** A role the post mentions (the schedule's audience). */
  readonly mentionRoleId: string | null;
}

function postsQuery(db: Conn) {
  return db
    .selectFrom('occurrences as o')
    .innerJoin('prompts as p', 'p.id', 'o.prompt_id')
    .innerJoin('schedules as s', 's.id', 'o.schedule_id')
    .select([
      's.mention_role_id',
      'o.id',
      'o.guild_id',
      'o.schedule_id',
      'o.channel_id',
      'o.nonce',
      'o.due_at',
      'o.claimed_at',
      'o.attempts',
      'o.message_id',
      'o.status',
      'p.text',
      'p.author_id',
      'p.credit',
    ]);
}

function toPendingPost(r: {
  mention_role_id: string | null;
  id: number;
  guild_id: string;
  schedule_id: number;
  channel_id: string;
  nonce: string;
  due_at: number;
  claimed_at: number;
  attempts: number;
  message_id: string | null;
  text: string;
  author_id: string | null;
  credit: number;
}): PendingPost {
  return {
    id: r.id,
    guildId: r.guild_id,
    scheduleId: r.schedule_id,
    channelId: r.channel_id,
    nonce: r.nonce,
    dueAt: r.due_at,
    claimedAt: r.claimed_at,
    attempts: r.attempts,
    messageId: r.message_id,
    text: r.text,
    authorId: r.author_id,
    credit: r.credit === 1,
    mentionRoleId: r.mention_role_id,
  };
}

/** Claimed runs with their prompts, soonest due first. */
export async function claimedRuns(db: Conn, limit: number): Promise<PendingPost[]> {
  const rows = await postsQuery(db)
    .where('o.status', '=', 'claimed')
    .orderBy('o.due_at')
    .limit(limit)
    .execute();
  return rows.map(toPendingPost);
}

/** A run with its prompt and its status; undefined when there is none (or no prompt). */
export async function runWithPrompt(
  db: Conn,
  occurrenceId: number,
): Promise<{ post: PendingPost; status: OccurrenceTable['status'] } | undefined> {
  const row = await postsQuery(db).where('o.id', '=', occurrenceId).executeTakeFirst();
  return row === undefined ? undefined : { post: toPendingPost(row), status: row.status };
}

export async function setRunMessage(
  db: Conn,
  occurrenceId: number,
  messageId: string,
): Promise<void> {
  await db
    .updateTable('occurrences')
    .set({ message_id: messageId })
    .where('id', '=', occurrenceId)
    .execute();
}

export async function markRunPosted(
  db: Conn,
  occurrenceId: number,
  messageId: string,
  threadId: string | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('occurrences')
    .set({ status: 'posted', message_id: messageId, thread_id: threadId, posted_at: now })
    .where('id', '=', occurrenceId)
    .execute();
}

/** Where a run belongs. */
export async function runPlace(
  db: Conn,
  occurrenceId: number,
): Promise<{ guildId: string; scheduleId: number; channelId: string } | undefined> {
  const row = await db
    .selectFrom('occurrences')
    .select(['guild_id', 'schedule_id', 'channel_id'])
    .where('id', '=', occurrenceId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { guildId: row.guild_id, scheduleId: row.schedule_id, channelId: row.channel_id };
}

/** Fails every claimed run of the schedule; returns their ids. */
export async function failClaimedRuns(db: Conn, scheduleId: number): Promise<number[]> {
  const rows = await db
    .updateTable('occurrences')
    .set({ status: 'failed' })
    .where('schedule_id', '=', scheduleId)
    .where('status', '=', 'claimed')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function failRun(db: Conn, occurrenceId: number): Promise<void> {
  await db
    .updateTable('occurrences')
    .set({ status: 'failed' })
    .where('id', '=', occurrenceId)
    .execute();
}

/** Pauses the schedule if it is active; true when this call paused it. */
export async function pauseActiveSchedule(
  db: Conn,
  scheduleId: number,
  reason: string,
): Promise<boolean> {
  const paused = await db
    .updateTable('schedules')
    .set({ state: 'paused', paused_reason: reason })
    .where('id', '=', scheduleId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return paused.numUpdatedRows > 0n;
}

/** Runs claimed and not yet posted, and when the oldest was claimed. */
export async function claimedBacklog(db: Conn): Promise<{ count: number; oldest: number | null }> {
  const row = await db
    .selectFrom('occurrences')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('claimed_at').as('oldest')])
    .where('status', '=', 'claimed')
    .executeTakeFirst();
  return { count: Number(row?.count ?? 0), oldest: row?.oldest ?? null };
}

// ---------------------------------------------------------------------------------------------
// Replies and statistics

/** The run whose thread this is, in the server; undefined for any other channel. */
export async function runInThread(
  db: Conn,
  guildId: string,
  threadId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('occurrences')
    .select('id')
    .where('thread_id', '=', threadId)
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row?.id;
}

/** Records a reply once (by its message id). */
export async function insertReply(
  db: Conn,
  reply: {
    readonly messageId: string;
    readonly occurrenceId: number;
    readonly guildId: string;
    readonly userId: string;
    readonly at: number;
  },
): Promise<void> {
  await db
    .insertInto('prompt_replies')
    .values({
      message_id: reply.messageId,
      occurrence_id: reply.occurrenceId,
      guild_id: reply.guildId,
      user_id: reply.userId,
      at: reply.at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface PromptStat {
  readonly promptId: number;
  readonly text: string;
  readonly posts: number;
  readonly replies: number;
  readonly repliers: number;
}

/** The server's posted prompts by distinct repliers, then replies, then id. */
export async function promptStats(db: Conn, guildId: string, limit: number): Promise<PromptStat[]> {
  const rows = await db
    .selectFrom('occurrences as o')
    .innerJoin('prompts as p', 'p.id', 'o.prompt_id')
    .leftJoin('prompt_replies as r', 'r.occurrence_id', 'o.id')
    .select((eb) => [
      'p.id',
      'p.text',
      eb.fn.count<number>('o.id').distinct().as('posts'),
      eb.fn.count<number>('r.message_id').as('replies'),
      eb.fn.count<number>('r.user_id').distinct().as('repliers'),
    ])
    .where('o.guild_id', '=', guildId)
    .where('o.status', '=', 'posted')
    .groupBy(['p.id', 'p.text'])
    .orderBy('repliers', 'desc')
    .orderBy('replies', 'desc')
    .orderBy('p.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    promptId: r.id,
    text: r.text,
    posts: Number(r.posts),
    replies: Number(r.replies),
    repliers: Number(r.repliers),
  }));
}

/** A prompt's latest posted runs, newest first. */
export async function postedRunsOf(
  db: Conn,
  guildId: string,
  promptId: number,
  limit: number,
): Promise<{ id: number; postedAt: number | null; channelId: string; threadId: string | null }[]> {
  const rows = await db
    .selectFrom('occurrences')
    .select(['id', 'posted_at', 'channel_id', 'thread_id'])
    .where('guild_id', '=', guildId)
    .where('prompt_id', '=', promptId)
    .where('status', '=', 'posted')
    .orderBy('posted_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    postedAt: r.posted_at,
    channelId: r.channel_id,
    threadId: r.thread_id,
  }));
}

/** Who replied to a run, and when. */
export async function repliesTo(
  db: Conn,
  guildId: string,
  occurrenceId: number,
): Promise<{ userId: string; at: number }[]> {
  const rows = await db
    .selectFrom('prompt_replies')
    .select(['user_id', 'at'])
    .where('occurrence_id', '=', occurrenceId)
    .where('guild_id', '=', guildId)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, at: r.at }));
}

// ---------------------------------------------------------------------------------------------
// The data map

/** The prompt text each of these runs posted (runs of the server only). */
export async function promptTextsOfRuns(
  db: Conn,
  guildId: string,
  occurrenceIds: readonly number[],
): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('occurrences as o')
    .innerJoin('prompts as p', 'p.id', 'o.prompt_id')
    .select(['o.id', 'p.text'])
    .where('o.guild_id', '=', guildId)
    // -1 names no run: the list is never empty.
    .where('o.id', 'in', [...occurrenceIds, -1])
    .execute();
  return new Map(rows.map((r) => [r.id, r.text]));
}

/** Deletes the member's suggestions that never entered the bank (pending or rejected). */
export async function deleteUnkeptSuggestions(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<void> {
  await db
    .deleteFrom('prompts')
    .where('guild_id', '=', guildId)
    .where('author_id', '=', userId)
    .where('status', 'in', ['pending', 'rejected'])
    .execute();
}

/** Takes the member's name and credit off the prompts they wrote. */
export async function unattributePrompts(db: Conn, guildId: string, userId: string): Promise<void> {
  await db
    .updateTable('prompts')
    .set({ author_id: null, credit: 0 })
    .where('guild_id', '=', guildId)
    .where('author_id', '=', userId)
    .execute();
}

export interface ReplyOfMember {
  readonly messageId: string;
  readonly occurrenceId: number;
  readonly at: number;
  readonly promptId: number | null;
  readonly postedAt: number | null;
}

/** The member's replies in the server, with their run's prompt and post time. */
export async function repliesBy(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<ReplyOfMember[]> {
  const rows = await db
    .selectFrom('prompt_replies as r')
    .innerJoin('occurrences as o', 'o.id', 'r.occurrence_id')
    .select(['r.message_id', 'r.occurrence_id', 'r.at', 'o.prompt_id', 'o.posted_at'])
    .where('r.guild_id', '=', guildId)
    .where('r.user_id', '=', userId)
    .execute();
  return rows.map((r) => ({
    messageId: r.message_id,
    occurrenceId: r.occurrence_id,
    at: r.at,
    promptId: r.prompt_id,
    postedAt: r.posted_at,
  }));
}

/**
 * Rewrites replies, each found by its current message id, in one statement: keep the batch to
 * a few hundred rows so the write lock is held for milliseconds.
 */
export async function rewriteReplies(
  db: Conn,
  batch: readonly {
    readonly messageId: string;
    readonly userId: string;
    readonly newMessageId: string;
    readonly at: number;
  }[],
): Promise<void> {
  if (batch.length === 0) return;
  const cases = <T extends string | number>(value: (r: (typeof batch)[number]) => T) =>
    sql<T>`case ${sql.ref('message_id')} ${sql.join(
      batch.map((r) => sql`when ${r.messageId} then ${value(r)}`),
      sql` `,
    )} end`;
  await db
    .updateTable('prompt_replies')
    .set({
      user_id: cases((r) => r.userId),
      message_id: cases((r) => r.newMessageId),
      at: cases((r) => r.at),
    })
    .where(
      'message_id',
      'in',
      batch.map((r) => r.messageId),
    )
    .execute();
}
