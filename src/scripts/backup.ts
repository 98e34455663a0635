/**
 * `npm run backup -- <file>`: an online copy of the database (safe while Hearth runs), verified,
 * with the vote key copied beside it as `<file>.key`.
 */
import { config as loadDotenv } from 'dotenv';
import { parseDataConfig } from '../core/config.js';
import { backupDatabase, BackupProblem } from '../run/backup.js';

function fail(line: string): never {
  process.stderr.write(`hearth: ${line}\n`);
  process.exit(1);
}

loadDotenv({ quiet: true });
const parsed = parseDataConfig(process.env);
if (!parsed.ok) {
  for (const problem of parsed.problems) process.stderr.write(`hearth: ${problem}\n`);
  process.exit(1);
}
const target = process.argv[2];
if (target === undefined || target === '')
  fail(
    'usage: npm run backup -- <file>, for example npm run backup -- backups/hearth-2026-12-01.sqlite',
  );
const { DATABASE_PATH, POLL_SECRET } = parsed.config;

try {
  const { bytes, keyCopy } = await backupDatabase(DATABASE_PATH, target);
  process.stdout.write(
    `hearth: backed up ${DATABASE_PATH} to ${target} (${(bytes / 1024).toFixed(0)} KiB); SQLite's integrity check: ok\n`,
  );
  if (keyCopy !== undefined)
    process.stdout.write(
      `hearth: copied the vote key to ${keyCopy}. Store it apart from copies of the database you share: with both, anyone can tell who voted what in anonymous polls. Without it, a restored database cannot keep anonymous votes one per member.\n`,
    );
  else if (POLL_SECRET !== undefined)
    process.stdout.write(
      'hearth: the vote key is POLL_SECRET in your environment: keep it safe as well, apart from the backup\n',
    );
} catch (error) {
  if (error instanceof BackupProblem) fail(error.message);
  throw error;
}
