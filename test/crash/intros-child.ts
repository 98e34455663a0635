/**
 * Introductions' background work as a separate process, for the intros crash test: the intros
 * minute job (which makes a due round and enqueues its threads) and the outbox worker, on a
 * simulated clock that starts at START and moves a minute a tick. It exits once the outbox is
 * empty, unless the test kills it first (kill -9, from the stand-in, at the worst moment).
 */
import type { Client } from 'discord.js';
import { parseConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { acquireInstanceLock } from '../../src/core/db/instance-lock.js';
import { createLogger } from '../../src/core/log.js';
import type { AppDeps } from '../../src/core/context.js';
import { createOutbox, createOutboxRest, outboxHealth } from '../../src/core/outbox/index.js';
import { features } from '../../src/features/index.js';

const env = process.env;
const parsed = parseConfig({
  DISCORD_TOKEN: env.TOKEN,
  DISCORD_API_BASE: env.API_BASE,
  DATABASE_PATH: env.DB_PATH,
  LOG_LEVEL: 'silent',
});
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const config = parsed.config;
const lock = acquireInstanceLock(config.DATABASE_PATH);
const db = openDatabase(config.DATABASE_PATH);
let clock = Number(env.START);
const app: AppDeps = {
  config,
  db,
  logger: createLogger({ level: env.CHILD_LOG === undefined ? 'silent' : 'warn' }),
  now: () => clock,
};
for (const feature of features) feature.init?.(app);
const outbox = createOutbox({
  app,
  rest: createOutboxRest({ token: config.DISCORD_TOKEN, api: config.DISCORD_API_BASE }),
  handlers: features.flatMap((f) => f.effects ?? []),
  pacing: {
    perChannel: { limit: 1_000_000, windowMs: 1 },
    global: { limit: 1_000_000, windowMs: 1 },
  },
});
// The round reads the member list from Discord (who is still here): a REST client is enough.
const client = {
  guilds: { cache: new Map() },
  user: null,
  rest: createOutboxRest({ token: config.DISCORD_TOKEN, api: config.DISCORD_API_BASE }),
} as unknown as Client;
const intros = features.find((f) => f.name === 'intros')!;
outbox.worker.start();
for (let guard = 0; guard < 50; guard++) {
  for (const job of intros.jobs ?? []) await job.run({ app, client });
  await outbox.worker.drain(60_000);
  if ((await outboxHealth(db, clock)).pending === 0) break;
  clock += 60_000;
}
await outbox.worker.stop();
outbox.close();
await db.destroy();
lock.release();
process.exit(0);
