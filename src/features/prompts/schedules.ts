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
import type { Database } from '../../core/db/schema.js';
import { nextRun, parseCron, type ScheduleRule } from '../../core/local-time.js';
import { enqueueNotice } from '../../core/outbox/notice.js';
import { dedupeKeyOf, dropKeys, enqueue } from '../../core/outbox/store.js';
import { promptPost } from './effects.js';
import * as repo from './repository.js';
import type { PendingPost, Pick, PromptStat, Schedule } from './repository.js';

export type { PendingPost, Pick, PromptStat, Schedule } from './repository.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

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
  return db
    .transaction()
    .execute((trx) => createScheduleIn(trx, guildId, { ...input, rule }, zone, now));
}

/**
 * {@link createSchedule} on the caller's connection, its rule already validated. The cap holds
 * by the unique (guild_id, slot), whatever the isolation: a create takes the lowest slot below
 * the cap that no schedule holds, and when another create took that slot since it looked (two
 * PostgreSQL transactions reading the same free slot; SQLite's run one at a time), its insert
 * adds nothing and it looks again. Every miss means another create succeeded, so after more
 * misses than there are slots the server was full the whole time.
 */
export async function createScheduleIn(
  conn: Conn,
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
  for (let attempt = 0; attempt <= LIMITS.schedules; attempt++) {
    const taken = new Set(await repo.takenSlots(conn, guildId));
    // A server over the cap from before it (slots numbered past it) may still have free ones.
    if (taken.size >= LIMITS.schedules) break;
    let slot = 0;
    while (taken.has(slot)) slot++;
    if (slot >= LIMITS.schedules) break;
    const created = await repo.insertSchedule(conn, guildId, {
      channelId: input.channelId,
      rule: input.rule,
      tag: input.tag,
      pick: input.pick,
      nextRunAt: nextRun(input.rule, zone, now) ?? null,
      createdAt: now,
      segmentId: input.segmentId ?? null,
      mentionRoleId: input.mentionRoleId ?? null,
      slot,
    });
    if (created !== undefined) return created;
  }
  throw new UserError('prompts.tooManySchedules', { max: LIMITS.schedules });
}

export async function listSchedules(db: Db, guildId: string): Promise<Schedule[]> {
  return repo.schedulesOf(db, guildId);
}

export async function scheduleOf(db: Conn, guildId: string, id: number): Promise<Schedule> {
  const schedule = await repo.findSchedule(db, guildId, id);
  if (schedule === undefined) throw new UserError('prompts.scheduleUnknown');
  return schedule;
}

export async function pauseSchedule(
  db: Db,
  guildId: string,
  id: number,
  reason: string | null = null,
): Promise<void> {
  await scheduleOf(db, guildId, id);
  await repo.pauseScheduleRow(db, guildId, id, reason);
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
  await repo.activateSchedule(db, guildId, id, nextRun(schedule.rule, zone, now) ?? null);
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
  await repo.setNextRun(db, guildId, id, nextRun(schedule.rule, zone, from) ?? null);
  return scheduleOf(db, guildId, id);
}

export async function removeSchedule(db: Db, guildId: string, id: number): Promise<void> {
  await scheduleOf(db, guildId, id);
  await repo.deleteSchedule(db, guildId, id);
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
    await repo.setNextRun(db, guildId, s.id, nextRun(s.rule, zone, now) ?? null);
  }
}

