/**
 * The contract between the core and a feature. A feature is one folder under `src/features/`
 * that exports one {@link Feature}; `src/app.ts` loops over the list and knows nothing else of it.
 */
import type {
  Client,
  ClientEvents,
  GatewayDispatchEvents,
  GatewayDispatchPayload,
} from 'discord.js';
import type { AppDeps } from './context.js';
import type { Command, ComponentHandler } from './handlers.js';
import type { MemberData } from './member-data.js';
import type { EffectHandler } from './outbox/effects.js';

/** What a feature's background work and gateway handlers receive. */
export interface FeatureContext {
  readonly app: AppDeps;
  readonly client: Client;
}

/** The data of one raw gateway dispatch, typed from discord-api-types. */
export type DispatchData<E extends GatewayDispatchEvents> = Extract<
  GatewayDispatchPayload,
  { t: E }
>['d'];

/**
 * A raw gateway dispatch handler. Raw payloads, not discord.js structures, so handlers never
 * depend on what the cache happens to hold. Each runs in its own error boundary.
 */
export interface GatewayHandler<E extends GatewayDispatchEvents = GatewayDispatchEvents> {
  readonly event: E;
  handle(ctx: FeatureContext, data: DispatchData<E>): Promise<void> | void;
}

/** A discord.js client event, for the few events whose meaning discord.js works out (guild removed). */
export interface ClientEventHandler<E extends keyof ClientEvents = keyof ClientEvents> {
  readonly event: E;
  handle(ctx: FeatureContext, ...args: ClientEvents[E]): Promise<void> | void;
}

/** Background work on a cron schedule (in UTC). Jobs of one schedule run in feature order. */
export interface Job {
  readonly name: string;
  /** A node-cron expression; `* * * * *` jobs also make up `Hearth.tick()`. */
  readonly schedule: string;
  run(ctx: FeatureContext): Promise<void>;
}

/** One command module from `commands/`: the slash command and the components it owns. */
export interface CommandModule {
  readonly command: Command;
  readonly components?: readonly ComponentHandler[];
}

export interface Feature {
  /** Short and unique: it names the feature in logs. */
  readonly name: string;
  readonly commands: readonly CommandModule[];
  /** Components not owned by one command (buttons on messages the feature posts by itself). */
  readonly components?: readonly ComponentHandler[];
  readonly gatewayHandlers?: readonly GatewayHandler[];
  readonly clientEvents?: readonly ClientEventHandler[];
  readonly jobs?: readonly Job[];
  /**
   * Every column of the feature's tables that can hold a member's id, and what showing,
   * exporting and erasing a member's data does with it (see src/core/member-data.ts). Required,
   * so a feature cannot be added without saying: `{ columns: [] }` when it keeps nothing about
   * members. test/unit/member-data.test.ts fails for a column nobody declared.
   */
  readonly memberData: MemberData;
  /**
   * The kinds of effect the feature's decisions enqueue in the outbox, and how each is carried out
   * on Discord. The outbox worker runs them; nothing else sends them.
   */
  readonly effects?: readonly EffectHandler[];
  /** Called once when Hearth is created, before login: load what must fail early. */
  init?(app: AppDeps): void;
  /** Called once the client is ready: reconcile what happened while Hearth was offline. */
  start?(ctx: FeatureContext): Promise<void>;
  /** Called on shutdown, before in-flight interactions are drained. */
  stop?(ctx: FeatureContext): Promise<void>;
  /** Writes anything buffered now (tests; features flush on their own timers). */
  flush?(ctx: FeatureContext): Promise<void>;
}

/** Declares a gateway handler with its payload typed from the event. */
export function onDispatch<E extends GatewayDispatchEvents>(
  event: E,
  handle: (ctx: FeatureContext, data: DispatchData<E>) => Promise<void> | void,
): GatewayHandler {
  return { event, handle };
}

/** Declares a discord.js client event handler. */
export function onClientEvent<E extends keyof ClientEvents>(
  event: E,
  handle: (ctx: FeatureContext, ...args: ClientEvents[E]) => Promise<void> | void,
): ClientEventHandler {
  return { event, handle };
}

/**
 * State that belongs to one running Hearth (a renderer, a cache), created on first use. Keyed by
 * the app, so two Hearth instances in one process (tests) never share it, and nothing is global.
 */
export function perApp<T, A extends unknown[]>(
  create: (app: AppDeps, ...rest: A) => T,
): (app: AppDeps, ...rest: A) => T {
  const values = new WeakMap<AppDeps, T>();
  return (app, ...rest) => {
    let value = values.get(app);
    if (value === undefined) {
      value = create(app, ...rest);
      values.set(app, value);
    }
    return value;
  };
}
