import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  SqliteAdapter,
  sql,
  type MigrationResultSet,
  type Transaction,
} from 'kysely';
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
  // deleted answer does not linger in the file's free space; an erase, and the close of an
  // anonymous poll (its voter keys), turn it fully on.
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

/** Whether `db` (or a transaction of it) runs on SQLite: the one place that tells dialects apart. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema speaks its dialect
export function isSqlite(db: Kysely<any> | Transaction<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * Runs `work` inside the caller's transaction with what it deletes or rewrites zeroed in the
 * file, not left in its free space: on SQLite, `secure_delete` fully on for `work`, then back to
 * FAST (see {@link openDatabase}). Other dialects have no such setting (on PostgreSQL a deleted
 * row stays in its page until VACUUM reclaims the space), so there `work` simply runs: the
 * callers (an erase, the close of an anonymous poll) need not know which database they are on.
 */
export async function withSecureDelete<T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
  trx: Transaction<any>,
  work: () => Promise<T>,
): Promise<T> {
  if (!isSqlite(trx)) return work();
  await sql`pragma secure_delete = on`.execute(trx);
  try {
    return await work();
  } finally {
    await sql`pragma secure_delete = fast`.execute(trx);
  }
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

/** Databases whose write-ahead log must be emptied at the next checkpoint (see below). */
const truncatePending = new WeakSet<object>();

/**
 * Copies the write-ahead log back into the database file without waiting for readers (PASSIVE).
 * When a truncation could not happen earlier (see {@link truncateWal}) it truncates the log
 * instead, as soon as it can, so the log file no longer holds copies of pages from before a
 * deletion. Skipped, returning undefined, when a query or transaction holds the connection: the
 * next tick will do it. Returns the number of WAL frames checkpointed.
 */
export function checkpoint(db: Db): number | undefined {
  const driver = sqliteDriverOf(db);
  if (driver === undefined || !driver.idle) return undefined;
  if (truncatePending.has(db)) {
    if (truncateOn(driver.connection)) truncatePending.delete(db);
    return undefined;
  }
  const rows = driver.connection.runSync<{ checkpointed: number }>(
    'pragma wal_checkpoint(PASSIVE)',
    [],
  ).rows;
  return rows[0]?.checkpointed;
}

type SyncConnection = NonNullable<ReturnType<typeof sqliteDriverOf>>['connection'];

/** TRUNCATE without waiting for another process's readers (a backup): false when it could not. */
function truncateOn(connection: SyncConnection): boolean {
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

/**
 * After an erase: copies the write-ahead log into the database file and empties it (TRUNCATE),
 * so the log keeps no older copy of the pages the erase overwrote. It never waits: while a query
 * holds the connection or another process reads the database (a backup), it does nothing and
 * returns false; the log is then truncated at the next checkpoint that can (or when Hearth
 * stops: closing the database removes the log).
 */
export function truncateWal(db: Db): boolean {
  const driver = sqliteDriverOf(db);
  if (driver === undefined) return false;
  if (driver.idle && truncateOn(driver.connection)) return true;
  truncatePending.add(db);
  return false;
}

/**
 * As {@link truncateWal}, but waiting its turn for the connection like any statement: the close
 * of an anonymous poll must not leave its voter keys in the log because the outbox worker
 * happened to hold the connection just after the commit. Only another process's readers can
 * still defer it, to the next checkpoint.
 */
export async function truncateWalInTurn(db: Db): Promise<boolean> {
  const driver = sqliteDriverOf(db);
  if (driver === undefined) return false;
  const done = await db.connection().execute(() => Promise.resolve(truncateOn(driver.connection)));
  if (done) truncatePending.delete(db);
  else truncatePending.add(db);
  return done;
}

/**
 * A read the process needs before anything else runs (start-up checks), answered synchronously.
 * Only for start-up: it does not wait for the connection.
 */
export function selectSync<R>(db: Db, sqlText: string, parameters: readonly unknown[] = []): R[] {
  const driver = sqliteDriverOf(db);
  if (driver === undefined) throw new Error('not a Hearth database');
  return driver.connection.runSync<R>(sqlText, parameters).rows;
}
