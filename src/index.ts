/**
 * `npm start` (`node dist/index.js`, built by `npm run build`; `npm run dev` runs this file through
 * tsx): checks the configuration, takes the single-instance lock, migrates the database and
 * connects to Discord. A configuration problem is one line per problem on stderr and exit code 1.
 *
 * SIGTERM and SIGINT stop it gracefully within {@link SHUTDOWN_BUDGET_MS} at any point, also while
 * it is still starting. `npm start` execs node (no shell in between), so a signal sent to the npm
 * process reaches this one, and npm exits when it does.
 */
import { config as loadDotenv } from 'dotenv';
import { DiscordjsErrorCodes } from 'discord.js';
import { createHearth, SHUTDOWN_BUDGET_MS } from './app.js';
import { parseConfig, type Config } from './core/config.js';
import { migrateToLatest, MigrationFailedError, openDatabase } from './core/db/database.js';
import { acquireInstanceLock, InstanceLockedError } from './core/db/instance-lock.js';
import { createLogger } from './core/log.js';

/**
 * What a signal does at this point of the start-up. Before anything is open there is nothing to
 * close: the process just ends, with code 0 as after a normal stop.
 */
let onSignal: (signal: NodeJS.Signals) => void = () => process.exit(0);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    onSignal(signal);
  });
}

function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`hearth: ${line}\n`);
  process.exit(1);
}

async function main(config: Config): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });

  let lock;
  try {
    lock = acquireInstanceLock(config.DATABASE_PATH);
  } catch (error) {
    if (error instanceof InstanceLockedError) fail([error.message]);
    throw error;
  }

  const db = openDatabase(config.DATABASE_PATH);
  try {
    const { results = [] } = await migrateToLatest(db);
    for (const r of results)
      logger.info({ migration: r.migrationName }, 'applied database migration');
  } catch (error) {
    await db.destroy();
    lock.release();
    if (error instanceof MigrationFailedError)
      fail([`${error.message}. Hearth did not start; restore a backup or fix the migration.`]);
    throw error;
  }

  // Nothing a handler does may end the process: log it and keep serving the other servers.
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'unhandled promise rejection'),
  );
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));

  const hearth = createHearth({ config, db, logger });
  onSignal = (signal) => {
    logger.info({ signal }, 'shutting down');
    // If anything hangs, the process still ends within the budget.
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      logger.flush();
      process.exit(1);
    }, SHUTDOWN_BUDGET_MS).unref();
    void hearth
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, 'error while stopping'))
      .then(() => db.destroy())
      .finally(() => {
        lock.release();
        logger.flush();
        process.exit(0);
      });
  };

  try {
    await hearth.start();
  } catch (error) {
    if (stopping) return;
    await db.destroy();
    lock.release();
    if (
      error instanceof Error &&
      'code' in error &&
      error.code === DiscordjsErrorCodes.TokenInvalid
    ) {
      fail([
        'DISCORD_TOKEN was refused by Discord: reset the token in the Developer Portal (Bot > Reset Token) and update .env',
      ]);
    }
    throw error;
  }
  logger.info({ user: hearth.client.user?.tag }, 'Hearth is online');
}

loadDotenv({ quiet: true });
const parsed = parseConfig(process.env);
if (!parsed.ok) fail(parsed.problems);
main(parsed.config).catch((error: unknown) => {
  fail([`could not start: ${error instanceof Error ? error.message : String(error)}`]);
});
