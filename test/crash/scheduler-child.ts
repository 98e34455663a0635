/**
 * The prompt scheduler as a separate process, for the crash test. It loads everything, then
 * waits for a line on stdin with its start clock (so the test can keep children warm), takes the
 * database lock, and ticks a simulated clock (three minutes per tick, so each tick has due runs),
 * posting through the real poster over REST, until it is killed, or until MAX_TICKS.
 */
import { createInterface } from 'node:readline';
import { REST } from '@discordjs/rest';
import { parseConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { acquireInstanceLock } from '../../src/core/db/instance-lock.js';
import { runPromptTick } from '../../src/features/prompts/discord.js';
import { Pacer } from '../../src/core/pacer.js';
import { createLogger } from '../../src/core/log.js';

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
// The poster needs REST only; no gateway connection, no guild cache.
const client = {
  rest: new REST({ api: config.DISCORD_API_BASE!, retries: 0 }).setToken(config.DISCORD_TOKEN),
  token: config.DISCORD_TOKEN,
  user: null,
  guilds: { cache: new Map() },
};
const [startText, stepText] = startLine.split(' ');
let clock = Number(startText);
process.stdout.write('go\n');
const app = {
  config,
  db,
  logger: createLogger({ level: 'silent' }),
  now: () => clock,
  secret: Buffer.alloc(32),
  // The crash test is about exactly-once, not pacing: no waiting.
  pacer: new Pacer({
    perKey: { limit: 1_000_000, windowMs: 1 },
    global: { limit: 1_000_000, windowMs: 1 },
  }),
};
const maxTicks = env.MAX_TICKS === undefined ? Infinity : Number(env.MAX_TICKS);
// One minute per tick retries inside the nonce window; three minutes makes runs stale, so the
// poster first looks for an earlier post in the channel. The test alternates the two.
const step = Number(stepText ?? 3) * 60_000;
for (let tick = 0; tick < maxTicks; tick++) {
  clock += step;
  process.stdout.write(`clock ${clock}\n`);
  await runPromptTick(app, client, app.pacer);
}
await db.destroy();
lock.release();
process.exit(0);
