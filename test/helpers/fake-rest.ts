/**
 * An in-memory Discord REST for the outbox's simulated-clock tests and benchmarks (fairness,
 * interleavings, B9), where the stand-in's real sockets and real time would blur the figures.
 * It keeps the few things exactly-once depends on: nonces with `enforce_nonce`, a thread per
 * message (160004 for a second), forum posts, recent messages for look-ups, and injectable
 * faults, including a response lost after Discord did the work.
 */
import type { OutboxRest, RequestOptions, Route } from '../../src/core/outbox/index.js';

export interface FakeMessage {
  readonly id: string;
  readonly channelId: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export type FaultAnswer =
  | { readonly status: number; readonly code?: number }
  | { readonly rateLimitMs: number; readonly global?: boolean };

export interface FakeFault {
  readonly method?: string;
  readonly path: RegExp;
  readonly answer: FaultAnswer;
  /** Carry the request out, then fail: the caller never hears it worked. */
  readonly afterHandling?: boolean;
  times: number;
}

let ids = 10n ** 17n;
const snowflake = () => String(++ids);

export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
  ) {
    super(`fake Discord: ${status} ${code}`);
    this.name = 'DiscordAPIError';
  }
}

export class RateLimitError extends Error {
  constructor(
    readonly retryAfter: number,
    readonly global: boolean,
  ) {
    super(`fake Discord: rate limited for ${retryAfter} ms`);
    this.name = 'RateLimitError';
  }
}

export class FakeDiscord {
  readonly botId = snowflake();
  readonly messages = new Map<string, FakeMessage[]>();
  readonly threads = new Map<string, string>();
  readonly forums = new Set<string>();
  readonly roles = new Map<string, Set<string>>();
  readonly requests: { method: string; path: string; at: number; ok: boolean }[] = [];
  readonly faults: FakeFault[] = [];
  readonly #nonces = new Map<string, FakeMessage>();
  readonly #dms = new Map<string, string>();
  /** When set, every request waits this long (simulated) before it is answered. */
  latency: ((ms: number) => Promise<void>) | undefined;
  latencyMs = 0;
  now: () => number = () => Date.now();

  fault(fault: Omit<FakeFault, 'times'> & { times?: number }): void {
    this.faults.push({ ...fault, times: fault.times ?? Infinity });
  }

  postedIn(channelId: string): FakeMessage[] {
    return this.messages.get(channelId) ?? [];
  }

  /** A REST client over this fake; `alive()` false makes it refuse everything (a killed process). */
  client(alive: () => boolean = () => true): OutboxRest {
    const call =
      (method: string) =>
      async (route: Route, options: RequestOptions = {}): Promise<unknown> => {
        if (!alive()) throw new Error('this process is dead');
        return this.#handle(method, route, options, alive);
      };
    return {
      get: call('GET'),
      post: call('POST'),
      put: call('PUT'),
      patch: call('PATCH'),
      delete: call('DELETE'),
    };
  }

