import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { selectSync, type Db } from './db/database.js';

/** A key Hearth cannot do without, missing or damaged: start-up stops with this one line. */
export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/** Where the key lives when POLL_SECRET is unset: `hearth.key` beside the database. */
export function keyFileOf(databasePath: string): string {
  return join(dirname(databasePath), 'hearth.key');
}

/**
 * Hearth's master key: it seals each anonymous poll's own key (see polls/service.ts) and keys the
 * data tools' fingerprints. It must live outside the database. POLL_SECRET (64 hex characters)
 * wins; otherwise `hearth.key` beside the database, created once, atomically (a temporary file,
 * fsync, rename) with mode 0600. An in-memory database gets a key for this process only.
 *
 * Fails closed: when `required` (the database holds open anonymous polls sealed with the key), a
 * missing, empty, short or non-hex file stops start-up with a {@link KeyFileError} naming the
 * file and what to do, instead of silently starting over with a new key (which would let every
 * member vote again). When nothing depends on it, a damaged file is replaced.
 */
export function loadSecret(
  databasePath: string,
  fromEnv: string | undefined,
  {
    required = false,
  }: {
    /** What in the database depends on the key (true: open anonymous polls); false: nothing. */
    required?: boolean | string;
  } = {},
): Buffer {
  if (fromEnv !== undefined) return Buffer.from(fromEnv, 'hex');
  if (databasePath === ':memory:') return randomBytes(32);
  const file = keyFileOf(databasePath);
  const need = (problem: string) =>
    new KeyFileError(
      `${file} ${problem}, but the database holds ${required === true ? 'open anonymous polls' : String(required)} that depend on it: put back the hearth.key from your backup (or set POLL_SECRET to its 64 hex characters) and start Hearth again`,
    );
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (HEX_KEY.test(text)) {
      tightenMode(file);
      return Buffer.from(text, 'hex');
    }
    if (required !== false)
      throw need(
        text.length === 0
          ? 'is empty'
          : HEX_KEY.test(text.padEnd(64, '0').slice(0, 64)) && text.length < 64
            ? `is too short (${text.length} of 64 hexadecimal characters)`
            : 'is not 64 hexadecimal characters',
      );
  } else if (required !== false) {
    throw need('is missing');
  }
  return writeKeyFile(file);
}

/**
 * A key file others may read (copied back from a backup as 0644, say) is made its owner's only:
 * with the database, it links open anonymous polls' votes to members. Left as it is when Hearth
 * may not change it (another owner): reading it still works.
 */
function tightenMode(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch {
    // Not ours to change.
  }
}

/** Writes a new random key so that the file is either absent or whole, never half written. */
function writeKeyFile(file: string): Buffer {
  const directory = dirname(file);
  mkdirSync(directory, { recursive: true });
  const secret = randomBytes(32);
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${secret.toString('hex')}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  // The rename itself is durable once the directory is synced (not every platform allows it).
  try {
    const dir = openSync(directory, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Windows cannot open a directory: the rename is still atomic there.
  }
  return secret;
}

/**
 * What in `db` depends on the master key, in words for {@link KeyFileError}; false when nothing
 * does. The one list, asked by every loader of the key (the polls at start-up, the fingerprints
 * of `member-data.ts`, the privacy script), so that whichever loads it first refuses a missing
 * or damaged key, instead of writing a new one that the others would then take as good:
 * - open anonymous polls: each one's voter key is sealed under it (a new key lets every member
 *   vote again);
 * - kept fingerprints (`member_bars`, `kept_rejections`, `member_erasures`): a manager's removal
 *   or rejection that outlives the member's erase, and who erased, are found by keyed hash of
 *   the member's id; under a new key they match nobody, and a removed member walks back in;
 * - introductions' "don't match me with" lists (`intro_exclusions`): the member avoided is a
 *   keyed hash; under a new key it matches nobody, and they are matched with who avoided them.
 */
export function keyDependents(db: Db): string | false {
  const [polls] = selectSync<{ n: number }>(
    db,
    "select count(*) as n from polls where anonymous = 1 and status = 'open'",
  );
  if (polls!.n > 0) return 'open anonymous polls';
  const [kept] = selectSync<{ n: number }>(
    db,
    'select (select count(*) from member_bars) + (select count(*) from kept_rejections) + (select count(*) from member_erasures) as n',
  );
  if (kept!.n > 0)
    return 'kept fingerprints of members (removals, rejections and erasures that outlive an erase)';
  const [avoids] = selectSync<{ n: number }>(db, 'select count(*) as n from intro_exclusions');
  if (avoids!.n > 0) return 'introductions’ “don’t match me with” lists';
  return false;
}

/** Hearth's master key for `db` (see {@link loadSecret}), refused when missing or damaged while
 * something in `db` depends on it ({@link keyDependents}). */
export function loadMasterKey(db: Db, databasePath: string, fromEnv: string | undefined): Buffer {
  return loadSecret(databasePath, fromEnv, { required: keyDependents(db) });
}
