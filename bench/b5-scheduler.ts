/**
 * B5: the prompt scheduler at scale: 100,000 weekly schedules across 10,000 servers on a WAL
 * file. An empty tick (nothing due), one simulated week of minute ticks claiming every run, and
 * the heap the scheduler holds per schedule, against the common approach of one node-cron task
 * per schedule, measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import cron from 'node-cron';
import { migrateToLatest, openDatabase } from '../src/core/db/database.js';
import { claimDue } from '../src/features/prompts/schedules.js';
import { nextRun, type WeeklyRule } from '../src/core/local-time.js';

const GUILDS = 10_000;
const SCHEDULES = 100_000;
const ZONES = ['Europe/Rome', 'Europe/London', 'America/New_York', 'Asia/Tokyo', 'UTC'];
const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 22, 0, 0);

function gcHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 4; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

export async function benchScheduler(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
  const path = join(dir, 'bench.sqlite');
  const db = openDatabase(path);
  await migrateToLatest(db);
  await db.destroy();

  // Seeding 100,000 schedules goes straight through SQLite; the rules are real, and each next run
  // is computed by the scheduler's own nextRun (memoized per distinct rule and zone).
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  const memo = new Map<string, number>();
  raw.transaction(() => {
    const guild = raw.prepare(
      "insert into guilds (guild_id, language, timezone, joined_at, updated_at) values (?, 'en', ?, 0, 0)",
    );
    const prompt = raw.prepare(
      "insert into prompts (guild_id, text, status, credit, created_at) values (?, ?, 'active', 0, 0)",
    );
    const schedule = raw.prepare(
      "insert into schedules (guild_id, channel_id, rule, pick, state, next_run_at, created_at, slot) values (?, '1', ?, 'queue', 'active', ?, 0, ?)",
    );
    for (let g = 0; g < GUILDS; g++) {
      const id = `1${String(g).padStart(17, '0')}`;
      const zone = ZONES[g % ZONES.length]!;
      guild.run(id, zone);
      for (let p = 0; p < 3; p++) prompt.run(id, `Prompt ${p} of ${g}`);
      for (let s = 0; s < SCHEDULES / GUILDS; s++) {
        const rule: WeeklyRule = {
          kind: 'weekly',
          weekdays: [(g + s) % 7],
          hour: (g * 7 + s * 3) % 24,
          minute: ((g + s) % 4) * 15,
          everyWeeks: 1,
          anchor: '2026-11-22',
        };
        const key = `${zone}|${rule.weekdays[0]}|${rule.hour}|${rule.minute}`;
        let next = memo.get(key);
        if (next === undefined) memo.set(key, (next = nextRun(rule, zone, START)!));
        schedule.run(id, JSON.stringify(rule), next, s);
      }
    }
  })();
  raw.close();

  const bot = openDatabase(path);
  // An empty tick: nothing is due before the first run.
  const first = Math.min(...memo.values());
  for (let i = 0; i < 200; i++) await claimDue(bot, first - MINUTE, 6 * 3_600_000);
  const empty: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const t = process.hrtime.bigint();
    await claimDue(bot, first - MINUTE, 6 * 3_600_000);
    empty.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  empty.sort((x, y) => x - y);
  const emptyMedian = empty[Math.floor(empty.length / 2)]!;

  // One simulated week of minute ticks: every schedule comes due once and is claimed.
  const heapBefore = gcHeap();
  const cpu = process.cpuUsage();
  let claimed = 0;
  for (let clock = START; clock < START + 7 * 24 * 60 * MINUTE; clock += MINUTE)
    claimed += (await claimDue(bot, clock, 6 * 3_600_000)).claimed;
  const cpuUsed = process.cpuUsage(cpu);
  const weekCpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  const oursPerSchedule = Math.max(0, gcHeap() - heapBefore) / SCHEDULES;
  await bot.destroy();
  rmSync(dir, { recursive: true, force: true });

  // The common approach: one node-cron task per schedule, each holding its own timer and state.
  const cronBefore = gcHeap();
  const createStart = process.hrtime.bigint();
  const tasks = Array.from({ length: SCHEDULES }, (_, i) =>
    cron.createTask(`${(i % 4) * 15} ${i % 24} * * ${i % 7}`, () => undefined, {
      timezone: ZONES[i % ZONES.length]!,
    }),
  );
  const createSeconds = Number(process.hrtime.bigint() - createStart) / 1e9;
  const cronPerSchedule = (gcHeap() - cronBefore) / SCHEDULES;
  for (const task of tasks) await task.destroy();

  return [
    `B5 prompt scheduler: ${SCHEDULES.toLocaleString('en')} weekly schedules across ${GUILDS.toLocaleString('en')} servers, WAL file`,
    `  empty tick (nothing due)            median ${(emptyMedian * 1000).toFixed(1)} µs  (target < 100 µs: ${emptyMedian < 0.1 ? 'met' : 'NOT MET'})`,
    `  one simulated week, 10,080 ticks     ${weekCpuSeconds.toFixed(2)} s CPU, ${claimed.toLocaleString('en')} runs claimed  (target < 10 s: ${weekCpuSeconds < 10 ? 'met' : 'NOT MET'})`,
    `  heap per schedule, ours              ${oursPerSchedule.toFixed(1)} bytes beyond its row  (target < 200: ${oursPerSchedule < 200 ? 'met' : 'NOT MET'})`,
    `  heap per schedule, node-cron task    ${cronPerSchedule.toFixed(0)} bytes (creating them took ${createSeconds.toFixed(2)} s)`,
    `  ratio ours/node-cron heap            ${(oursPerSchedule / cronPerSchedule).toFixed(4)}x`,
  ];
}
