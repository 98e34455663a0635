/**
 * The outbox worker: the one place where Hearth's own effects reach Discord. It claims due rows
 * fairly (see `claimDue`), keeps them in memory per server and channel, and starts them round-robin
 * across servers, one at a time per channel, while the channel's pacing window has room. A channel
 * whose window is full is skipped, not waited on: the next server's work goes instead. Each effect
 * runs in its own error boundary; its outcome (done, retry later, given up with one notice) is
 * written back to its row.
 */
import { randomBytes } from 'node:crypto';
import type { RoleFacts } from '../authority.js';
import type { AppDeps } from '../context.js';
import { getGuild } from '../guilds.js';
import type { Pacer } from '../pacer.js';
import { NONCE_TRUST_MS, type EffectContext, type EffectHandler } from './effects.js';
import { CHANNEL_LEVEL, classify, isOwnError, type Failure } from './failures.js';
import { reasonOf } from './describe.js';
import { enqueueNotice } from './notice.js';
import type { OutboxRest } from './rest.js';
import {
  beginAttempt,
  claimDue,
  complete,
  deferChannel,
  enqueueCount,
  markDropped,
  markFailed,
  nextDueAt,
  releaseHeld,
  releaseOthers,
  retryAt,
  saveProgress,
  statesOf,
  type Held,
} from './store.js';

/** A clock and timers: the real ones, or a simulated clock (benchmarks, the fairness test). */
export interface Timers {
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** How long a claimed row stays this worker's without news; a crashed worker's rows free up after it. */
export const LEASE_MS = 5 * 60_000;
/** Passing failures are tried again this many times in all, then given up with one notice. */
export const MAX_ATTEMPTS = 6;
/** The wait after the n-th passing failure: 30 s, 1, 2, 4, 8 minutes, … at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}
/** An effect that has not finished after this long counts as a passing failure. */
const EXECUTION_TIMEOUT_MS = 120_000;
/** Rows claimed per query, and held at most, in all. */
const CLAIM_LIMIT = 256;
const MAX_HELD = 1_024;
/** Held rows per server and per channel (counting those in flight): no server fills the buffer. */
const HELD_PER_GUILD = 8;
const HELD_PER_CHANNEL = 2;
/** Work newly due in other servers is looked for at least this often while busy. */
const FILL_EVERY_MS = 1_000;
/** The longest the worker sleeps without looking at the table. */
const IDLE_POLL_MS = 30_000;

export interface WorkerOptions {
  readonly app: AppDeps;
  readonly rest: OutboxRest;
  readonly pacer: Pacer;
  readonly handlers: readonly EffectHandler[];
  /** The clock of pacing and waits (real time by default); due times use `app.now`. */
  readonly timers?: Timers;
  readonly botUserId?: () => Promise<string | undefined> | string | undefined;
  /** A server's name when the gateway's cache has it; otherwise it is asked of REST. */
  readonly guildName?: (guildId: string) => string | undefined;
  /** A server's roles when the gateway's cache has them; otherwise they are asked of REST. */
  readonly guildRoles?: (guildId: string) => readonly RoleFacts[] | undefined;
  /** Effects in flight at once, in all and per server. */
  readonly concurrency?: number;
  readonly perGuild?: number;
}

type Settled = { state: string; lastError: string | null };

interface Waiter {
  readonly ids: ReadonlySet<number>;
  readonly resolve: (states: Map<number, Settled>) => void;
}

/**
 * Carries out outbox rows. `start()` it once the client is ready; `kick()` it after committing
 * new rows (a commit listener does it too); `drain()` waits until nothing due is left.
 */
export class OutboxWorker {
  readonly owner = `w-${randomBytes(6).toString('hex')}`;
  readonly #app: AppDeps;
  readonly #rest: OutboxRest;
  readonly #pacer: Pacer;
  readonly #handlers: ReadonlyMap<string, EffectHandler>;
  readonly #timers: Timers;
  readonly #botUserId: () => Promise<string | undefined>;
  readonly #cachedName: (guildId: string) => string | undefined;
  readonly #names = new Map<string, string>();
  readonly #cachedRoles: (guildId: string) => readonly RoleFacts[] | undefined;
  readonly #concurrency: number;
  readonly #perGuild: number;
  /** Held rows not started yet: server → channel key → rows in order. Map order is the rotation. */
  readonly #held = new Map<string, Map<string, Held[]>>();
  readonly #heldIds = new Set<number>();
  #heldCount = 0;
  readonly #busyChannels = new Set<string>();
  readonly #guildInFlight = new Map<string, number>();
  readonly #inFlight = new Map<number, Promise<void>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #cancelTimer: (() => void) | undefined;
  #woken = false;
  #fillWanted = true;
  #lastFillAt = -Infinity;
  #lastFillCount = 0;
  #seenEnqueues = -1;
  #drainers: (() => void)[] = [];
  #waiters = new Set<Waiter>();
  #cachedBotId: string | undefined;

