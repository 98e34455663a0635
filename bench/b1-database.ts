/**
 * B1: our database layer against raw better-sqlite3 on the same schema and file: a point select,
 * a single-row insert and a 1,000-row batched insert. Stock Kysely (which prepares every
 * statement on every call) is shown for context.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest, openDatabase } from '../src/core/db/database.js';
import { precompiled } from '../src/core/db/precompiled.js';
import type { Database, NewGuildRow } from '../src/core/db/schema.js';
import { getGuild } from '../src/core/guilds.js';
import { rate, report } from './harness.js';

const ROWS = 1_000;
/** Snowflake-shaped ids; doubles cannot hold 18-digit integers exactly. */
const id = (prefix: number, i: number) => `${prefix}${String(i).padStart(17, '0')}`;
const row = (id: string): NewGuildRow => ({
  guild_id: id,
  language: 'it',
  timezone: 'Europe/Rome',
  manager_role_id: null,
  member_role_id: null,
  welcome_channel_id: null,
  announcements_channel_id: null,
  log_channel_id: null,
  joined_at: 1,
  left_at: null,
  updated_at: 1,
});
const COLUMNS = Object.keys(row('0'));
const INSERT_SQL = `insert into guilds (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`;

export async function benchDatabase(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
  const path = join(dir, 'bench.sqlite');
  const db = openDatabase(path);
  await migrateToLatest(db);
  const raw = new BetterSqlite3(path);
  raw.pragma('synchronous = NORMAL');
  const stock = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new BetterSqlite3(path) }),
  });
  const lines: string[] = [
    'B1 database layer vs raw better-sqlite3 (same schema, same file, WAL, synchronous=NORMAL)',
  ];

  // Point select of one guild's settings: the query every interaction makes.
  await db
    .insertInto('guilds')
    .values(Array.from({ length: ROWS }, (_, i) => row(id(1, i))))
    .execute();
  const ids = Array.from({ length: ROWS }, (_, i) => id(1, (i * 7919) % ROWS));
  const rawSelect = raw.prepare('select * from guilds where guild_id = ?');
  const rawPoint = await rate('raw better-sqlite3', (i) => rawSelect.get(ids[i % ROWS]));
  const ours = await rate('ours: getGuild (precompiled)', (i) => getGuild(db, ids[i % ROWS]!));
  const builder = await rate('ours: Kysely builder, cached statements', (i) =>
    db
      .selectFrom('guilds')
      .selectAll()
      .where('guild_id', '=', ids[i % ROWS]!)
      .executeTakeFirst(),
  );
  const shipped = await rate('Kysely as shipped', (i) =>
    stock
      .selectFrom('guilds')
      .selectAll()
      .where('guild_id', '=', ids[i % ROWS]!)
      .executeTakeFirst(),
  );
  lines.push(
    ' point select',
    report(rawPoint, rawPoint),
    report(ours, rawPoint, { min: 0.5 }),
    report(builder, rawPoint),
    report(shipped, rawPoint),
  );

  // Single-row insert (autocommit), as a vote or an event would be written.
  let n = 0;
  const nextId = () => id(2, n++);
  const rawInsert = raw.prepare(INSERT_SQL);
  const rawSingle = await rate(
    'raw better-sqlite3',
    () =>
      rawInsert.run(
        ...COLUMNS.map((c) => (c === 'guild_id' ? nextId() : row('')[c as keyof NewGuildRow])),
      ),
    { iterations: 5_000 },
  );
  const insertOne = precompiled<Database, { id: string }>()((k, p) =>
    k.insertInto('guilds').values({ ...row(''), guild_id: p.id }),
  );
  const oursSingle = await rate(
    'ours: precompiled insert',
    () => insertOne.run(db, { id: nextId() }),
    { iterations: 5_000 },
  );
  const builderSingle = await rate(
    'ours: Kysely builder, cached statements',
    () => db.insertInto('guilds').values(row(nextId())).execute(),
    { iterations: 5_000 },
  );
  lines.push(
    ' single insert',
    report(rawSingle, rawSingle),
    report(oursSingle, rawSingle),
    report(builderSingle, rawSingle),
  );

  // Batched insert: 1,000 rows in one transaction.
  const batch = () => Array.from({ length: 1_000 }, () => row(nextId()));
  const rawBatch = await rate(
    'raw better-sqlite3 (1,000 rows/tx)',
    () =>
      raw.transaction((rows: NewGuildRow[]) => {
        for (const r of rows) rawInsert.run(...COLUMNS.map((c) => r[c as keyof NewGuildRow]));
      })(batch()),
    { iterations: 20, rounds: 5 },
  );
  const oursBatch = await rate(
    'ours: one multi-row insert per tx',
    () => db.transaction().execute((trx) => trx.insertInto('guilds').values(batch()).execute()),
    { iterations: 20, rounds: 5 },
  );
  lines.push(
    ' batched insert (batches/s)',
    report(rawBatch, rawBatch),
    report(oursBatch, rawBatch),
  );

  await db.destroy();
  await stock.destroy();
  raw.close();
  rmSync(dir, { recursive: true, force: true });
  return lines;
}
