import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, type MigrationResultSet } from 'kysely';
import { hearthSqliteDialect, HearthSqliteDriver } from './driver.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** Milliseconds a statement waits for another connection's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/** The driver behind each Kysely instance we opened; precompiled queries use its fast path. */
const drivers = new WeakMap<object, HearthSqliteDriver>();

export function sqliteDriverOf(db: object): HearthSqliteDriver | undefined {
  return drivers.get(db);
}

/**
 * Opens (creating if needed) the SQLite database at `path`, or an in-memory one for `:memory:`.
 * Does not migrate: call {@link migrateToLatest}.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers (the operator's sqlite3 shell, a backup) run beside the bot's writes.
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode syncs at checkpoints, not at every commit: a power cut (not a crash of the
  // process) may lose the last few commits, but never corrupts the file. Hearth's writes are
  // settings, votes and bookkeeping that Discord or the member can repeat; FULL would cost an
  // fsync per vote.
  sqlite.pragma('synchronous = NORMAL');
  // Checkpoints (copying the WAL back into the database file) run from a timer while Hearth is
  // idle (see `checkpoint`), not inside whichever write crosses SQLite's default 1,000-page
  // threshold: that stall landed on about one interaction in a hundred. The threshold stays as a
  // backstop at ~40 MB of WAL, should the timer not run.
  sqlite.pragma('wal_autocheckpoint = 10000');
  sqlite.pragma('foreign_keys = ON');
  // Deleted rows are zeroed on the pages SQLite writes anyway (FAST costs no extra I/O), so a
  // deleted answer does not linger in the file's free space; an erase turns it fully on.
  sqlite.pragma('secure_delete = FAST');
  // 32 MB of page cache (SQLite's default is 2 MB): the indexes a busy minute touches (due
  // schedules, runs, the outbox) stay in memory instead of being read again for every claim.
  sqlite.pragma('cache_size = -32768');
  const driver = new HearthSqliteDriver(sqlite);
  const db = new Kysely<Database>({ dialect: hearthSqliteDialect(driver) });
  drivers.set(db, driver);
  // A transaction shares its root's adapter: precompiled queries find the driver through it.
  drivers.set(db.getExecutor().adapter, driver);
  return db;
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migrationName: string | undefined,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      migrationName === undefined
        ? `database migration failed before any migration ran: ${reason}`
        : `database migration "${migrationName}" failed and was rolled back, so the previous schema is unchanged: ${reason}`,
      options,
    );
    this.name = 'MigrationFailedError';
  }
}

/**
 * Applies every pending migration in one IMMEDIATE transaction: all of them, or none. Throws
 * {@link MigrationFailedError} naming the migration that failed.
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
  db: Kysely<any>,
  list = migrations,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(list) },
    // Branches land in any order, so a migration can arrive after one with a later date already
    // ran (command_deploys, dated before data_rights, landed after it): apply it anyway. Each
    // migration creates its own tables, so their order between branches does not matter.
    allowUnorderedMigrations: true,
  });
  const resultSet = await migrator.migrateToLatest();
  if (resultSet.error !== undefined) {
    const failed = resultSet.results?.find((r) => r.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName, { cause: resultSet.error });
  }
  return resultSet;
}

/**
 * Copies the write-ahead log back into the database file without waiting for readers (PASSIVE).
 * Skipped, returning undefined, when a query or transaction holds the connection: the next tick
 * will do it. Returns the number of WAL frames checkpointed.
 */
export function checkpoint(db: Db): number | undefined {
  const driver = sqliteDriverOf(db);
  if (driver === undefined || !driver.idle) return undefined;
  const rows = driver.connection.runSync<{ checkpointed: number }>(
    'pragma wal_checkpoint(PASSIVE)',
    [],
  ).rows;
  return rows[0]?.checkpointed;
}

/**
 * After an erase: copies the write-ahead log into the database file and empties it (TRUNCATE),
 * so the log keeps no older copy of the pages the erase overwrote. It never waits: while a query
 * holds the connection or another process reads the database (a backup), it does nothing and
 * returns false, and the log's older frames stay until newer writes overwrite them or Hearth
 * stops (closing the database removes the log).
 */
export function truncateWal(db: Db): boolean {
  const driver = sqliteDriverOf(db);
  if (driver === undefined || !driver.idle) return false;
  const { connection } = driver;
  connection.runSync('pragma busy_timeout = 0', []);
  try {
    const rows = connection.runSync<{ busy: number }>('pragma wal_checkpoint(TRUNCATE)', []).rows;
    return rows[0]?.busy === 0;
  } catch {
    return false;
  } finally {
    connection.runSync(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`, []);
  }
}
