/**
 * The outbox: one durable queue for everything Hearth must tell Discord on its own. Services write
 * a row with `enqueue` in the transaction of the decision that needs it; the worker carries it out
 * after commit, retries what may pass, gives up with one notice on what cannot, and never does one
 * effect twice. See store.ts (the table), worker.ts (the worker), effects.ts (the kinds' contract).
 */
import type { RoleFacts } from '../authority.js';
import type { AppDeps } from '../context.js';
import { sqliteDriverOf } from '../db/database.js';
import { Pacer, type Window } from '../pacer.js';
import type { MessageKey } from '../i18n.js';
import type { EffectHandler } from './effects.js';
import { noticeEffect } from './notice-effect.js';
import { pacedRest, type OutboxRest } from './rest.js';
import type { REST } from '@discordjs/rest';
import { OutboxWorker, realTimers, type Timers } from './worker.js';

export { effect, NONCE_TRUST_MS, type EffectContext, type EffectHandler } from './effects.js';
export { PermanentFailure, classify, type Failure } from './failures.js';
export { enqueueNotice, noticeType } from './notice.js';
export { reasonOf, render, type Phrase } from './describe.js';
export {
  dedupeKeyOf,
  effectType,
  enqueue,
  failingItems,
  outboxHealth,
  requeue,
  requeueFailed,
  stateOf,
  type EffectType,
  type FailingItem,
  type OutboxHealth,
  type Tx,
} from './store.js';
export { OutboxWorker, realTimers, type Timers } from './worker.js';
export {
  createOutboxRest,
  pacedRest,
  type OutboxRest,
  type RequestOptions,
  type Route,
} from './rest.js';

/** Discord: about 5 messages per 5 s in a channel, 50 requests per second for the whole bot. */
export const CHANNEL_WINDOW: Window = { limit: 5, windowMs: 5_000 };
/** 48 of Discord's 50 a second: the rest is left to interaction follow-ups and look-ups. */
export const GLOBAL_WINDOW: Window = { limit: 48, windowMs: 1_000 };

/** What commands and jobs may ask of the running outbox. */
export interface OutboxControl {
  /** Rows were committed: carry them out now rather than at the next poll. */
  kick(): void;
  /** Waits (bounded) for these rows to be carried out or given up; returns their states. */
  settle(
    ids: readonly number[],
    timeoutMs?: number,
  ): Promise<Map<number, { state: string; lastError: string | null }>>;
  /** What an effect kind does, for `/hearth status`. */
  label(kind: string): MessageKey;
}

const controls = new WeakMap<AppDeps, OutboxControl>();

/** With no worker running (a script, a unit test), rows wait in the table for the next start. */
const idle: OutboxControl = {
  kick: () => undefined,
  settle: () => Promise.resolve(new Map()),
  label: () => 'outbox.kind.other',
};

export function outboxOf(app: AppDeps): OutboxControl {
  return controls.get(app) ?? idle;
}

export interface OutboxOptions {
  readonly app: AppDeps;
  /** The REST client effects use (see `createOutboxRest`), or a stand-in for it. */
  readonly rest: REST | OutboxRest;
  /** Every feature's effect handlers; the core's own (the manager notice) are added. */
  readonly handlers: readonly EffectHandler[];
  readonly timers?: Timers;
  readonly pacing?: { readonly perChannel?: Window; readonly global?: Window };
  readonly botUserId?: () => Promise<string | undefined> | string | undefined;
  readonly guildName?: (guildId: string) => string | undefined;
  readonly guildRoles?: (guildId: string) => readonly RoleFacts[] | undefined;
  readonly concurrency?: number;
  readonly perGuild?: number;
}

/** The worker of one running Hearth, with its pacer, wired to wake after every commit. */
export function createOutbox(options: OutboxOptions): { worker: OutboxWorker; close(): void } {
  const timers = options.timers ?? realTimers;
  const pacer = new Pacer({
    perKey: options.pacing?.perChannel ?? CHANNEL_WINDOW,
    global: options.pacing?.global ?? GLOBAL_WINDOW,
    now: () => timers.now(),
    sleep: (ms) => new Promise((resolve) => timers.setTimer(ms, resolve)),
  });
  const rest =
    'setToken' in options.rest ? pacedRest(options.rest, pacer) : wrapPaced(options.rest, pacer);
  const handlers = [noticeEffect, ...options.handlers];
  const worker = new OutboxWorker({
    app: options.app,
    rest,
    pacer,
    handlers,
    timers,
    ...(options.botUserId === undefined ? {} : { botUserId: options.botUserId }),
    ...(options.guildName === undefined ? {} : { guildName: options.guildName }),
    ...(options.guildRoles === undefined ? {} : { guildRoles: options.guildRoles }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.perGuild === undefined ? {} : { perGuild: options.perGuild }),
  });
  const labels = new Map(handlers.map((h) => [h.type.kind, h.label]));
  controls.set(options.app, {
    kick: () => worker.kick(),
    settle: (ids, timeoutMs) => worker.settle(ids, timeoutMs),
    label: (kind) => labels.get(kind) ?? 'outbox.kind.other',
  });
  const unlisten = sqliteDriverOf(options.app.db)?.addCommitListener(() => worker.onCommit());
  return {
    worker,
    close() {
      unlisten?.();
      controls.delete(options.app);
    },
  };
}

/** A stand-in REST (tests, benchmarks) paced like the real one. */
function wrapPaced(rest: OutboxRest, pacer: Pacer): OutboxRest {
  const call =
    (method: keyof OutboxRest): OutboxRest[keyof OutboxRest] =>
    async (route, options) => {
      await pacer.acquireGlobal();
      return rest[method](route, options);
    };
  return {
    get: call('get'),
    post: call('post'),
    put: call('put'),
    patch: call('patch'),
    delete: call('delete'),
  };
}
