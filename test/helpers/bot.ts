import { parseConfig, type Config } from '../../src/core/config.js';
import { createHearth, type Hearth, type HearthOptions } from '../../src/app.js';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/log.js';
import type { DiscordStandIn } from '../stand-in/server.js';
import { commands } from '../../src/features/index.js';
import { standInsInUse } from './refusals.js';

export { takeRefusals } from './refusals.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Collects every log line the bot writes, as raw text and parsed JSON. */
export class LogCapture {
  readonly raw: string[] = [];
  write(line: string): void {
    this.raw.push(line);
  }
  get lines(): LogLine[] {
    return this.raw.map((l) => JSON.parse(l) as LogLine);
  }
  /** Lines at error level or above (pino: error 50, fatal 60). */
  get errors(): LogLine[] {
    return this.lines.filter((l) => l.level >= 50);
  }
}

export interface TestBot {
  readonly hearth: Hearth;
  readonly db: Db;
  readonly config: Config;
  readonly logs: LogCapture;
  stop(): Promise<void>;
}

/**
 * Starts the real Hearth (the same `createHearth` that `npm start` uses) against the stand-in,
 * with a real SQLite database (in memory unless `db` is given), and waits until it is ready.
 */
export async function startBot(
  standIn: DiscordStandIn,
  options: {
    db?: Db;
    env?: Record<string, string>;
    /** Deploy the commands on the stand-in first, so Hearth learns their ids (mentions). */
    deploy?: boolean;
  } & Partial<
    Pick<HearthOptions, 'commands' | 'components' | 'now' | 'autoDeferMs' | 'metrics'>
  > = {},
): Promise<TestBot> {
  const parsed = parseConfig({
    DISCORD_TOKEN: standIn.token,
    DISCORD_API_BASE: standIn.apiBase,
    DATABASE_PATH: ':memory:',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  standInsInUse.add(standIn);
  const config = parsed.config;
  const db = options.db ?? openDatabase(':memory:');
  if (options.db === undefined) await migrateToLatest(db);
  const logs = new LogCapture();
  const logger = createLogger({
    level: config.LOG_LEVEL,
    secrets: [config.DISCORD_TOKEN],
    destination: logs,
  });
  const { db: _db, env: _env, deploy, ...hearthOptions } = options;
  const hearth = createHearth({ config, db, logger, ...hearthOptions });
  // What `npm run deploy-commands` would register: the stand-in types options from it.
  for (const command of options.commands ?? commands)
    standIn.commandDefinitions.set(command.data.name, command.data as never);
  if (deploy === true)
    standIn.deployCommands((options.commands ?? commands).map((command) => command.data));
  await hearth.start();
  return {
    hearth,
    db,
    config,
    logs,
    async stop() {
      await hearth.stop();
      if (options.db === undefined) await db.destroy();
    },
  };
}

/** Polls a condition (a database state, a cache entry) until it holds. No fixed sleeps. */
export async function until<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
