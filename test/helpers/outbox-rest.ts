/**
 * The outbox's REST client for tests on a simulated clock: it counts the requests under way, so
 * the clock can move only while none is, and can hold requests back behind a gate until a test
 * has put its fault in place. The outbox paces it as it paces the real one (every request takes a
 * slot in the global window first).
 */
import { REST } from '@discordjs/rest';
import { parseConfig } from '../../src/core/config.js';
import type { AppDeps } from '../../src/core/context.js';
import type { Db } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/log.js';
import type { OutboxRest } from '../../src/core/outbox/index.js';
import { features } from '../../src/features/index.js';

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

/**
 * The dependencies the outbox worker's effects run with, against a stand-in and a migrated
 * database, on the test's clock, with every feature initialised (the effects they register).
 */
export function outboxApp(
  standIn: { readonly token: string; readonly apiBase: string },
  db: Db,
  now: () => number,
): AppDeps {
  const parsed = parseConfig({
    DISCORD_TOKEN: standIn.token,
    DISCORD_API_BASE: standIn.apiBase,
    DATABASE_PATH: ':memory:',
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const app: AppDeps = {
    config: parsed.config,
    db,
    logger: createLogger({ level: 'silent' }),
    now,
  };
  for (const feature of features) feature.init?.(app);
  return app;
}
