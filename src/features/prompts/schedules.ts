/**
 * Prompt schedules and their occurrences. The database is the source of truth: each schedule
 * keeps its next run in UTC, a ticker claims due runs through one indexed query, and each run
 * becomes an occurrence row whose (schedule, due time) is unique and whose message nonce is
 * derived from that key, so neither a retry nor a crash can post it twice. The post itself is an
 * outbox row written in the same transaction as the claim; the outbox worker makes it.
 */
import type { Transaction } from 'kysely';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import { precompiled } from '../../core/db/precompiled.js';
import type { Database, ScheduleTable } from '../../core/db/schema.js';
import {
  nextRun,
  parseCron,
  scheduleRuleSchema,
  type ScheduleRule,
} from '../../core/local-time.js';
import { parseJson } from '../../core/json.js';
import { enqueueNotice } from '../../core/outbox/notice.js';
import { dedupeKeyOf, dropKeys, enqueue } from '../../core/outbox/store.js';
import { promptPost } from './effects.js';

type Tx = Transaction<Database>;

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

function toSchedule(row: {
  id: number;
  channel_id: string;
  rule: string;
  tag: string | null;
  pick: Pick;
  state: 'active' | 'paused';
  paused_reason: string | null;
  next_run_at: number | null;
  segment_id: number | null;
  mention_role_id: string | null;
}): Schedule {
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

/**
 * The nonce Discord deduplicates a post by: a function of the occurrence's unique key, to the
 * millisecond, so two runs of one schedule in the same minute never share one.
 */
export function occurrenceNonce(scheduleId: number, dueAt: number): string {
  return `p${scheduleId.toString(36)}-${dueAt.toString(36)}`;
}

/** Per-server limits, so one server cannot fill the queue everyone shares. */
export const LIMITS = {
  /** Schedules per server. */
  schedules: 20,
  /** The shortest time between two runs of one schedule. */
  minIntervalMs: 60 * 60_000,
  /** `/schedule now` posts per server in any hour. */
  manualPerHour: 10,
} as const;

/** Whether a rule fires more often than {@link LIMITS.minIntervalMs}, judged over two weeks in UTC. */
function firesTooOften(rule: ScheduleRule): boolean {
  let at = nextRun(rule, 'UTC', Date.UTC(2026, 0, 4));
  for (let i = 0; i < 400 && at !== undefined; i++) {
    const next = nextRun(rule, 'UTC', at);
    if (next === undefined) return false;
    if (next - at < LIMITS.minIntervalMs) return true;
    at = next;
  }
  return false;
}

/** Checks a rule a manager gave, with a message for each way it can be wrong. */
export function validateRule(rule: ScheduleRule): ScheduleRule {
  if (rule.kind === 'cron') {
    const parsed = parseCron(rule.expression);
    if (typeof parsed === 'string')
      throw new UserError('prompts.badCron', { field: parsed.slice(0, 40) });
    const cron = { kind: 'cron' as const, expression: rule.expression.trim().replace(/\s+/g, ' ') };
    if (firesTooOften(cron)) throw new UserError('prompts.tooOften');
    return cron;
  }
  if (
    rule.weekdays.length === 0 ||
    rule.weekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)
  )
    throw new UserError('prompts.badWeekdays');
  if (
    !Number.isInteger(rule.hour) ||
    rule.hour < 0 ||
    rule.hour > 23 ||
    !Number.isInteger(rule.minute) ||
    rule.minute < 0 ||
    rule.minute > 59
  )
    throw new UserError('prompts.badTime');
  if (!Number.isInteger(rule.everyWeeks) || rule.everyWeeks < 1 || rule.everyWeeks > 8)
    throw new UserError('prompts.badEvery');
  return { ...rule, weekdays: [...new Set(rule.weekdays)].sort() };
}

