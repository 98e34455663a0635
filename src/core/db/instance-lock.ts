import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export class InstanceLockedError extends Error {
  constructor(readonly lockPath: string) {
    super(
      `another Hearth process is already running on this database (lock file ${lockPath} is held). ` +
        'Stop it first: two copies would answer every interaction twice.',
    );
    this.name = 'InstanceLockedError';
  }
}

export interface InstanceLock {
  readonly path: string;
  release(): void;
}

/**
 * Makes sure only one Hearth process uses a database. The lock is an exclusive SQLite lock on a
 * sidecar file (`<database>.lock`), held for the life of the process: the operating system drops
 * it when the process ends however it ends, so a crash never leaves a stale lock behind, and the
 * main database stays readable by backups and the sqlite3 shell.
 *
 * In-memory databases cannot be shared between processes and need no lock.
 */
export function acquireInstanceLock(databasePath: string): InstanceLock {
  const path = `${databasePath}.lock`;
  if (databasePath === ':memory:') return { path, release: () => {} };
  mkdirSync(dirname(path), { recursive: true });
  const lockDb = new BetterSqlite3(path, { timeout: 0 });
  try {
    // In EXCLUSIVE locking mode a connection keeps the lock of its first write until it closes.
    lockDb.pragma('locking_mode = EXCLUSIVE');
    lockDb.exec('begin exclusive');
    lockDb.exec(
      'create table if not exists holder (pid integer not null, started_at integer not null)',
    );
    lockDb.exec('delete from holder');
    lockDb
      .prepare('insert into holder (pid, started_at) values (?, ?)')
      .run(process.pid, Date.now());
    lockDb.exec('commit');
  } catch (error) {
    lockDb.close();
    if (
      error instanceof BetterSqlite3.SqliteError &&
      (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED')
    ) {
      throw new InstanceLockedError(path);
    }
    throw error;
  }
  return {
    path,
    release: () => {
      if (lockDb.open) lockDb.close();
    },
  };
}
