/**
 * `npm run restore -- <file>`: puts a backup (from `npm run backup`) in place of the database, with
 * Hearth stopped. The backup is verified first; the database it replaces is kept as
 * `<database>.before-restore-<time>`; the vote key comes back from `<file>.key` when present.
 */
import { config as loadDotenv } from 'dotenv';
import { parseDataConfig } from '../core/config.js';
import { BackupProblem, restoreDatabase } from '../run/backup.js';

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
const source = process.argv[2];
if (source === undefined || source === '')
  fail('usage: npm run restore -- <backup file>, with Hearth stopped');
const { DATABASE_PATH } = parsed.config;

try {
  const { previous, keyRestored } = restoreDatabase(source, DATABASE_PATH);
  process.stdout.write(
    `hearth: restored ${DATABASE_PATH} from ${source}${previous === undefined ? '' : `; the database it replaced is kept as ${previous}`}\n`,
  );
  process.stdout.write(
    keyRestored
      ? 'hearth: the vote key came back from the backup too. Start Hearth again.\n'
      : `hearth: no ${source}.key beside the backup, so the vote key was left as it is. Start Hearth again.\n`,
  );
} catch (error) {
  if (error instanceof BackupProblem) fail(error.message);
  throw error;
}