/** "18:00", "6:05", "18.30" → hour and minute; undefined when it is not a time of day. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | undefined {
  const match = /^\s*(\d{1,2})[:.h](\d{2})\s*$/i.exec(text);
  if (match === null) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

export async function createSchedule(
  db: Db,
  guildId: string,
  input: {
    channelId: string;
    rule: ScheduleRule;
    tag: string | null;
    pick: Pick;
    segmentId?: number | null;
    mentionRoleId?: string | null;
  },
  zone: string,
  now: number,
): Promise<Schedule> {
  const rule = validateRule(input.rule);
  return db.transaction().execute(async (trx) => {
    const count = await trx
      .selectFrom('schedules')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('guild_id', '=', guildId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= LIMITS.schedules)
      throw new UserError('prompts.tooManySchedules', { max: LIMITS.schedules });
    const row = await trx
      .insertInto('schedules')
      .values({
        guild_id: guildId,
        channel_id: input.channelId,
        rule: JSON.stringify(rule),
        tag: input.tag,
        pick: input.pick,
        state: 'active',
        paused_reason: null,
        next_run_at: nextRun(rule, zone, now) ?? null,
        created_at: now,
        segment_id: input.segmentId ?? null,
        mention_role_id: input.mentionRoleId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSchedule(row);
  });
}

export async function listSchedules(db: Db, guildId: string): Promise<Schedule[]> {
  return (
    await db
      .selectFrom('schedules')
      .selectAll()
      .where('guild_id', '=', guildId)
      .orderBy('id')
      .execute()
  ).map(toSchedule);
}

export async function scheduleOf(db: Db | Tx, guildId: string, id: number): Promise<Schedule> {
  const row = await db
    .selectFrom('schedules')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new UserError('prompts.scheduleUnknown');
  return toSchedule(row);
}

export async function pauseSchedule(
  db: Db,
  guildId: string,
  id: number,
  reason: string | null = null,
): Promise<void> {
  await scheduleOf(db, guildId, id);
  await db
    .updateTable('schedules')
    .set({ state: 'paused', paused_reason: reason })
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .execute();
}

/** Resumes from now: runs that fell while paused are not posted late. */
export async function resumeSchedule(
  db: Db,
  guildId: string,
  id: number,
  zone: string,
  now: number,
): Promise<Schedule> {
  const schedule = await scheduleOf(db, guildId, id);
  await db
    .updateTable('schedules')
    .set({
      state: 'active',
      paused_reason: null,
      next_run_at: nextRun(schedule.rule, zone, now) ?? null,
    })
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .execute();
  return scheduleOf(db, guildId, id);
}

/** Skips the next run: the one after it becomes next. */
export async function skipNext(
  db: Db,
  guildId: string,
  id: number,
  zone: string,
  now: number,
): Promise<Schedule> {
  const schedule = await scheduleOf(db, guildId, id);
  const from = schedule.nextRunAt ?? now;
  await db
    .updateTable('schedules')
    .set({ next_run_at: nextRun(schedule.rule, zone, from) ?? null })
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .execute();
  return scheduleOf(db, guildId, id);
}

export async function removeSchedule(db: Db, guildId: string, id: number): Promise<void> {
  await scheduleOf(db, guildId, id);
  await db.deleteFrom('schedules').where('guild_id', '=', guildId).where('id', '=', id).execute();
}

/** After the server's time zone changes, every active schedule follows the new zone. */
export async function rescheduleGuild(
  db: Db,
  guildId: string,
  zone: string,
  now: number,
): Promise<void> {
  for (const s of await listSchedules(db, guildId)) {
    if (s.state !== 'active') continue;
    await db
      .updateTable('schedules')
      .set({ next_run_at: nextRun(s.rule, zone, now) ?? null })
      .where('id', '=', s.id)
      .execute();
  }
}