  constructor(options: WorkerOptions) {
    this.#app = options.app;
    this.#rest = options.rest;
    this.#pacer = options.pacer;
    this.#handlers = new Map(options.handlers.map((h) => [h.type.kind, h]));
    if (this.#handlers.size !== options.handlers.length)
      throw new Error('two effect handlers share a kind');
    this.#timers = options.timers ?? realTimers;
    const bot = options.botUserId ?? (() => undefined);
    this.#botUserId = async () => (this.#cachedBotId ??= await bot());
    this.#cachedName = options.guildName ?? (() => undefined);
    this.#cachedRoles = options.guildRoles ?? (() => undefined);
    this.#concurrency = options.concurrency ?? 16;
    this.#perGuild = options.perGuild ?? 2;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Begins carrying out rows; rows a crashed process held are taken over first. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** New rows may be due: look now rather than at the next poll. */
  kick(): void {
    this.#fillWanted = true;
    this.#wakeUp();
  }

  /** After any commit: wakes the worker when the transaction enqueued something. */
  onCommit(): void {
    if (enqueueCount() !== this.#seenEnqueues) this.kick();
  }

  /**
   * Resolves once nothing due (by `app.now`) is held, in flight, or waiting in the table. Rows
   * waiting for a later retry do not count. Rejects after `timeoutMs`.
   */
  drain(timeoutMs = 60_000): Promise<void> {
    if (!this.#running) return Promise.reject(new Error('the outbox worker is not running'));
    return new Promise<void>((resolve, reject) => {
      // Real time, whatever clock paces the worker: a test's limit on how long it waits.
      const timer = realTimers.setTimer(timeoutMs, () => {
        this.#drainers = this.#drainers.filter((d) => d !== done);
        reject(new Error(`outbox not drained within ${timeoutMs} ms`));
      });
      const done = () => {
        timer();
        resolve();
      };
      this.#drainers.push(done);
      this.kick();
    });
  }

  /**
   * Waits (at most `timeoutMs`) until each of these rows is carried out or given up, and returns
   * their states: lets a command answer with the outcome of the effect it asked for.
   */
  async settle(ids: readonly number[], timeoutMs = 5_000): Promise<Map<number, Settled>> {
    const wanted = new Set(ids);
    const current = await statesOf(this.#app.db, ids);
    if ([...current.values()].every((s) => s.state !== 'pending')) return current;
    this.kick();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        ids: wanted,
        resolve: (states) => {
          cancel();
          this.#waiters.delete(waiter);
          resolve(states);
        },
      };
      const cancel = realTimers.setTimer(timeoutMs, () => {
        this.#waiters.delete(waiter);
        void statesOf(this.#app.db, ids).then(resolve, () => resolve(current));
      });
      this.#waiters.add(waiter);
    });
  }

  /** Stops claiming, lets effects in flight finish (at most `graceMs`), and frees held rows. */
  async stop(graceMs = 3_000): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#wakeUp();
    await this.#loop;
    const inFlight = [...this.#inFlight.values()];
    if (inFlight.length > 0) {
      let cancel: (() => void) | undefined;
      await Promise.race([
        Promise.allSettled(inFlight),
        new Promise<void>((resolve) => (cancel = this.#timers.setTimer(graceMs, resolve))),
      ]);
      cancel?.();
    }
    try {
      await releaseHeld(this.#app.db, this.owner, [...this.#heldIds]);
    } catch (error) {
      this.#app.logger.warn({ err: error }, 'could not release held outbox rows');
    }
    this.#held.clear();
    this.#heldIds.clear();
    this.#heldCount = 0;
  }

  async #run(): Promise<void> {
    try {
      const freed = await releaseOthers(this.#app.db, this.owner);
      if (freed > 0)
        this.#app.logger.info({ rows: freed }, 'took over outbox rows of a process that ended');
    } catch (error) {
      this.#app.logger.error({ err: error }, 'could not take over abandoned outbox rows');
    }
    while (this.#running) {
      this.#woken = false;
      try {
        const now = this.#timers.now();
        if (
          this.#fillWanted ||
          this.#heldCount < CLAIM_LIMIT / 4 ||
          now - this.#lastFillAt >= FILL_EVERY_MS
        )
          await this.#fill(now);
        const blockedFor = this.#dispatch();
        if (this.#idle()) this.#notifyDrained();
        if (!this.#running) break;
        if (this.#woken) continue;
        const dueIn = await this.#nextDueIn();
        await this.#sleep(Math.min(blockedFor, dueIn, IDLE_POLL_MS), dueIn <= blockedFor);
      } catch (error) {
        this.#app.logger.error(
          { err: error, ref: randomBytes(4).toString('hex') },
          'outbox worker iteration failed',
        );
        await this.#sleep(1_000);
      }
    }
  }

  async #fill(now: number): Promise<void> {
    this.#fillWanted = false;
    this.#seenEnqueues = enqueueCount();
    this.#lastFillAt = now;
    const room = MAX_HELD - this.#heldCount;
    if (room <= 0) return;
    const claimed = await claimDue(this.#app.db, {
      owner: this.owner,
      now: this.#app.now(),
      leaseMs: LEASE_MS,
      perChannel: HELD_PER_CHANNEL,
      perGuild: HELD_PER_GUILD,
      limit: Math.min(room, CLAIM_LIMIT),
    });
    let added = 0;
    for (const row of claimed) {
      if (this.#heldIds.has(row.id) || this.#inFlight.has(row.id)) continue;
      let channels = this.#held.get(row.guildId);
      if (channels === undefined)
        this.#held.set(row.guildId, (channels = new Map<string, Held[]>()));
      const key = row.channelId ?? '';
      let queue = channels.get(key);
      if (queue === undefined) channels.set(key, (queue = []));
      queue.push(row);
      this.#heldIds.add(row.id);
      this.#heldCount++;
      added++;
    }
    this.#lastFillCount = added;
  }

  /**
   * Starts what may start now, one row per server per round, so servers take turns. Returns how
   * long until a held row's channel window opens (Infinity when nothing is waiting on a window).
   */
  #dispatch(): number {
    let blockedFor = Infinity;
    if (!this.#running) return blockedFor;
    const globalDelay = this.#pacer.globalDelay();
    if (globalDelay > 0 && this.#heldCount > 0) return globalDelay;
    for (let started = true; started && this.#inFlight.size < this.#concurrency;) {
      started = false;
      for (const [guildId, channels] of [...this.#held]) {
        if (this.#inFlight.size >= this.#concurrency) break;
        if ((this.#guildInFlight.get(guildId) ?? 0) >= this.#perGuild) continue;
        for (const [channel, queue] of channels) {
          const busyKey = `${guildId}/${channel}`;
          if (this.#busyChannels.has(busyKey)) continue;
          const delay = channel === '' ? 0 : this.#pacer.keyDelay(channel);
          if (delay > 0) {
            blockedFor = Math.min(blockedFor, delay);
            continue;
          }
          const row = queue.shift()!;
          if (queue.length === 0) channels.delete(channel);
          if (channels.size === 0) this.#held.delete(guildId);
          else {
            // Served: to the back of the rotation.
            this.#held.delete(guildId);
            this.#held.set(guildId, channels);
          }
          this.#heldIds.delete(row.id);
          this.#heldCount--;
          if (channel !== '') this.#pacer.takeKey(channel);
          this.#launch(row, busyKey);
          started = true;
          break;
        }
      }
    }
    return blockedFor;
  }

  #launch(row: Held, busyKey: string): void {
    this.#busyChannels.add(busyKey);
    this.#guildInFlight.set(row.guildId, (this.#guildInFlight.get(row.guildId) ?? 0) + 1);
    const run = this.#execute(row)
      .catch((error: unknown) =>
        this.#app.logger.error(
          { err: error, ref: randomBytes(4).toString('hex'), item: row.id, kind: row.kind },
          'outbox bookkeeping failed; the row is retried when its lease ends',
        ),
      )
      .finally(() => {
        this.#inFlight.delete(row.id);
        this.#busyChannels.delete(busyKey);
        const left = (this.#guildInFlight.get(row.guildId) ?? 1) - 1;
        if (left <= 0) this.#guildInFlight.delete(row.guildId);
        else this.#guildInFlight.set(row.guildId, left);
        void this.#settled(row.id);
        this.#wakeUp();
      });
    this.#inFlight.set(row.id, run);
  }

  /** One effect, in its own error boundary. */
  async #execute(row: Held): Promise<void> {
    const { db, logger } = this.#app;
    const began = await beginAttempt(db, row.id, this.owner, this.#app.now(), LEASE_MS);
    if (began === undefined) return;
    const handler = this.#handlers.get(row.kind);
    if (handler === undefined) {
      logger.error({ item: row.id, kind: row.kind }, 'no handler for this outbox kind');
      await this.#giveUp(row, undefined, undefined, { kind: 'permanent', code: 'kind' });
      return;
    }
    let payload: unknown;
    try {
      payload = handler.type.schema.parse(JSON.parse(row.payload));
    } catch {
      logger.error({ item: row.id, kind: row.kind }, 'outbox payload does not match its kind');
      await this.#giveUp(row, handler, undefined, { kind: 'permanent', code: 'payload' });
      return;
    }
    const guild = await getGuild(db, row.guildId);
    if (guild === undefined || guild.leftAt !== null) {
      await markDropped(db, row.id, this.#app.now());
      return;
    }
    let progress = began.progress === null ? undefined : (JSON.parse(began.progress) as unknown);
    const now = this.#app.now();
    const ctx: EffectContext = {
      app: this.#app,
      rest: this.#rest,
      id: row.id,
      guildId: row.guildId,
      channelId: row.channelId,
      attempts: began.attempts,
      firstAttemptAt: began.firstAttemptAt,
      createdAt: row.createdAt,
      nonce: `h${row.id.toString(36)}`,
      retried: began.attempts > 1,
      nonceExpired: began.attempts > 1 && now - began.firstAttemptAt > NONCE_TRUST_MS,
      botUserId: this.#botUserId,
      guildName: () => this.#guildName(row.guildId),
      roleFacts: () => this.#roleFacts(row.guildId),
      progress: <T>() => progress as T | undefined,
      saveProgress: async (value) => {
        progress = value;
        await saveProgress(db, row.id, this.owner, value);
      },
    };
    try {
      await this.#withTimeout(handler.execute(ctx, payload));
    } catch (error) {
      await this.#failed(row, handler, payload, began.attempts, error);
      return;
    }
    await complete(db, row.id, this.owner, this.#app.now());
  }

  async #failed(
    row: Held,
    handler: EffectHandler,
    payload: unknown,
    attempts: number,
    error: unknown,
  ): Promise<void> {
    const { db, logger } = this.#app;
    const failure = classify(error);
    const fields = { item: row.id, kind: row.kind, guild: row.guildId, error: failure.code };
    if (isOwnError(error))
      logger.error({ ...fields, err: error, ref: randomBytes(4).toString('hex') }, 'effect failed');
    const now = this.#app.now();
    if (failure.kind === 'rate-limited') {
      if (failure.global) this.#pacer.pauseGlobal(failure.retryAfterMs);
      else if (row.channelId !== null) this.#pacer.pauseKey(row.channelId, failure.retryAfterMs);
      logger.info({ ...fields, retryAfterMs: failure.retryAfterMs }, 'rate limited; effect waits');
      await retryAt(db, row.id, this.owner, now + failure.retryAfterMs, failure.code, {
        uncount: true,
      });
      // The channel's other rows wait in the table, not in the held buffer: a server whose
      // channels are all paused still has room for its channels that are not.
      if (!failure.global && row.channelId !== null) {
        const deferred = await deferChannel(
          db,
          row.channelId,
          this.owner,
          now + failure.retryAfterMs,
          [...this.#inFlight.keys()],
        );
        for (const id of deferred) this.#forget(id);
        if (deferred.length > 0) this.kick();
      }
      return;
    }
    if (failure.kind === 'transient' && attempts < MAX_ATTEMPTS) {
      logger.warn({ ...fields, attempts }, 'effect failed; it will be tried again');
      await retryAt(db, row.id, this.owner, now + backoffMs(attempts), failure.code);
      return;
    }
    logger.warn({ ...fields, attempts }, 'effect given up');
    await this.#giveUp(row, handler, payload, failure);
  }

  /**
   * Gives an effect up: the row fails, the kind records it in its decision's state, and managers
   * get one notice, all in one transaction. When the channel itself is the problem (deleted,
   * permissions), the channel's other pending effects are given up with it: nothing more is sent
   * where nothing can succeed.
   */
  async #giveUp(
    row: Held,
    handler: EffectHandler | undefined,
    payload: unknown,
    failure: Failure,
  ): Promise<void> {
    const { db } = this.#app;
    const now = this.#app.now();
    const channelWide =
      row.channelId !== null &&
      !row.channelId.startsWith('user:') &&
      CHANNEL_LEVEL.has(failure.code);
    await db.transaction().execute(async (trx) => {
      if (!(await markFailed(trx, row.id, this.owner, now, failure.code))) return;
      const failed = [{ row, handler, payload }];
      if (channelWide) {
        const others = await trx
          .selectFrom('outbox')
          .select(['id', 'kind', 'payload'])
          .where('guild_id', '=', row.guildId)
          .where('channel_id', '=', row.channelId)
          .where('state', '=', 'pending')
          .where('id', '!=', row.id)
          .limit(500)
          .execute();
        for (const other of others) {
          await trx
            .updateTable('outbox')
            .set({ state: 'failed', finished_at: now, last_error: failure.code, claimed_by: null })
            .where('id', '=', other.id)
            .where('state', '=', 'pending')
            .execute();
          const otherHandler = this.#handlers.get(other.kind);
          let otherPayload: unknown;
          try {
            otherPayload = otherHandler?.type.schema.parse(JSON.parse(other.payload));
          } catch {
            otherPayload = undefined;
          }
          failed.push({
            row: { ...row, id: other.id, kind: other.kind, payload: other.payload },
            handler: otherHandler,
            payload: otherPayload,
          });
          this.#forget(other.id);
        }
      }
      for (const item of failed) {
        if (item.handler === undefined || item.handler.silent === true) continue;
        const notice =
          item.handler.onGiveUp === undefined || item.payload === undefined
            ? undefined
            : await item.handler.onGiveUp(trx, item.payload, failure, {
                guildId: row.guildId,
                channelId: row.channelId,
                now,
              });
        if (notice === null) continue;
        await enqueueNotice(
          trx,
          row.guildId,
          notice ?? {
            key: `outbox:${item.row.kind}:${row.channelId ?? ''}:${failure.code}`,
            message: 'outbox.gaveUp',
            params: {
              what: { key: item.handler.label },
              where:
                row.channelId === null || row.channelId.startsWith('user:')
                  ? ''
                  : { key: 'outbox.where', params: { channel: `<#${row.channelId}>` } },
              reason: reasonOf(failure.code),
            },
          },
          now,
        );
      }
    });
    this.kick();
  }

  /** A held row given up with another: it is not started. */
  #forget(id: number): void {
    if (!this.#heldIds.delete(id)) return;
    for (const [guildId, channels] of this.#held) {
      for (const [channel, queue] of channels) {
        const index = queue.findIndex((r) => r.id === id);
        if (index === -1) continue;
        queue.splice(index, 1);
        this.#heldCount--;
        if (queue.length === 0) channels.delete(channel);
        if (channels.size === 0) this.#held.delete(guildId);
        return;
      }
    }
  }

  async #guildName(guildId: string): Promise<string> {
    const cached = this.#cachedName(guildId) ?? this.#names.get(guildId);
    if (cached !== undefined) return cached;
    const guild = (await this.#rest.get(`/guilds/${guildId}`)) as { name: string };
    if (this.#names.size > 10_000) this.#names.clear();
    this.#names.set(guildId, guild.name);
    return guild.name;
  }

  async #roleFacts(guildId: string): Promise<ReadonlyMap<string, RoleFacts>> {
    const roles =
      this.#cachedRoles(guildId) ??
      (
        (await this.#rest.get(`/guilds/${guildId}/roles`)) as {
          id: string;
          position: number;
          permissions: string;
          managed: boolean;
        }[]
      ).map((r) => ({
        id: r.id,
        position: r.position,
        permissions: BigInt(r.permissions),
        managed: r.managed,
      }));
    return new Map(roles.map((r) => [r.id, r]));
  }

  async #withTimeout(work: Promise<void>): Promise<void> {
    let cancel: (() => void) | undefined;
    try {
      await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          cancel = this.#timers.setTimer(EXECUTION_TIMEOUT_MS, () => {
            const error = new Error('effect timed out');
            error.name = 'TimeoutError';
            reject(error);
          });
        }),
      ]);
    } finally {
      cancel?.();
    }
  }

  #idle(): boolean {
    return (
      this.#inFlight.size === 0 &&
      this.#heldCount === 0 &&
      this.#lastFillCount === 0 &&
      !this.#woken
    );
  }

  #notifyDrained(): void {
    const drainers = this.#drainers;
    if (drainers.length === 0) return;
    // A drain asked for during this pass waits for a pass that starts after it.
    if (this.#fillWanted) return;
    this.#drainers = [];
    for (const done of drainers) done();
  }

  async #settled(id: number): Promise<void> {
    const waiting = [...this.#waiters].filter((w) => w.ids.has(id));
    if (waiting.length === 0) return;
    const ids = [...new Set(waiting.flatMap((w) => [...w.ids]))];
    const states = await statesOf(this.#app.db, ids);
    for (const waiter of waiting) {
      const mine = new Map([...waiter.ids].map((i) => [i, states.get(i)!] as const));
      if ([...mine.values()].every((s) => s !== undefined && s.state !== 'pending'))
        waiter.resolve(mine);
    }
  }

  async #nextDueIn(): Promise<number> {
    const at = await nextDueAt(this.#app.db);
    if (at === undefined) return Infinity;
    // Due now but not claimable (a held channel's third row): a finishing effect wakes the worker.
    const delay = at - this.#app.now();
    return delay <= 0 ? FILL_EVERY_MS : delay;
  }

  /** Sleeps until woken or `ms` pass; when `fillAfter`, the table is read again on waking by time. */
  #sleep(ms: number, fillAfter = true): Promise<void> {
    if (this.#woken || !this.#running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
      this.#cancelTimer = Number.isFinite(ms)
        ? this.#timers.setTimer(ms, () => {
            // Time passed: rows may have fallen due.
            if (fillAfter) this.#fillWanted = true;
            resolve();
          })
        : undefined;
    }).finally(() => {
      this.#cancelTimer?.();
      this.#cancelTimer = undefined;
      this.#wake = undefined;
    });
  }

  #wakeUp(): void {
    this.#woken = true;
    this.#wake?.();
  }
}
