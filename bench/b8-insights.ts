/**
 * B8: insights at a micro-community's scale. Ingesting message events in batches (events per
 * second, as a ratio to raw batched inserts into the same table), and an overview for a
 * 100-member server with one year of history (eleven months folded into daily aggregates, the
 * last month raw), against the 50 ms target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrateToLatest, openDatabase } from '../src/core/db/database.js';
import { ensureGuild } from '../src/core/guilds.js';
import {
  dayOf,
  foldEvents,
  ingestEvents,
  overview,
  type MessageEvent,
} from '../src/features/insights/service.js';

const GUILD = '100000000000000001';
const MEMBERS = 100;
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 21);

function events(count: number, from: number, span: number): MessageEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    guildId: GUILD,
    userId: `2${String(i % MEMBERS).padStart(17, '0')}`,
    channelId: '300000000000000001',
    at: from + Math.floor((i / count) * span),
    staff: i % MEMBERS < 5,
    replyTo: i % 3 === 0 ? null : i % 3 === 1 ? 'member' : 'staff',
    startsThread: i % 50 === 0,
    words: 3 + (i % 40),
  }));
}

export async function benchInsights(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
  const path = join(dir, 'bench.sqlite');
  const db = openDatabase(path);
  await migrateToLatest(db);
  await ensureGuild(db, GUILD, { now: 0 });

  // Ingest: 100,000 events in batches of 500, as the ingester writes them.
  const batch = events(100_000, END - 30 * DAY, 30 * DAY);
  let start = process.hrtime.bigint();
  for (let i = 0; i < batch.length; i += 500) await ingestEvents(db, batch.slice(i, i + 500));
  const oursRate = batch.length / (Number(process.hrtime.bigint() - start) / 1e9);

  const raw = new BetterSqlite3(path);
  raw.pragma('synchronous = NORMAL');
  raw
    .prepare(
      "insert into guilds (guild_id, language, timezone, joined_at, updated_at) values ('999', 'en', 'UTC', 0, 0)",
    )
    .run();
  const insert = raw.prepare(
    'insert into message_events (guild_id, user_id, channel_id, day, at, staff, reply_to, starts_thread, words) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const writeBatch = raw.transaction((rows: MessageEvent[]) => {
    for (const e of rows)
      insert.run(
        '999',
        e.userId,
        e.channelId,
        dayOf(e.at),
        e.at,
        e.staff ? 1 : 0,
        e.replyTo,
        e.startsThread ? 1 : 0,
        e.words,
      );
  });
  start = process.hrtime.bigint();
  for (let i = 0; i < batch.length; i += 500) writeBatch(batch.slice(i, i + 500));
  const rawRate = batch.length / (Number(process.hrtime.bigint() - start) / 1e9);
  raw.exec("delete from guilds where guild_id = '999'");
  raw.close();

  // A year of history: eleven more months (about 20 messages a member a day), folded.
  await ingestEvents(db, events(660_000, END - 365 * DAY, 335 * DAY));
  await foldEvents(db, dayOf(END - 30 * DAY));
  const today = dayOf(END) - 1;
  for (let i = 0; i < 5; i++) await overview(db, GUILD, today - 90, today, MEMBERS);
  const timings: number[] = [];
  for (const days of [7, 30, 91, 365]) {
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint();
      await overview(db, GUILD, today - days + 1, today, MEMBERS);
      timings.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
  const worst = Math.max(...timings);
  return [
    `B8 insights: ${MEMBERS}-member server, WAL file`,
    `  ingest, batches of 500      ${oursRate.toFixed(0).padStart(8)} events/s  (target >= 20,000: ${oursRate >= 20_000 ? 'met' : 'NOT MET'})`,
    `  raw batched inserts         ${rawRate.toFixed(0).padStart(8)} events/s`,
    `  ratio ours/raw              ${(oursRate / rawRate).toFixed(2)}x`,
    `  overview over a year of history (week, month, quarter, year; 5 runs each): worst ${worst.toFixed(1)} ms  (target < 50 ms: ${worst < 50 ? 'met' : 'NOT MET'})`,
  ];
}