/** The statements of the claim path, compiled once (a busy week claims one run per schedule). */
const sql = {
  eligible: precompiled<Database, { guildId: string }>()((db, p) =>
    db
      .selectFrom('prompts')
      .select(['id', 'used_count'])
      .where('guild_id', '=', p.guildId)
      .where('status', '=', 'active')
      .orderBy('id'),
  ),
  eligibleTagged: precompiled<Database, { guildId: string; tag: string }>()((db, p) =>
    db
      .selectFrom('prompts')
      .select(['id', 'used_count'])
      .where('guild_id', '=', p.guildId)
      .where('status', '=', 'active')
      .where('tag', '=', p.tag)
      .orderBy('id'),
  ),
  lastPrompt: precompiled<Database, { scheduleId: number }>()((db, p) =>
    db
      .selectFrom('occurrences')
      .select('prompt_id')
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

/** Chooses the prompt for a run by the schedule's rule, and counts its use. */
async function pickPrompt(
  trx: Tx,
  guildId: string,
  schedule: { id: number; tag: string | null; pick: Pick },
  at: number,
  peek = false,
): Promise<number | null> {
  const eligible =
    schedule.tag === null
      ? await sql.eligible.all(trx, { guildId })
      : await sql.eligibleTagged.all(trx, { guildId, tag: schedule.tag });
  if (eligible.length === 0) return null;
  let chosen: number;
  if (schedule.pick === 'least_used') {
    chosen = [...eligible].sort((x, y) => x.used_count - y.used_count || x.id - y.id)[0]!.id;
  } else if (schedule.pick === 'queue') {
    const last = await sql.lastPrompt.first(trx, { scheduleId: schedule.id });
    chosen = (eligible.find((p) => p.id > (last?.prompt_id ?? 0)) ?? eligible[0]!).id;
  } else {
    const used = new Set(
      (
        await trx
          .selectFrom('schedule_deck')
          .select('prompt_id')
          .where('schedule_id', '=', schedule.id)
          .execute()
      ).map((r) => r.prompt_id),
    );
    let remaining = eligible.filter((p) => !used.has(p.id));
    if (remaining.length === 0) {
      // The bank is exhausted: start a new pass.
      if (!peek)
        await trx.deleteFrom('schedule_deck').where('schedule_id', '=', schedule.id).execute();
      remaining = eligible;
    }
    chosen = remaining[Math.floor(Math.random() * remaining.length)]!.id;
    if (!peek)
      await trx
        .insertInto('schedule_deck')
        .values({ schedule_id: schedule.id, prompt_id: chosen })
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
  if (!peek) await sql.countUse.run(trx, { id: chosen, at });
  return chosen;
}

const dueSchedules = precompiled<Database, { now: number; limit: number }>()((db, p) =>
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
);

export interface Missed {
  readonly guildId: string;
  readonly scheduleId: number;
  readonly dueAt: number;
}

export interface ClaimResult {
  /** Runs claimed for posting (within the catch-up window). */
  readonly claimed: number;
  /** Schedules with runs more than the catch-up window late: skipped, and managers told. */
  readonly missed: readonly Missed[];
  /** Runs with no prompt to post (the bank is empty for the schedule's tag). */
  readonly empty: readonly Missed[];
  /** Schedules paused because their rule could not be worked out. */
  readonly broken: readonly number[];
}

/** Schedules claimed per transaction: fewer commits, still short transactions. */
const CLAIMS_PER_TRANSACTION = 100;

/**
 * The runs of one schedule due by `now`: the one to post (the latest inside the catch-up window),
 * whether any earlier run is skipped, and the next run after `now`. However long Hearth was down,
 * this is one post per schedule: only the window is walked, run by run.
 */
function dueRuns(
  rule: ScheduleRule,
  zone: string,
  first: number,
  now: number,
  catchupMs: number,
): { post: number | undefined; skipped: boolean; late: boolean; next: number | undefined } {
  const windowStart = now - catchupMs;
  let cursor: number | undefined =
    first >= windowStart ? first : nextRun(rule, zone, windowStart - 1);
  let post: number | undefined;
  let inWindow = 0;
  for (let guard = 0; cursor !== undefined && cursor <= now && guard < 10_000; guard++) {
    post = cursor;
    inWindow++;
    cursor = nextRun(rule, zone, cursor);
  }
  return {
    post,
    skipped: first < windowStart || inWindow > 1,
    // Runs too late to post at all are worth a notice; a run only superseded by a newer one is not.
    late: first < windowStart,
    next: cursor,
  };
}

/**
 * Claims every run that is due, in transactions that also write what must follow: each schedule
 * moves to its next run, its run to post becomes an occurrence with its prompt chosen and an
 * outbox row to post it, a skipped run is recorded as missed, and a bank with nothing to post is
 * reported to managers, all in the same transaction. Catch-up after downtime is one post per
 * schedule and, in the end, one notice per server listing what was skipped. Idempotent: a
 * schedule only advances from the run it was read at, and a run can only be inserted once.
 */
export async function claimDue(
  db: Db,
  now: number,
  catchupMs: number,
  batch = 500,
): Promise<ClaimResult> {
  const missed: Missed[] = [];
  const empty: Missed[] = [];
  const broken: number[] = [];
  let claimed = 0;
  for (;;) {
    const due = await dueSchedules.all(db, { now, limit: batch });
    if (due.length === 0) break;
    for (let start = 0; start < due.length; start += CLAIMS_PER_TRANSACTION) {
      await db.transaction().execute(async (trx) => {
        for (const row of due.slice(start, start + CLAIMS_PER_TRANSACTION)) {
          let runs: ReturnType<typeof dueRuns>;
          try {
            runs = dueRuns(
              parseJson(scheduleRuleSchema, row.rule, 'schedules.rule'),
              row.timezone,
              row.next_run_at!,
              now,
              catchupMs,
            );
          } catch {
            // One broken schedule stops itself, not the minute for everyone.
            await sql.pauseBroken.run(trx, { id: row.id });
            broken.push(row.id);
            continue;
          }
          // Advance first, and only from the run it was read at: a schedule changed meanwhile is left alone.
          if (
            (await sql.advance.run(trx, {
              id: row.id,
              from: row.next_run_at!,
              to: runs.next ?? null,
            })) === 0
          )
            continue;
          const base = {
            scheduleId: row.id,
            guildId: row.guild_id,
            channelId: row.channel_id,
            now,
            manual: 0,
          };
          if (runs.skipped) {
            // The first skipped run stands for all of them; the server hears once, at the end.
            const dueAt = row.next_run_at!;
            const inserted = await sql.insertRun.first(trx, {
              ...base,
              dueAt,
              promptId: null,
              status: 'missed',
              nonce: occurrenceNonce(row.id, dueAt),
              notified: runs.late ? 0 : 1,
            });
            if (inserted !== undefined && runs.late)
              missed.push({ guildId: row.guild_id, scheduleId: row.id, dueAt });
          }
          if (runs.post === undefined) continue;
          const at = runs.post;
          const promptId = await pickPrompt(trx, row.guild_id, row, at);
          const inserted = await sql.insertRun.first(trx, {
            ...base,
            dueAt: at,
            promptId,
            status: promptId === null ? 'empty' : 'claimed',
            nonce: occurrenceNonce(row.id, at),
            notified: 1,
          });
          if (inserted === undefined) continue;
          if (promptId === null) {
            empty.push({ guildId: row.guild_id, scheduleId: row.id, dueAt: at });
            await enqueueNotice(
              trx,
              row.guild_id,
              {
                key: `empty:${row.id}`,
                message: 'prompts.emptyNotice',
                params: { schedule: row.id },
              },
              now,
            );
            continue;
          }
          await enqueuePost(trx, row.guild_id, inserted.id, row.channel_id, now);
          claimed++;
        }
      });
    }
    if (due.length < batch) break;
  }
  if (missed.length > 0) await noticeMissed(db, now, catchupMs);
  return { claimed, missed, empty, broken };
}

async function enqueuePost(
  trx: Tx,
  guildId: string,
  occurrenceId: number,
  channelId: string,
  now: number,
): Promise<number> {
  const { id } = await enqueue(
    trx,
    promptPost,
    { guildId, key: String(occurrenceId), payload: { occurrence: occurrenceId }, channelId },
    now,
  );
  return id;
}

/**
 * One notice per server for the runs skipped while Hearth was down, written in the transaction
 * that marks them told: a crash before it leaves them untold, and the next claim tells them.
 */
export async function noticeMissed(db: Db, now: number, catchupMs: number): Promise<number> {
  let told = 0;
  for (const { guild_id: guildId } of await sql.unnotified.all(db, {})) {
    await db.transaction().execute(async (trx) => {
      const runs = await trx
        .updateTable('occurrences')
        .set({ notified: 1 })
        .where('guild_id', '=', guildId)
        .where('notified', '=', 0)
        .returning(['schedule_id', 'due_at'])
        .execute();
      if (runs.length === 0) return;
      runs.sort((x, y) => x.due_at - y.due_at || x.schedule_id - y.schedule_id);
      const hours = Math.round((catchupMs / 3_600_000) * 10) / 10;
      const first = runs[0]!;
      await enqueueNotice(
        trx,
        guildId,
        runs.length === 1
          ? {
              key: `missed:${first.schedule_id}:${first.due_at}`,
              message: 'prompts.missedNotice',
              params: {
                schedule: first.schedule_id,
                at: `<t:${Math.floor(first.due_at / 1000)}:F>`,
                hours,
              },
            }
          : {
              key: `missed:${now}`,
              message: 'prompts.missedNoticeMany',
              params: {
                schedules: [...new Set(runs.map((r) => `#${r.schedule_id}`))].join(', '),
                at: `<t:${Math.floor(first.due_at / 1000)}:F>`,
                hours,
              },
            },
        now,
      );
      told++;
    });
  }
  return told;
}

/**
 * A run to post now ("post one now"), for the same worker as scheduled runs. Requests for one
 * schedule within the same minute are one run: eight managers pressing at once post once.
 * Returns the outbox row that will post it.
 */
export async function claimNow(
  db: Db,
  guildId: string,
  scheduleId: number,
  now: number,
): Promise<{ occurrenceId: number; effectId: number }> {
  return db.transaction().execute(async (trx) => {
    const schedule = await scheduleOf(trx, guildId, scheduleId);
    const recent = await trx
      .selectFrom('occurrences')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('guild_id', '=', guildId)
      .where('manual', '=', 1)
      .where('claimed_at', '>', now - 3_600_000)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= LIMITS.manualPerHour)
      throw new UserError('prompts.nowLimit', { max: LIMITS.manualPerHour });
    const dueAt = Math.floor(now / 60_000) * 60_000;
    const promptId = await pickPrompt(
      trx,
      guildId,
      { id: schedule.id, tag: schedule.tag, pick: schedule.pick },
      now,
    );
    if (promptId === null) throw new UserError('prompts.bankEmpty');
    const row = await sql.insertRun.first(trx, {
      scheduleId: schedule.id,
      guildId,
      dueAt,
      promptId,
      status: 'claimed',
      channelId: schedule.channelId,
      nonce: occurrenceNonce(schedule.id, dueAt),
      now,
      notified: 1,
      manual: 1,
    });
    // Another request (or the schedule itself) already has this minute's run: nothing is added.
    if (row === undefined) throw new UserError('prompts.alreadyPosting');
    return {
      occurrenceId: row.id,
      effectId: await enqueuePost(trx, guildId, row.id, schedule.channelId, now),
    };
  });
}

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

/** Claimed runs not yet posted (or posted without their thread yet), oldest first. */
export async function pendingPosts(db: Db, limit = 100): Promise<PendingPost[]> {
  const rows = await db
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
      'p.text',
      'p.author_id',
      'p.credit',
    ])
    .where('o.status', '=', 'claimed')
    .orderBy('o.due_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
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
  }));
}