/** Chooses the prompt for a run by the schedule's rule, and counts its use. */
async function pickPrompt(
  trx: Tx,
  guildId: string,
  schedule: { id: number; tag: string | null; pick: Pick },
  at: number,
  peek = false,
): Promise<number | null> {
  const eligible = await repo.eligiblePrompts(trx, guildId, schedule.tag);
  if (eligible.length === 0) return null;
  let chosen: number;
  if (schedule.pick === 'least_used') {
    chosen = [...eligible].sort((x, y) => x.usedCount - y.usedCount || x.id - y.id)[0]!.id;
  } else if (schedule.pick === 'queue') {
    const last = await repo.lastRunPrompt(trx, schedule.id);
    chosen = (eligible.find((p) => p.id > (last?.promptId ?? 0)) ?? eligible[0]!).id;
  } else {
    const used = new Set(await repo.dealtPrompts(trx, schedule.id));
    let remaining = eligible.filter((p) => !used.has(p.id));
    if (remaining.length === 0) {
      // The bank is exhausted: start a new pass.
      if (!peek) await repo.clearDeck(trx, schedule.id);
      remaining = eligible;
    }
    chosen = remaining[Math.floor(Math.random() * remaining.length)]!.id;
    if (!peek) await repo.dealPrompt(trx, schedule.id, chosen);
  }
  if (!peek) await repo.countPromptUse(trx, chosen, at);
  return chosen;
}

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
    const due = await repo.dueSchedules(db, now, batch);
    if (due.length === 0) break;
    for (let start = 0; start < due.length; start += CLAIMS_PER_TRANSACTION) {
      await db.transaction().execute(async (trx) => {
        for (const row of due.slice(start, start + CLAIMS_PER_TRANSACTION)) {
          let runs: ReturnType<typeof dueRuns>;
          try {
            if (row.rule === undefined) throw new Error('unreadable rule');
            runs = dueRuns(row.rule, row.timezone, row.nextRunAt, now, catchupMs);
          } catch {
            // One broken schedule stops itself, not the minute for everyone.
            await repo.pauseBrokenSchedule(trx, row.id);
            broken.push(row.id);
            continue;
          }
          // Advance first, and only from the run it was read at: a schedule changed meanwhile is left alone.
          if ((await repo.advanceSchedule(trx, row.id, row.nextRunAt, runs.next ?? null)) === 0)
            continue;
          const base = {
            scheduleId: row.id,
            guildId: row.guildId,
            channelId: row.channelId,
            now,
            manual: false,
          };
          if (runs.skipped) {
            // The first skipped run stands for all of them; the server hears once, at the end.
            const dueAt = row.nextRunAt;
            const inserted = await repo.insertRun(trx, {
              ...base,
              dueAt,
              promptId: null,
              status: 'missed',
              nonce: occurrenceNonce(row.id, dueAt),
              notified: !runs.late,
            });
            if (inserted !== undefined && runs.late)
              missed.push({ guildId: row.guildId, scheduleId: row.id, dueAt });
          }
          if (runs.post === undefined) continue;
          const at = runs.post;
          const promptId = await pickPrompt(trx, row.guildId, row, at);
          const inserted = await repo.insertRun(trx, {
            ...base,
            dueAt: at,
            promptId,
            status: promptId === null ? 'empty' : 'claimed',
            nonce: occurrenceNonce(row.id, at),
            notified: true,
          });
          if (inserted === undefined) continue;
          if (promptId === null) {
            empty.push({ guildId: row.guildId, scheduleId: row.id, dueAt: at });
            await enqueueNotice(
              trx,
              row.guildId,
              {
                key: `empty:${row.id}`,
                message: 'prompts.emptyNotice',
                params: { schedule: row.id },
              },
              now,
            );
            continue;
          }
          await enqueuePost(trx, row.guildId, inserted.id, row.channelId, now);
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
  for (const guildId of await repo.guildsWithUntoldRuns(db)) {
    await db.transaction().execute(async (trx) => {
      const runs = await repo.markRunsTold(trx, guildId);
      if (runs.length === 0) return;
      runs.sort((x, y) => x.dueAt - y.dueAt || x.scheduleId - y.scheduleId);
      const hours = Math.round((catchupMs / 3_600_000) * 10) / 10;
      const first = runs[0]!;
      await enqueueNotice(
        trx,
        guildId,
        runs.length === 1
          ? {
              key: `missed:${first.scheduleId}:${first.dueAt}`,
              message: 'prompts.missedNotice',
              params: {
                schedule: first.scheduleId,
                at: `<t:${Math.floor(first.dueAt / 1000)}:F>`,
                hours,
              },
            }
          : {
              key: `missed:${now}`,
              message: 'prompts.missedNoticeMany',
              params: {
                schedules: [...new Set(runs.map((r) => `#${r.scheduleId}`))].join(', '),
                at: `<t:${Math.floor(first.dueAt / 1000)}:F>`,
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
    if ((await repo.manualRunsSince(trx, guildId, now - 3_600_000)) >= LIMITS.manualPerHour)
      throw new UserError('prompts.nowLimit', { max: LIMITS.manualPerHour });
    const dueAt = Math.floor(now / 60_000) * 60_000;
    const promptId = await pickPrompt(
      trx,
      guildId,
      { id: schedule.id, tag: schedule.tag, pick: schedule.pick },
      now,
    );
    if (promptId === null) throw new UserError('prompts.bankEmpty');
    const run = await repo.insertRun(trx, {
      scheduleId: schedule.id,
      guildId,
      dueAt,
      promptId,
      status: 'claimed',
      channelId: schedule.channelId,
      nonce: occurrenceNonce(schedule.id, dueAt),
      now,
      notified: true,
      manual: true,
    });
    // Another request (or the schedule itself) already has this minute's run: nothing is added.
    if (run === undefined) throw new UserError('prompts.alreadyPosting');
    return {
      occurrenceId: run.id,
      effectId: await enqueuePost(trx, guildId, run.id, schedule.channelId, now),
    };
  });
}

/** Claimed runs not yet posted (or posted without their thread yet), oldest first. */
export async function pendingPosts(db: Db, limit = 100): Promise<PendingPost[]> {
  return repo.claimedRuns(db, limit);
}

/** The message exists: record it (the thread may still be missing). */
export async function markMessage(db: Db, occurrenceId: number, messageId: string): Promise<void> {
  await repo.setRunMessage(db, occurrenceId, messageId);
}

export async function markPosted(
  db: Db,
  occurrenceId: number,
  messageId: string,
  threadId: string | null,
  now: number,
): Promise<void> {
  await repo.markRunPosted(db, occurrenceId, messageId, threadId, now);
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
  const occurrence = await repo.runPlace(trx, occurrenceId);
  if (occurrence === undefined) return undefined;
  // Every pending run of the schedule would fail the same way: none is attempted again.
  const others = await repo.failClaimedRuns(trx, occurrence.scheduleId);
  await dropKeys(
    trx,
    others.filter((id) => id !== occurrenceId).map((id) => dedupeKeyOf(promptPost, String(id))),
    now,
  );
  await repo.failRun(trx, occurrenceId);
  const firstTime = await repo.pauseActiveSchedule(trx, occurrence.scheduleId, reason);
  return { ...occurrence, firstTime };
}

/** A run to post, with its prompt, or undefined when it is no longer waiting to be posted. */
export async function runToPost(db: Db, occurrenceId: number): Promise<PendingPost | undefined> {
  const run = await repo.runWithPrompt(db, occurrenceId);
  if (run === undefined || run.status !== 'claimed') return undefined;
  return run.post;
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
  const occurrenceId = await repo.runInThread(db, guildId, threadId);
  if (occurrenceId === undefined) return false;
  await repo.insertReply(db, { messageId, occurrenceId, guildId, userId, at });
  return true;
}

/** Prompts ranked by the conversation they started: distinct repliers, then replies. */
export async function promptStats(db: Db, guildId: string, limit = 10): Promise<PromptStat[]> {
  return repo.promptStats(db, guildId, limit);
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
  const history: PostHistory[] = [];
  for (const post of await repo.postedRunsOf(db, guildId, promptId, 10)) {
    const replies = await repo.repliesTo(db, guildId, post.id);
    const firstDay = Array.from({ length: 24 }, () => 0);
    for (const r of replies) {
      const hour = Math.floor((r.at - (post.postedAt ?? 0)) / 3_600_000);
      if (hour >= 0 && hour < 24) firstDay[hour]! += 1;
    }
    history.push({
      postedAt: post.postedAt ?? 0,
      channelId: post.channelId,
      threadId: post.threadId,
      replies: replies.length,
      repliers: new Set(replies.map((r) => r.userId)).size,
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
