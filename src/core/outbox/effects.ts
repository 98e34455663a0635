/**
 * How a feature carries out one kind of effect. The kind's name and payload schema are declared
 * Discord-free (an {@link EffectType}, imported by the services that enqueue it); the handler
 * here, in the feature's adapter, says how to do it on Discord and what giving up means.
 */
import type { RoleFacts } from '../authority.js';
import type { AppDeps } from '../context.js';
import type { MessageKey } from '../i18n.js';
import type { Phrase } from './describe.js';
import type { Failure } from './failures.js';
import type { OutboxRest } from './rest.js';
import type { EffectType, Tx } from './store.js';

/** How long Discord honours a message nonce, with a margin: past it, look before sending again. */
export const NONCE_TRUST_MS = 2 * 60_000;

export interface EffectContext {
  readonly app: AppDeps;
  /** Paced REST without retries; a rate limit or failure is thrown for the worker to handle. */
  readonly rest: OutboxRest;
  /** The outbox row. */
  readonly id: number;
  readonly guildId: string;
  readonly channelId: string | null;
  /** This attempt's number, 1 for the first. */
  readonly attempts: number;
  readonly firstAttemptAt: number;
  readonly createdAt: number;
  /**
   * A nonce of this effect, the same on every attempt and different for every effect: sent with
   * `enforce_nonce`, Discord answers a retry with the message the first attempt made.
   */
  readonly nonce: string;
  /** An earlier attempt may have reached Discord (it was cut short): look for its result first. */
  readonly retried: boolean;
  /** Discord no longer remembers the first attempt's nonce: a retry must look before it sends. */
  readonly nonceExpired: boolean;
  /** The bot's own user id (to find its own threads and messages). */
  botUserId(): Promise<string | undefined>;
  /** The server's name, for messages that say it (from the gateway's cache, or REST). */
  guildName(): Promise<string>;
  /** The server's roles as they are now (to refuse a role that became dangerous), by id. */
  roleFacts(): Promise<ReadonlyMap<string, RoleFacts>>;
  /** What an earlier attempt recorded with {@link saveProgress}. */
  progress<T>(): T | undefined;
  /** Records a step that happened (a message id before its thread), for the next attempt. */
  saveProgress(value: unknown): Promise<void>;
}

/** The one notice managers get when an effect is given up. */
export interface NoticeRequest {
  /** One notice per problem: the same key is not reported again until it is cleared. */
  readonly key: string;
  readonly message: MessageKey;
  /** Values, or phrases translated in the server's language when the notice is posted. */
  readonly params?: Readonly<Record<string, string | number | Phrase>>;
}

export interface EffectHandler<P = unknown> {
  readonly type: EffectType<P>;
  /** What it is, for `/hearth status` ("a scheduled prompt"), in the reader's language. */
  readonly label: MessageKey;
  /**
   * Carries the effect out. Must be safe to run again after a crash at any point: send with
   * {@link EffectContext.nonce} where Discord takes one, look first where it does not.
   */
  execute(ctx: EffectContext, payload: P): Promise<void>;
  /**
   * The effect is given up (a permanent refusal, or too many passing failures). Record that in the
   * decision's own state, in `trx`, and name the notice managers get; with no handler (or
   * `undefined`), managers get a generic one.
   */
  onGiveUp?(
    trx: Tx,
    payload: P,
    failure: Failure,
    item: { readonly guildId: string; readonly channelId: string | null; readonly now: number },
  ): Promise<NoticeRequest | null | undefined>;
  /** Never tell managers about this kind failing (the manager notice itself). */
  readonly silent?: boolean;
}

/** Declares a handler for an effect type, with the payload typed from it. */
export function effect<P>(
  type: EffectType<P>,
  handler: Omit<EffectHandler<P>, 'type'>,
): EffectHandler {
  const typed: EffectHandler<P> = { type, ...handler };
  return typed;
}