/** The message exists: record it (the thread may still be missing). */
export async function markMessage(db: Db, occurrenceId: number, messageId: string): Promise<void> {
  await db
    .updateTable('occurrences')
    .set({ message_id: messageId })
    .where('id', '=', occurrenceId)
    .execute();
}

export async function markPosted(
  db: Db,
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

/**
 * Posting cannot succeed until a manager acts (channel deleted, permission missing): the run
 * fails and its schedule pauses. Returns true the first time, so managers are told once.
 */
export async function failAndPause(
  db: Db,
  occurrenceId: number,
  reason: string,
  now = Date.now(),
): Promise<{ guildId: string; scheduleId: number; firstTime: boolean } | undefined> {
  return db.transaction().execute((trx) => failAndPauseIn(trx, occurrenceId, reason, now));
}

/** {@link failAndPause} inside the transaction that gives the post up. */
export async function failAndPauseIn(
  trx: Tx,
  occurrenceId: number,
  reason: string,
  now: number,
): Promise<
  { guildId: string; scheduleId: number; channelId: string; firstTime: boolean } | undefined
> {
  const occurrence = await trx
    .selectFrom('occurrences')
    .select(['guild_id', 'schedule_id', 'channel_id'])
    .where('id', '=', occurrenceId)
    .executeTakeFirst();
  if (occurrence === undefined) return undefined;
  // Every pending run of the schedule would fail the same way: none is attempted again.
  const others = await trx
    .updateTable('occurrences')
    .set({ status: 'failed' })
    .where('schedule_id', '=', occurrence.schedule_id)
    .where('status', '=', 'claimed')
    .returning('id')
    .execute();
  await dropKeys(
    trx,
    others.filter((o) => o.id !== occurrenceId).map((o) => dedupeKeyOf(promptPost, String(o.id))),
    now,
  );
  await trx
    .updateTable('occurrences')
    .set({ status: 'failed' })
    .where('id', '=', occurrenceId)
    .execute();
  const paused = await trx
    .updateTable('schedules')
    .set({ state: 'paused', paused_reason: reason })
    .where('id', '=', occurrence.schedule_id)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return {
    guildId: occurrence.guild_id,
    scheduleId: occurrence.schedule_id,
    channelId: occurrence.channel_id,
    firstTime: paused.numUpdatedRows > 0n,
  };
}

/** A run to post, with its prompt, or undefined when it is no longer waiting to be posted. */
export async function runToPost(db: Db, occurrenceId: number): Promise<PendingPost | undefined> {
  const row = await db
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
    ])
    .where('o.id', '=', occurrenceId)
    .executeTakeFirst();
  if (row === undefined || row.status !== 'claimed') return undefined;
  return {
    id: row.id,
    guildId: row.guild_id,
    scheduleId: row.schedule_id,
    channelId: row.channel_id,
    nonce: row.nonce,
    dueAt: row.due_at,
    claimedAt: row.claimed_at,
    attempts: row.attempts,
    messageId: row.message_id,
    text: row.text,
    authorId: row.author_id,
    credit: row.credit === 1,
    mentionRoleId: row.mention_role_id,
  };
}

