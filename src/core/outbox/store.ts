/**
 * The outbox table: every post, DM or role change Hearth owes Discord on its own is a row here,
 * written in the same transaction as the decision that needs it. This module knows nothing of
 * Discord: services import it to enqueue, and the worker (worker.ts) to claim and record.
 *
 * A row is `pending` until the worker carries it out (`done`), gives up on it (`failed`, with one
 * notice to managers), or its server removes Hearth (`dropped`). While a worker holds a row it
 * has a lease (`claimed_by`, `lease_until`); a crashed worker's rows are taken over by the next
 * process, so nothing stays claimed forever.
 */
import { sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database.js';
import { precompiled } from '../db/precompiled.js';
import type { Database, OutboxRow, OutboxState } from '../db/schema.js';

export type Tx = Transaction<Database>;

/** The declaration of one kind of effect: its name and its payload's schema. Discord-free. */
export interface EffectType<P> {
  readonly kind: string;
  readonly schema: z.ZodType<P>;
}

export function effectType<P>(kind: string, schema: z.ZodType<P>): EffectType<P> {
  if (!/^[a-z]+\.[a-zA-Z-]+$/.test(kind)) throw new Error(`bad effect kind name: ${kind}`);
  return { kind, schema };
}

export interface Intent<P> {
  readonly guildId: string;
  /**
   * Names the one effect intended (a prompt run's id, a poll's id): asking again with the same key
   * changes nothing, so two requests for the same effect carry it out once.
   */
  readonly key: string;
  readonly payload: P;
  /** The channel it posts in, for per-channel pacing (a DM: `user:<id>`). */
  readonly channelId?: string | null;
  /**
   * The member the effect is about (a DM to them, their role), if any. Required whenever the
   * payload or key names a member: erasing the member's data deletes the row.
   */
  readonly subjectId?: string | null;
  /** Not before this time; now by default. */
  readonly at?: number;
}

/** Bumped by every enqueue: the worker wakes after a commit only when something was added. */
let enqueued = 0;
export function enqueueCount(): number {
  return enqueued;
}

/**
 * Records an intended effect in the transaction of the decision that needs it. Taking a
 * transaction (not the database) is the point: the decision cannot commit without its effect,
 * and the effect cannot exist without its decision. Returns the row's id, and whether this call
 * created it (false: the same effect was already asked for).
 */
export async function enqueue<P>(
  trx: Tx,
  type: EffectType<P>,
  intent: Intent<P>,
  now: number,
): Promise<{ id: number; created: boolean }> {
  if (!trx.isTransaction)
    throw new Error('an outbox row is written in the transaction of the decision that needs it');
  const payload = type.schema.parse(intent.payload);
  const dedupeKey = `${type.kind}:${intent.key}`;
  const inserted = await sql_.insert.first(trx, {
    guildId: intent.guildId,
    kind: type.kind,
    dedupeKey,
    payload: JSON.stringify(payload),
    channelId: intent.channelId ?? null,
    subjectId: intent.subjectId ?? null,
    at: intent.at ?? now,
    now,
  });
  if (inserted !== undefined) {
    enqueued++;
    return { id: inserted.id, created: true };
  }
  const existing = await sql_.byKey.first(trx, { dedupeKey });
  return { id: existing!.id, created: false };
}

/** The enqueue path, compiled once: a busy minute enqueues one row per prompt run. */
const sql_ = {
  insert: precompiled<
    Database,
    {
      guildId: string;
      kind: string;
      dedupeKey: string;
      payload: string;
      channelId: string | null;
      subjectId: string | null;
      at: number;
      now: number;
    }
  >()((db, p) =>
    db
      .insertInto('outbox')
      .values({
        guild_id: p.guildId,
        kind: p.kind,
        dedupe_key: p.dedupeKey,
        payload: p.payload,
        channel_id: p.channelId,
        subject_id: p.subjectId,
        state: 'pending',
        next_attempt_at: p.at,
        first_attempt_at: null,
        claimed_by: null,
        lease_until: null,
        progress: null,
        last_error: null,
        created_at: p.now,
        finished_at: null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id'),
  ),
  byKey: precompiled<Database, { dedupeKey: string }>()((db, p) =>
    db.selectFrom('outbox').select('id').where('dedupe_key', '=', p.dedupeKey),
  ),
};

/**
 * A fresh number for one decision, in its transaction: the name its effects' keys carry
 * (`welcome:d42`), instead of the time it was taken. Two decisions about one member in the same
 * millisecond get two numbers, so neither's effects are dropped as a repeat of the other's; a
 * decision rolled back gives its number back with it. Never reused (it is not member data, and an
 * erase leaves it), so a new stay never collides with an old one's effects. The same decision
 * carried out again (a retried worker step) reuses the number it carries in its payload.
 */
export async function newDecision(trx: Tx): Promise<string> {
  if (!trx.isTransaction) throw new Error('a decision is numbered in its own transaction');
  const row = await trx
    .insertInto('outbox_decisions')
    .values({ id: 1, last: 1 })
    .onConflict((oc) => oc.column('id').doUpdateSet({ last: sql<number>`last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return `d${row.last}`;
}

/** The dedupe key a kind and key are stored under, for looking an effect up later. */
export function dedupeKeyOf(type: EffectType<unknown>, key: string): string {
  return `${type.kind}:${key}`;
}

/** One row the worker holds. */
export interface Held {
  readonly id: number;
  readonly guildId: string;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly payload: string;
  readonly channelId: string | null;
  readonly attempts: number;
  readonly firstAttemptAt: number | null;
  readonly progress: string | null;
  readonly createdAt: number;
  readonly nextAttemptAt: number;
}

function held(row: OutboxRow): Held {
  return {
    id: row.id,
    guildId: row.guild_id,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    payload: row.payload,
    channelId: row.channel_id,
    attempts: row.attempts,
    firstAttemptAt: row.first_attempt_at,
    progress: row.progress,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
  };
}

/**
 * Claims due rows for `owner`, round-robin across servers: at most `perChannel` per server and
 * channel and `perGuild` per server (counting rows already held), every server's first due row
 * before any server's second, and among first rows, the servers waiting longest first (the least
 * recent turn in `outbox_turns`; a server never served before comes first of all). Each server
 * claimed takes a new turn, so one whose row was just carried out queues behind every server not
 * served since, however old its next row is: a server's backlog gets one row per round, and a
 * server with one due row waits at most one round of the others.
 */
export async function claimDue(
  db: Db,
  options: {
    owner: string;
    now: number;
    leaseMs: number;
    perChannel: number;
    perGuild: number;
    limit: number;
  },
): Promise<Held[]> {
  const { owner, now, leaseMs, perChannel, perGuild, limit } = options;
  return db.transaction().execute(async (trx) => {
    // Ranked over every due row, held ones included, so rows already held count against the caps.
    // Window functions, subqueries with aliases, COALESCE: the same SQL runs on PostgreSQL.
    const ranked = await sql<{ id: number; guild_id: string }>`
      SELECT ranked.id, ranked.guild_id FROM (
        SELECT per_channel.id, per_channel.guild_id, per_channel.next_attempt_at,
          per_channel.lease_until,
          ROW_NUMBER() OVER (
            PARTITION BY per_channel.guild_id
            ORDER BY per_channel.rn, per_channel.channel_rank, per_channel.next_attempt_at,
              per_channel.id
          ) AS guild_rn
        FROM (
          SELECT id, guild_id, next_attempt_at, lease_until,
            ROW_NUMBER() OVER (
              PARTITION BY guild_id, channel_id ORDER BY next_attempt_at, id
            ) AS rn,
            DENSE_RANK() OVER (PARTITION BY guild_id ORDER BY channel_id) AS channel_rank
          FROM outbox
          WHERE state = 'pending' AND next_attempt_at <= ${now}
        ) per_channel
        WHERE per_channel.rn <= ${perChannel}
      ) ranked
      LEFT JOIN outbox_turns turns ON turns.guild_id = ranked.guild_id
      WHERE ranked.guild_rn <= ${perGuild}
        AND (ranked.lease_until IS NULL OR ranked.lease_until <= ${now})
      ORDER BY ranked.guild_rn, COALESCE(turns.turn, 0), ranked.next_attempt_at, ranked.id
      LIMIT ${limit}`.execute(trx);
    if (ranked.rows.length === 0) return [];
    const ids = ranked.rows.map((r) => r.id);
    const rows = await trx
      .updateTable('outbox')
      .set({ claimed_by: owner, lease_until: now + leaseMs })
      .where('id', 'in', ids)
      .returningAll()
      .execute();
    // The servers served take new turns, in the order served: to the back of the line.
    const last = await trx
      .selectFrom('outbox_turns')
      .select((eb) => eb.fn.max('turn').as('turn'))
      .executeTakeFirst();
    const base = Number(last?.turn ?? 0);
    const turns = new Map<string, number>();
    for (const [i, r] of ranked.rows.entries()) turns.set(r.guild_id, base + i + 1);
    await trx
      .insertInto('outbox_turns')
      .values([...turns].map(([guild_id, turn]) => ({ guild_id, turn })))
      .onConflict((oc) =>
        oc.column('guild_id').doUpdateSet((eb) => ({ turn: eb.ref('excluded.turn') })),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => held(byId.get(id)!));
  });
}

/** When the next pending row falls due (or its lease ends), if any. */
export async function nextDueAt(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}

/**
 * An attempt begins: counted before anything is sent, so a crash mid-send leaves a trace the next
 * attempt reads ("an earlier attempt may have reached Discord: look first"). False when the row
 * is no longer this worker's to carry out (dropped, done, or taken over).
 */
export async function beginAttempt(
  db: Db,
  id: number,
  owner: string,
  now: number,
  leaseMs: number,
): Promise<{ attempts: number; firstAttemptAt: number; progress: string | null } | undefined> {
  const row = await db
    .updateTable('outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      first_attempt_at: eb.fn.coalesce('first_attempt_at', eb.val(now)),
      lease_until: now + leaseMs,
    }))
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('claimed_by', '=', owner)
    .returning(['attempts', 'first_attempt_at', 'progress'])
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        attempts: row.attempts,
        firstAttemptAt: row.first_attempt_at ?? now,
        progress: row.progress,
      };
}

export async function saveProgress(
  db: Db,
  id: number,
  owner: string,
  progress: unknown,
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ progress: JSON.stringify(progress) })
    .where('id', '=', id)
    .where('claimed_by', '=', owner)
    .execute();
}

/** The effect happened. */
export async function complete(db: Db | Tx, id: number, owner: string, now: number): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ state: 'done', finished_at: now, claimed_by: null, lease_until: null, last_error: null })
    .where('id', '=', id)
    .where('claimed_by', '=', owner)
    .where('state', '=', 'pending')
    .execute();
}

/** A passing failure (or Discord asking to wait): try again at `at`. */
export async function retryAt(
  db: Db,
  id: number,
  owner: string,
  at: number,
  error: string,
  { uncount = false }: { uncount?: boolean } = {},
): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({
      next_attempt_at: at,
      last_error: error,
      claimed_by: null,
      lease_until: null,
      ...(uncount ? { attempts: eb('attempts', '-', 1) } : {}),
    }))
    .where('id', '=', id)
    .where('claimed_by', '=', owner)
    .where('state', '=', 'pending')
    .execute();
}

/**
 * Discord paused a channel (a 429 for its route): its other pending rows wait in the table until
 * `until`, not in a worker's memory, where they would fill their server's share of held rows and
 * hold back its other channels for as long as Discord asked. Rows another live worker holds, and
 * rows in flight (`except`), are left alone. Returns the ids deferred.
 */
export async function deferChannel(
  db: Db,
  channelId: string,
  owner: string,
  until: number,
  except: readonly number[],
): Promise<number[]> {
  let query = db
    .updateTable('outbox')
    .set({ next_attempt_at: until, claimed_by: null, lease_until: null })
    .where('channel_id', '=', channelId)
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<', until)
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', owner)]));
  if (except.length > 0) query = query.where('id', 'not in', [...except]);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

/** The effect cannot happen (a permanent refusal, or too many passing failures). True once. */
export async function markFailed(
  trx: Tx,
  id: number,
  owner: string,
  now: number,
  error: string,
): Promise<boolean> {
  const changed = await trx
    .updateTable('outbox')
    .set({
      state: 'failed',
      finished_at: now,
      last_error: error,
      claimed_by: null,
      lease_until: null,
    })
    .where('id', '=', id)
    .where('claimed_by', '=', owner)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return changed.numUpdatedRows > 0n;
}

/** The work is moot (its server removed Hearth, or its subject is gone). */
export async function markDropped(db: Db | Tx, id: number, now: number): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ state: 'dropped', finished_at: now, claimed_by: null, lease_until: null })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

/**
 * At start-up, with the single-instance lock held: rows another process held are that crashed
 * process's, so they are free again now, not when their lease runs out.
 */
export async function releaseOthers(db: Db, owner: string): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ claimed_by: null, lease_until: null })
    .where('state', '=', 'pending')
    .where('claimed_by', 'is not', null)
    .where('claimed_by', '!=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** On shutdown: what this worker held and did not start goes back to the queue. */
export async function releaseHeld(db: Db, owner: string, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set({ claimed_by: null, lease_until: null })
    .where('claimed_by', '=', owner)
    .where('id', 'in', [...ids])
    .execute();
}

/** These effects are moot (their decision was undone): dropped if not carried out yet. */
export async function dropKeys(trx: Tx, dedupeKeys: readonly string[], now: number): Promise<void> {
  for (let i = 0; i < dedupeKeys.length; i += 500)
    await trx
      .updateTable('outbox')
      .set({ state: 'dropped', finished_at: now, claimed_by: null, lease_until: null })
      .where('dedupe_key', 'in', dedupeKeys.slice(i, i + 500))
      .where('state', '=', 'pending')
      .execute();
}

/**
 * The server removed Hearth: its pending work is dropped, and never sent if it comes back; its
 * turn in the rotation goes too (a server that comes back starts as a new one). Called in the
 * transaction that marks the departure (guilds.ts). A row already in a worker's hands finds its
 * server gone when it starts and is dropped then.
 */
export async function dropGuildWork(db: Db | Tx, guildId: string, now: number): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ state: 'dropped', finished_at: now, claimed_by: null, lease_until: null })
    .where('guild_id', '=', guildId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  await db.deleteFrom('outbox_turns').where('guild_id', '=', guildId).execute();
  return Number(result.numUpdatedRows);
}

/** A manager fixed what was wrong: failed work of the server is tried again, from scratch. */
export async function requeueFailed(trx: Tx, guildId: string, now: number): Promise<number> {
  const result = await trx
    .updateTable('outbox')
    .set({
      state: 'pending',
      attempts: 0,
      first_attempt_at: null,
      next_attempt_at: now,
      finished_at: null,
      last_error: null,
    })
    .where('guild_id', '=', guildId)
    .where('last_error', 'is not', null)
    .where('state', '=', 'failed')
    .executeTakeFirst();
  if (result.numUpdatedRows > 0n) enqueued++;
  return Number(result.numUpdatedRows);
}

/** One effect, asked for again (a manager's `/poll close` after its results failed). */
export async function requeue(trx: Tx, dedupeKey: string, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('outbox')
    .set({
      state: 'pending',
      attempts: 0,
      first_attempt_at: null,
      next_attempt_at: now,
      finished_at: null,
      last_error: null,
    })
    .where('dedupe_key', '=', dedupeKey)
    .where('state', '=', 'failed')
    .executeTakeFirst();
  if (result.numUpdatedRows > 0n) enqueued++;
  return result.numUpdatedRows > 0n;
}

export async function stateOf(
  db: Db | Tx,
  dedupeKey: string,
): Promise<{ state: OutboxState; lastError: string | null } | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select(['state', 'last_error'])
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  return row === undefined ? undefined : { state: row.state, lastError: row.last_error };
}

export async function statesOf(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { state: OutboxState; lastError: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'state', 'last_error'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, { state: r.state, lastError: r.last_error }]));
}

export interface FailingItem {
  readonly id: number;
  readonly kind: string;
  readonly state: OutboxState;
  readonly channelId: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly since: number;
  readonly nextAttemptAt: number | null;
}

/** What is stuck in one server: given up, or failing and waiting to try again. */
export async function failingItems(db: Db, guildId: string, limit = 10): Promise<FailingItem[]> {
  const rows = await db
    .selectFrom('outbox')
    .select([
      'id',
      'kind',
      'state',
      'channel_id',
      'attempts',
      'last_error',
      'created_at',
      'next_attempt_at',
    ])
    .where('guild_id', '=', guildId)
    .where('last_error', 'is not', null)
    .where('state', 'in', ['failed', 'pending'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    state: r.state,
    channelId: r.channel_id,
    attempts: r.attempts,
    lastError: r.last_error,
    since: r.created_at,
    nextAttemptAt: r.state === 'pending' ? r.next_attempt_at : null,
  }));
}

export interface OutboxHealth {
  /** Rows waiting to be carried out (due or not). */
  readonly pending: number;
  /** Of those, rows already due. */
  readonly due: number;
  /** How long the oldest due row has been due, in ms (0 when none is due). */
  readonly oldestDueMs: number;
  /** Rows given up on in the last 24 hours. */
  readonly failedLastDay: number;
}

/**
 * The outbox at a glance, for health checks ("outbox not stuck"): depth, and the age of the
 * oldest due row. Cheap: indexed counts.
 */
export async function outboxHealth(db: Db, now: number): Promise<OutboxHealth> {
  const pending = await db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.min('next_attempt_at').as('oldest'),
      eb.fn
        .sum<number>(eb.case().when('next_attempt_at', '<=', now).then(1).else(0).end())
        .as('due'),
    ])
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  const failed = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('finished_at', '>', now - 86_400_000)
    .where('state', '=', 'failed')
    .executeTakeFirstOrThrow();
  const oldest = pending.oldest === null ? undefined : Number(pending.oldest);
  return {
    pending: Number(pending.n),
    due: Number(pending.due ?? 0),
    oldestDueMs: oldest === undefined || oldest > now ? 0 : now - oldest,
    failedLastDay: Number(failed.n),
  };
}

/** Finished rows older than `before` are forgotten (their decisions keep their own records). */
export async function purgeFinished(db: Db, before: number): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where('finished_at', '<', before)
    .where('state', '!=', 'pending')
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
