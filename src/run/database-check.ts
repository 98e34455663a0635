/**
 * The database, opened and proved writable at start, with every failure turned into one line that
 * names DATABASE_PATH, says what it means and what to do. SQLite's own words ("unable to open
 * database file", "file is not a database") name neither the setting nor the fix.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { sql } from 'kysely';
import {
  MigrationFailedError,
  migrateToLatest,
  openDatabase,
  type Db,
} from '../core/db/database.js';
import {
  acquireInstanceLock,
  InstanceLockedError,
  type InstanceLock,
} from '../core/db/instance-lock.js';

/** A start-up problem with the database, as the one line Hearth prints. */
export class DatabaseProblem extends Error {
  constructor(line: string, options?: { cause: unknown }) {
    super(line, options);
    this.name = 'DatabaseProblem';
  }
}

function who(): string {
  const { username, uid } = userInfo();
  return `user ${username} (uid ${uid})`;
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** The nearest folder on the way to `path` that exists. */
function nearestExisting(path: string): string {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** What a failure of SQLite or of the file system means, for the file at `path`. */
export function explainDatabaseError(path: string, error: unknown): string {
  const where = `DATABASE_PATH ${path}`;
  const code = codeOf(error) ?? '';
  const folder = dirname(resolve(path));
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return `${where} is damaged or is not a SQLite database (${code === 'SQLITE_NOTADB' ? 'not a database' : 'malformed'}): restore a backup with npm run restore -- <backup file>, or point DATABASE_PATH at the right file`;
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS'
  ) {
    return `${where} is read-only for ${who()}: give that user write permission on the file and on its folder ${folder} (SQLite writes its journal beside the file)`;
  }
  if (code === 'ENOTDIR') {
    return `${where} is not a usable path: a part of ${folder} is a file, not a folder`;
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return `${where} cannot be opened by ${who()}: check that the folder ${folder} exists and that this user may read and write it`;
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return `${where} cannot be written: the disk is full`;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `${where} cannot be used: ${reason}`;
}

/** Checks the folder before SQLite does, whose answer for these cases is "unable to open". */
function checkFolder(path: string): void {
  const folder = dirname(resolve(path));
  if (existsSync(folder)) {
    if (!statSync(folder).isDirectory())
      throw new DatabaseProblem(
        `DATABASE_PATH ${path} is not a usable path: ${folder} is a file, not a folder`,
      );
    return;
  }
  // A missing folder is created (data/ on a fresh clone), if its nearest existing parent allows it.
  const parent = nearestExisting(folder);
  try {
    accessSync(parent, constants.W_OK | constants.X_OK);
  } catch {
    throw new DatabaseProblem(
      `DATABASE_PATH ${path}: the folder ${folder} does not exist and ${who()} cannot create it in ${parent}: create it (and give this user write permission), or point DATABASE_PATH at another folder`,
    );
  }
  if (!statSync(parent).isDirectory())
    throw new DatabaseProblem(
      `DATABASE_PATH ${path} is not a usable path: ${parent} is a file, not a folder`,
    );
}

export interface CheckedDatabase {
  readonly db: Db;
  readonly lock: InstanceLock;
  readonly migrations: readonly string[];
}

/**
 * Takes the single-instance lock, opens the database, proves it writable (a write transaction
 * that is rolled back) and applies pending migrations. Throws {@link DatabaseProblem} (or
 * {@link InstanceLockedError}) with the line to print.
 */
export async function openCheckedDatabase(path: string): Promise<CheckedDatabase> {
  if (path !== ':memory:') checkFolder(path);
  let lock: InstanceLock;
  try {
    lock = acquireInstanceLock(path);
  } catch (error) {
    if (error instanceof InstanceLockedError) throw error;
    throw new DatabaseProblem(
      explainDatabaseError(`${path}.lock`, error).replace(
        `DATABASE_PATH ${path}.lock`,
        `DATABASE_PATH ${path} (its lock file ${path}.lock)`,
      ),
      { cause: error },
    );
  }
  let db: Db | undefined;
  try {
    db = openDatabase(path);
    // A write probe: read-only files, folders and disks show up now, not at the first vote.
    await db.transaction().execute(async (trx) => {
      await sql`create table if not exists hearth_write_probe (x integer)`.execute(trx);
      await sql`drop table hearth_write_probe`.execute(trx);
    });
    const { results = [] } = await migrateToLatest(db);
    return { db, lock, migrations: results.map((r) => r.migrationName) };
  } catch (error) {
    await db?.destroy().catch(() => undefined);
    lock.release();
    if (error instanceof MigrationFailedError) {
      const cause = error.cause;
      const code = codeOf(cause) ?? '';
      if (code.startsWith('SQLITE_') && code !== 'SQLITE_ERROR' && code !== 'SQLITE_CONSTRAINT')
        throw new DatabaseProblem(explainDatabaseError(path, cause), { cause: error });
      throw new DatabaseProblem(
        `DATABASE_PATH ${path}: ${error.message}. Hearth did not start; restore a backup or fix the migration.`,
        { cause: error },
      );
    }
    throw new DatabaseProblem(explainDatabaseError(path, error), { cause: error });
  }
}
