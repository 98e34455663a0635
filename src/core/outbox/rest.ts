/**
 * The REST client effects use. It never waits on its own and never retries: a rate limit comes
 * back at once as an error carrying Discord's retry-after (the worker reschedules the one effect,
 * nothing else waits), and a failure is the worker's to retry with backoff. Every request takes a
 * slot in the pacer's global window first.
 */
import { REST, type RawFile } from '@discordjs/rest';
import type { Pacer } from '../pacer.js';

export interface RequestOptions {
  readonly body?: unknown;
  readonly files?: readonly RawFile[];
  readonly query?: URLSearchParams;
  /** The audit-log reason (role changes). */
  readonly reason?: string;
}

export type Route = `/${string}`;

/** What effects may ask of Discord: plain REST, paced, without retries. */
export interface OutboxRest {
  get(route: Route, options?: RequestOptions): Promise<unknown>;
  post(route: Route, options?: RequestOptions): Promise<unknown>;
  put(route: Route, options?: RequestOptions): Promise<unknown>;
  patch(route: Route, options?: RequestOptions): Promise<unknown>;
  delete(route: Route, options?: RequestOptions): Promise<unknown>;
}

/** A REST client for the outbox: no automatic retries, rate limits thrown rather than waited out. */
export function createOutboxRest(options: { token: string; api?: string | undefined }): REST {
  return new REST({
    ...(options.api === undefined ? {} : { api: options.api }),
    retries: 0,
    rejectOnRateLimit: () => true,
    // Sweeps run on timers that would keep a short-lived process (the crash test's child) alive.
    handlerSweepInterval: 0,
    hashSweepInterval: 0,
  }).setToken(options.token);
}

/** Wraps a REST client so every request first takes a slot in the pacer's global window. */
export function pacedRest(rest: REST, pacer: Pacer): OutboxRest {
  const call =
    (method: 'get' | 'post' | 'put' | 'patch' | 'delete') =>
    async (route: Route, options: RequestOptions = {}): Promise<unknown> => {
      await pacer.acquireGlobal();
      return rest[method](route, {
        ...(options.body === undefined ? {} : { body: options.body }),
        ...(options.files === undefined ? {} : { files: [...options.files] }),
        ...(options.query === undefined ? {} : { query: options.query }),
        ...(options.reason === undefined ? {} : { reason: options.reason }),
      });
    };
  return {
    get: call('get'),
    post: call('post'),
    put: call('put'),
    patch: call('patch'),
    delete: call('delete'),
  };
}
