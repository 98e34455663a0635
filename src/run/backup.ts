/**
 * Backups without extra tools: SQLite's online backup (better-sqlite3's `backup()`, safe while
 * Hearth runs), the vote key copied beside it, and the copy verified with `integrity_check`.
 * Restoring is the reverse, with Hearth stopped (the instance lock proves it) and the database it
 * replaces kept under another name.
 */
import {
  copyFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { acquireInstanceLock, InstanceLockedError } from '../core/db/instance-lock.js';

export class BackupProblem extends Error {
  constructor(line: string) {
    super(line);
    this.name = 'BackupProblem';
  }
}

/** The poll key file Hearth keeps beside the database when POLL_SECRET is not set. */
export function keyFileOf(databasePath: string): string {
  return join(dirname(databasePath), 'hearth.key');
}

/** Where a backup's copy of the key goes: beside it, named after it. */
export function backupKeyFileOf(backupPath: string): string {
  return `${backupPath}.key`;
}

/** `ok`, or SQLite's first complaints, for the database file at `path`. */
export function integrityOf(path: string): string {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length > 0) return problems.slice(0, 3).join('; ');
    const hearth = db
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get();
    return hearth === undefined ? 'not a Hearth database (no migrations table)' : 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    db?.close();
  }
}

export interface BackupResult {
  readonly bytes: number;
  /** The key's copy, when there was a key file to copy. */
  readonly keyCopy: string | undefined;
}

export async function backupDatabase(databasePath: string, target: string): Promise<BackupResult> {
  if (!existsSync(databasePath))
    throw new BackupProblem(
      `DATABASE_PATH ${databasePath} does not exist: there is nothing to back up`,
    );
  if (existsSync(target))
    throw new BackupProblem(
      `${target} already exists: give a new file name (a backup never overwrites)`,
    );
  mkdirSync(dirname(target), { recursive: true });
  const source = new BetterSqlite3(databasePath, { fileMustExist: true, timeout: 5_000 });
  try {
    await source.backup(target);
    // The copy holds every member's data: readable by its owner only, like the key beside it.
    chmodSync(target, 0o600);
  } catch (error) {
    rmSync(target, { force: true });
    throw new BackupProblem(
      `could not back up DATABASE_PATH ${databasePath} to ${target}: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    source.close();
  }
  const integrity = integrityOf(target);
  if (integrity !== 'ok') {
    rmSync(target, { force: true });
    throw new BackupProblem(
      `the copy of ${databasePath} failed SQLite's integrity check (${integrity}); nothing was kept`,
    );
  }
  let keyCopy: string | undefined;
  const key = keyFileOf(databasePath);
  if (existsSync(key)) {
    keyCopy = backupKeyFileOf(target);
    copyFileSync(key, keyCopy);
    chmodSync(keyCopy, 0o600);
  }
  return { bytes: statSync(target).size, keyCopy };
}

export interface RestoreResult {
  /** Where the database that was replaced now is, if there was one. */
  readonly previous: string | undefined;
  readonly keyRestored: boolean;
}

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

export function restoreDatabase(
  source: string,
  databasePath: string,
  now = Date.now(),
): RestoreResult {
  if (!existsSync(source))
    throw new BackupProblem(`${source} does not exist: give the backup file to restore`);
  const integrity = integrityOf(source);
  if (integrity !== 'ok')
    throw new BackupProblem(
      `${source} failed SQLite's integrity check (${integrity}): it was not restored`,
    );
  let lock;
  try {
    lock = acquireInstanceLock(databasePath);
  } catch (error) {
    if (error instanceof InstanceLockedError)
      throw new BackupProblem(
        `Hearth is running on DATABASE_PATH ${databasePath} (its lock file is held): stop it first, then restore`,
      );
    throw error;
  }
  try {
    let previous: string | undefined;
    if (existsSync(databasePath)) {
      previous = `${databasePath}.before-restore-${stamp(now)}`;
      renameSync(databasePath, previous);
      // The write-ahead log belongs to the database it was written for, never to the restored one.
      for (const suffix of ['-wal', '-shm'])
        if (existsSync(`${databasePath}${suffix}`))
          renameSync(`${databasePath}${suffix}`, `${previous}${suffix}`);
    }
    const partial = `${databasePath}.restoring`;
    copyFileSync(source, partial);
    chmodSync(partial, 0o600);
    renameSync(partial, databasePath);
    let keyRestored = false;
    const keyCopy = backupKeyFileOf(source);
    if (existsSync(keyCopy)) {
      const key = keyFileOf(databasePath);
      if (existsSync(key) && !readFileSync(key).equals(readFileSync(keyCopy)))
        renameSync(key, `${key}.before-restore-${stamp(now)}`);
      copyFileSync(keyCopy, key);
      chmodSync(key, 0o600);
      keyRestored = true;
    }
    return { previous, keyRestored };
  } finally {
    lock.release();
  }
}
