/**
 * Hearth's background work as a separate process, for the crash test: every feature's minute
 * jobs (which decide, and enqueue their effects) and the outbox worker (which carries effects out
 * over REST), on a simulated clock. It loads everything, then waits for a line on stdin with its
 * start clock and step (so the test can keep children warm), takes the single-instance lock, and
 * ticks until it is killed, or until the outbox is empty in FINAL mode.
 *
 * Each tick: the clock moves on, the scenario makes that minute's decisions (a member finishes
 * onboarding, a seat holder leaves, a poll closes), the jobs run, and the worker drains.
 */
import { createInterface } from 'node:readline';
import type { Client } from 'discord.js';
import { parseConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { acquireInstanceLock } from '../../src/core/db/instance-lock.js';
import { createLogger } from '../../src/core/log.js';
import type { AppDeps } from '../../src/core/context.js';
import { createOutbox, createOutboxRest, outboxHealth } from '../../src/core/outbox/index.js';
import { features } from '../../src/features/index.js';
import { scenarioStep } from './scenario.js';

const env = process.env;
const startLine = await new Promise<string>((resolve) =>
  createInterface({ input: process.stdin }).once('line', resolve),
);
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
const [startText, stepText] = startLine.split(' ');
let clock = Number(startText);
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
  // The crash test is about exactly-once, not pacing: no waiting.
  pacing: {
    perChannel: { limit: 1_000_000, windowMs: 1 },
    global: { limit: 1_000_000, windowMs: 1 },
  },
});
// The background work needs REST only: no gateway connection, no guild cache.
const client = { guilds: { cache: new Map() }, user: null } as unknown as Client;
const jobs = features.flatMap((f) => (f.jobs ?? []).filter((j) => j.schedule === '* * * * *'));
const step = Number(stepText ?? 3) * 60_000;
const final = env.FINAL === '1';
process.stdout.write('go\n');
outbox.worker.start();

async function tick(): Promise<void> {
  await scenarioStep(app, clock);
  for (const job of jobs) await job.run({ app, client });
  await outbox.worker.drain(120_000);
}

if (!final) {
  for (;;) {
    clock += step;
    process.stdout.write(`clock ${clock}\n`);
    await tick();
    process.stdout.write(`ticked ${clock}\n`);
  }
}
// The last process, not killed: minute by minute until nothing is left to do.
for (let guard = 0; guard < 200; guard++) {
  clock += 60_000;
  process.stdout.write(`clock ${clock}\n`);
  await tick();
  if ((await outboxHealth(db, clock)).pending === 0) break;
}
await outbox.worker.stop();
outbox.close();
await db.destroy();
lock.release();
process.exit(0);