  async #handle(
    method: string,
    path: string,
    options: RequestOptions,
    alive: () => boolean,
  ): Promise<unknown> {
    const fault = this.faults.find(
      (f) => f.times > 0 && (f.method === undefined || f.method === method) && f.path.test(path),
    );
    const record = { method, path, at: this.now(), ok: true };
    this.requests.push(record);
    const fail = (answer: FaultAnswer): never => {
      record.ok = false;
      if ('rateLimitMs' in answer)
        throw new RateLimitError(answer.rateLimitMs, answer.global ?? false);
      throw new DiscordApiError(answer.status, answer.code ?? 0);
    };
    if (fault !== undefined && fault.afterHandling !== true) {
      fault.times--;
      fail(fault.answer);
    }
    let result: unknown;
    try {
      result = this.#route(method, path, options);
    } catch (error) {
      record.ok = false;
      throw error;
    }
    // The answer travels back; a process killed meanwhile never hears it.
    if (this.latency !== undefined && this.latencyMs > 0) await this.latency(this.latencyMs);
    if (fault !== undefined) {
      fault.times--;
      fail(fault.answer);
    }
    // A process killed while its request was in flight never hears the answer.
    if (!alive()) {
      record.ok = false;
      throw new Error('this process is dead');
    }
    return result;
  }

  #route(method: string, path: string, options: RequestOptions): unknown {
    const body = (options.body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/users/@me') return { id: this.botId };
    if (method === 'POST' && path === '/users/@me/channels') {
      const user = String(body.recipient_id);
      let id = this.#dms.get(user);
      if (id === undefined) this.#dms.set(user, (id = snowflake()));
      return { id, type: 1 };
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) !== null) {
      const channel = m[1]!;
      if (method === 'GET') {
        const limit = Number(options.query?.get('limit') ?? 50);
        return [...this.postedIn(channel)]
          .reverse()
          .slice(0, limit)
          .map((msg) => this.#api(msg));
      }
      if (method === 'POST') {
        const key = body.enforce_nonce === true ? `${channel}:${String(body.nonce)}` : undefined;
        const earlier = key === undefined ? undefined : this.#nonces.get(key);
        if (earlier !== undefined) return this.#api(earlier);
        const message = this.#store(channel, body);
        if (key !== undefined) this.#nonces.set(key, message);
        return this.#api(message);
      }
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) !== null) {
      const message = m[2]!;
      if (this.threads.has(message)) throw new DiscordApiError(400, 160004);
      this.threads.set(message, message);
      return { id: message, parent_id: m[1] };
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path)) !== null) {
      const found = this.postedIn(m[1]!).find((msg) => msg.id === m![2]);
      if (found === undefined) throw new DiscordApiError(404, 10008);
      return this.#api(found);
    }
    if ((m = /^\/channels\/(\d+)\/threads$/.exec(path)) !== null && method === 'POST') {
      const id = snowflake();
      this.threads.set(id, id);
      const message = this.#store(id, (body.message ?? {}) as Record<string, unknown>, id);
      this.#forumPosts.push({
        id,
        parent: m[1]!,
        name: typeof body.name === 'string' ? body.name : '',
      });
      return { id, parent_id: m[1], message: this.#api(message) };
    }
    if ((m = /^\/guilds\/(\d+)\/threads\/active$/.exec(path)) !== null)
      return {
        threads: this.#forumPosts.map((p) => ({
          id: p.id,
          parent_id: p.parent,
          owner_id: this.botId,
        })),
        members: [],
      };
    if ((m = /^\/channels\/(\d+)$/.exec(path)) !== null && method === 'GET')
      return { id: m[1], type: this.forums.has(m[1]!) ? 15 : 0 };
    if ((m = /^\/guilds\/(\d+)\/members\/(\d+)\/roles\/(\d+)$/.exec(path)) !== null) {
      const key = `${m[1]}:${m[2]}`;
      let held = this.roles.get(key);
      if (held === undefined) this.roles.set(key, (held = new Set()));
      if (method === 'PUT') held.add(m[3]!);
      else held.delete(m[3]!);
      return undefined;
    }
    if (/^\/guilds\/(\d+)\/members$/.test(path)) return [];
    throw new DiscordApiError(404, 0);
  }

  readonly #forumPosts: { id: string; parent: string; name: string }[] = [];

  #store(channelId: string, body: Record<string, unknown>, id = snowflake()): FakeMessage {
    const message: FakeMessage = { id, channelId, body, at: this.now() };
    let list = this.messages.get(channelId);
    if (list === undefined) this.messages.set(channelId, (list = []));
    list.push(message);
    return message;
  }

  #api(message: FakeMessage): Record<string, unknown> {
    return {
      id: message.id,
      channel_id: message.channelId,
      content: message.body.content ?? '',
      components: message.body.components ?? [],
      embeds: message.body.embeds ?? [],
      author: { id: this.botId },
      ...(this.threads.has(message.id) ? { thread: { id: this.threads.get(message.id) } } : {}),
    };
  }
}
