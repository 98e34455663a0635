/**
 * B11: 500 members pressing Going on one event with 100 places, in one second, in-process, on a
 * WAL file: each RSVP is one IMMEDIATE transaction (lapse offers, read the member's row, check the
 * event, take the lowest free place or a ticket at the end of the queue). Prints the p50/p99 of
 * one RSVP, checks the cap held exactly (100 going, 400 waiting in press order), and the ratio to
 * plain autocommit inserts of the same 500 rows (what the waitlist's safety costs). The CPU time
 * of each RSVP is printed beside its wall time: on a busy machine the wall time's tail is mostly
 * waiting for a core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrateToLatest, openDatabase } from '../src/core/db/database.js';
import { ensureGuild } from '../src/core/guilds.js';
import { createEvent, rsvp } from '../src/features/events/service.js';

const PRESSES = 500;
const CAPACITY = 100;
const HOUR = 3_600_000;
const userId = (prefix: number, i: number) => `${prefix}${String(i).padStart(17, '0')}`;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function round(n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
  const path = join(dir, 'bench.sqlite');
  const db = openDatabase(path);
  await migrateToLatest(db);
  const guild = `1${String(n).padStart(17, '0')}`;
  await ensureGuild(db, guild, { now: 0 });
  const event = await createEvent(
    db,
    guild,
    {
      channelId: '2'.repeat(18),
      title: 'Tasting night',
      startsAt: 48 * HOUR,
      durationMinutes: 120,
      capacity: CAPACITY,
    },
    1,
  );
  // One second of presses: 500 members, 2 ms apart on the event's clock, each timed alone.
  const times: number[] = [];
  const cpu: number[] = [];
  let going = 0;
  const positions: number[] = [];
  for (let i = 0; i < PRESSES; i++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const result = await rsvp(db, {
      guildId: guild,
      eventId: event.id,
      userId: userId(3, i),
      choice: 'going',
      now: HOUR + i * 2,
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1e3);
    if (result.outcome === 'going') going++;
    else if (result.outcome === 'waiting') positions.push(result.position);
  }
  const inOrder = positions.every((p, k) => p === k + 1);
  if (going !== CAPACITY || positions.length !== PRESSES - CAPACITY || !inOrder)
    throw new Error(`B11 broke the cap or the order: ${going} going, ${positions.length} waiting`);
  await db.destroy();

  // Baseline: the same 500 rows as plain inserts, no checks, on the same file.
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const insert = raw.prepare(
    "insert into event_rsvps (event_id, guild_id, user_id, status, seat, ticket, offer_expires_at, attended, checked_in_at, responded_at, updated_at) values (?, ?, ?, 'maybe', null, null, null, null, null, 1, 1)",
  );
  const plain: number[] = [];
  for (let i = 0; i < PRESSES; i++) {
    const start = process.hrtime.bigint();
    insert.run(event.id, guild, userId(4, i));
    plain.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  raw.close();
  rmSync(dir, { recursive: true, force: true });
  const sorted = (xs: number[]) => xs.sort((x, y) => x - y);
  return { times: sorted(times), cpu: sorted(cpu), plain: sorted(plain) };
}

export async function benchEvents(): Promise<string[]> {
  await round(99); // warm-up: the first presses compile the code paths; not counted
  const rounds = [];
  for (let n = 0; n < 5; n++) rounds.push(await round(n));
  const all = rounds.flatMap((r) => r.times).sort((x, y) => x - y);
  const plain = rounds.flatMap((r) => r.plain).sort((x, y) => x - y);
  const p50 = quantile(all, 0.5);
  const p99 = quantile(all, 0.99);
  const p95 = quantile(all, 0.95);
  const plain50 = quantile(plain, 0.5);
  const cpuAll = rounds.flatMap((r) => r.cpu).sort((x, y) => x - y);
  const total = Math.max(...rounds.map((r) => r.times.reduce((a, b) => a + b, 0)));
  return [
    `B11 event RSVPs: ${PRESSES} members press Going on ${CAPACITY} places, WAL file, 5 rounds`,
    `  one RSVP (IMMEDIATE transaction)     p50 ${p50.toFixed(3)} ms   p95 ${p95.toFixed(3)} ms   p99 ${p99.toFixed(3)} ms   (target p99 <= 1 ms: ${(p99 / 1).toFixed(2)}x)`,
    `  the same, CPU time of this process   p50 ${quantile(cpuAll, 0.5).toFixed(3)} ms   p99 ${quantile(cpuAll, 0.99).toFixed(3)} ms   (wall time counts waits for a busy CPU)`,
    `  plain autocommit insert (baseline)   p50 ${plain50.toFixed(3)} ms   ratio ${(p50 / plain50).toFixed(1)}x`,
    `  slowest round, all ${PRESSES} presses     ${total.toFixed(0)} ms (within one second: ${total <= 1000 ? 'yes' : 'no'})`,
    `  cap held: ${CAPACITY} going, ${PRESSES - CAPACITY} waiting in press order, every round`,
  ];
}
