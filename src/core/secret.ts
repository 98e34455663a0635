import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The key behind anonymous votes' keyed hashes. It must live outside the database: with the
 * database alone, nobody can tell who voted what. POLL_SECRET (64 hex characters) wins;
 * otherwise a random key is created once in `hearth.key` beside the database (mode 0600) and
 * kept. An in-memory database gets a key for this process only.
 */
export function loadSecret(databasePath: string, fromEnv: string | undefined): Buffer {
  if (fromEnv !== undefined) return Buffer.from(fromEnv, 'hex');
  if (databasePath === ':memory:') return randomBytes(32);
  const file = join(dirname(databasePath), 'hearth.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
