/**
 * The crash test's eraser: loads everything, says `ready`, then for the database path it reads
 * on stdin erases one member in one server (through the whole data map, as /privacy erase does)
 * and says `erasing` before and `done` after. The test kills it with SIGKILL somewhere between.
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/core/db/database.js';
import { eraseMember, memberDataEntries } from '../../src/core/member-data.js';
import { features } from '../../src/features/index.js';

const { GUILD, USER } = process.env as Record<string, string>;
const entries = memberDataEntries(features);
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const path of lines) {
  const db = openDatabase(path);
  const started = performance.now();
  process.stdout.write('erasing\n');
  await eraseMember(
    db,
    entries,
    { guildId: GUILD!, userId: USER! },
    { now: Date.now(), keepRoles: true, stillMember: false },
  );
  process.stdout.write(`done ${Math.round(performance.now() - started)}\n`);
  await db.destroy();
  process.exit(0);
}