/** A message in a prompt's thread: who and when (never the text). Ignores other channels. */
export async function recordReply(
  db: Db,
  guildId: string,
  threadId: string,
  messageId: string,
  userId: string,
  at: number,
): Promise<boolean> {
  const occurrence = await db
    .selectFrom('occurrences')
    .select('id')
    .where('thread_id', '=', threadId)
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  if (occurrence === undefined) return false;
  await db
    .insertInto('prompt_replies')
    .values({
      message_id: messageId,
      occurrence_id: occurrence.id,
      guild_id: guildId,
      user_id: userId,
      at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return true;
}

export interface PromptStat {
  readonly promptId: number;
  readonly text: string;
  readonly posts: number;
  readonly replies: number;
  readonly repliers: number;
}

/** Prompts ranked by the conversation they started: distinct repliers, then replies. */
export async function promptStats(db: Db, guildId: string, limit = 10): Promise<PromptStat[]> {
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

export interface PostHistory {
  readonly postedAt: number;
  readonly channelId: string;
  readonly threadId: string | null;
  readonly replies: number;
  readonly repliers: number;
  /** Replies in each of the first 24 hours after the post. */
  readonly firstDay: readonly number[];
}

export async function promptHistory(
  db: Db,
  guildId: string,
  promptId: number,
): Promise<PostHistory[]> {
  const posts = await db
    .selectFrom('occurrences')
    .select(['id', 'posted_at', 'channel_id', 'thread_id'])
    .where('guild_id', '=', guildId)
    .where('prompt_id', '=', promptId)
    .where('status', '=', 'posted')
    .orderBy('posted_at', 'desc')
    .limit(10)
    .execute();
  const history: PostHistory[] = [];
  for (const post of posts) {
    const replies = await db
      .selectFrom('prompt_replies')
      .select(['user_id', 'at'])
      .where('occurrence_id', '=', post.id)
      .where('guild_id', '=', guildId)
      .execute();
    const firstDay = Array.from({ length: 24 }, () => 0);
    for (const r of replies) {
      const hour = Math.floor((r.at - (post.posted_at ?? 0)) / 3_600_000);
      if (hour >= 0 && hour < 24) firstDay[hour]! += 1;
    }
    history.push({
      postedAt: post.posted_at ?? 0,
      channelId: post.channel_id,
      threadId: post.thread_id,
      replies: replies.length,
      repliers: new Set(replies.map((r) => r.user_id)).size,
      firstDay,
    });
  }
  return history;
}

/** The next run and the prompt it would post, without claiming anything. */
export async function previewNext(
  db: Db,
  guildId: string,
  scheduleId: number,
): Promise<{ at: number | null; promptId: number | null }> {
  return db.transaction().execute(async (trx) => {
    const schedule = await scheduleOf(trx, guildId, scheduleId);
    const promptId = await pickPrompt(
      trx,
      guildId,
      { id: schedule.id, tag: schedule.tag, pick: schedule.pick },
      0,
      true,
    );
    return { at: schedule.state === 'active' ? schedule.nextRunAt : null, promptId };
  });
}
