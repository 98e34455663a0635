/**
 * B4: a burst of 1,000 joins against a cap of 500 (500 admitted, 500 waitlisted), all started at
 * once, through the admission service on a WAL file; and the ratio to a plain insert of the same
 * 1,000 membership rows, one autocommit insert each (what the cap's safety costs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrateToLatest, openDatabase } from '../src/core/db/database.js';
import { ensureGuild } from '../src/core/guilds.js';
import { requestAdmission, setCap } from '../src/features/membership/service.js';

const JOINS = 1_000;
const CAP = 500;
const userId = (prefix: number, i: number) => `${prefix}${String(i).padStart(17, '0')}`;

async function burst(round: number): Promise<{ ours: number; plain: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
  const path = join(dir, 'bench.sqlite');
  const db = openDatabase(path);
  await migrateToLatest(db);
  const guild = `1${String(round).padStart(17, '0')}`;
  await ensureGuild(db, guild, { now: 0 });
  await setCap(db, guild, CAP, 1);

  const start = process.hrtime.bigint();
  const results = await Promise.all(
    Array.from({ length: JOINS }, (_, i) => requestAdmission(db, guild, userId(2, i), 10)),
  );
  const ours = Number(process.hrtime.bigint() - start) / 1e9;
  if (results.filter((r) => r.outcome === 'admitted').length !== CAP)
    throw new Error('benchmark run broke the cap');

  // Baseline: the same number of membership rows, plain inserts, no checks (a second guild).
  const other = `9${String(round).padStart(17, '0')}`;
  await ensureGuild(db, other, { now: 0 });
  await db.destroy();
  const raw = new BetterSqlite3(path);
  raw.pragma('synchronous = NORMAL');
  const insert = raw.prepare(
    "insert into memberships (guild_id, user_id, state, ticket, waiting_since, role_synced, updated_at) values (?, ?, 'waiting', ?, 10, 0, 10)",
  );
  const plainStart = process.hrtime.bigint();
  for (let i = 0; i < JOINS; i++) insert.run(other, userId(3, i), i + 1);
  const plain = Number(process.hrtime.bigint() - plainStart) / 1e9;
  raw.close();
  rmSync(dir, { recursive: true, force: true });
  return { ours, plain };
}

export async function benchAdmissions(): Promise<string[]> {
  const runs = [];
  for (let round = 0; round < 5; round++) runs.push(await burst(round));
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const ours = JOINS / median(runs.map((r) => r.ours));
  const plain = JOINS / median(runs.map((r) => r.plain));
  return [
    `B4 admissions: a burst of ${JOINS} joins against a cap of ${CAP}, WAL file, median of 5 runs`,
    `  ours (admit or queue, one IMMEDIATE transaction each)   ${ours.toFixed(0).padStart(7)} admissions/s`,
    `  plain insert of the same rows (autocommit each)         ${plain.toFixed(0).padStart(7)} rows/s`,
    `  ratio ours/plain                                        ${(ours / plain).toFixed(2)}x`,
  ];
}
