/**
 * The outbox's REST client for tests on a simulated clock: it counts the requests under way, so
 * the clock can move only while none is, and can hold requests back behind a gate until a test
 * has put its fault in place. The outbox paces it as it paces the real one (every request takes a
 * slot in the global window first).
 */
import { REST } from '@discordjs/rest';
import type { OutboxRest } from '../../src/core/outbox/index.js';

export interface TestRest extends OutboxRest {
  /** Requests sent and not yet answered. */
  readonly underWay: number;
  /** Requests wait here until {@link release} (a decision's effects start, but reach nothing). */
  hold(): void;
  release(): void;
}

export function testRest(options: { token: string; api: string }): TestRest {
  // As createOutboxRest makes it, but for one thing: the client's own limit of 50 requests a
  // second counts real seconds, which a simulated minute may pack in hundreds. The outbox's pacer
  // keeps Discord's global limit on the simulated clock instead.
  const rest = new REST({
    api: options.api,
    retries: 0,
    rejectOnRateLimit: () => true,
    handlerSweepInterval: 0,
    hashSweepInterval: 0,
    globalRequestsPerSecond: Number.MAX_SAFE_INTEGER,
  }).setToken(options.token);
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  let underWay = 0;
  const call =
    (method: 'get' | 'post' | 'put' | 'patch' | 'delete'): OutboxRest['get'] =>
    async (route, request = {}) => {
      await gate;
      underWay++;
      try {
        return await rest[method](route, {
          ...(request.body === undefined ? {} : { body: request.body }),
          ...(request.files === undefined ? {} : { files: [...request.files] }),
          ...(request.query === undefined ? {} : { query: request.query }),
          ...(request.reason === undefined ? {} : { reason: request.reason }),
        });
      } finally {
        underWay--;
      }
    };
  return {
    get underWay() {
      return underWay;
    },
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open();
      gate = Promise.resolve();
    },
    get: call('get'),
    post: call('post'),
    put: call('put'),
    patch: call('patch'),
    delete: call('delete'),
  };
}
