import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { ensureGuild, updateSettings } from '../../src/core/guilds.js';
import { addPrompt } from '../../src/features/prompts/bank.js';
import { createSchedule } from '../../src/features/prompts/schedules.js';
import { DiscordStandIn } from '../stand-in/server.js';
import { ROOT } from '../helpers/process.js';

const KILLS = Number(process.env.HEARTH_CRASH_KILLS ?? 200);
const START = Date.UTC(2026, 10, 23, 9, 0);

let standIn: DiscordStandIn;
let dir: string;
let bundle: string;
let guild: string;
let channel: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-crash-'));
  // Bundled once, so each of the hundreds of restarts starts in a fraction of a second.
  const cacheDir = join(ROOT, 'node_modules', '.cache', 'hearth-test');
  mkdirSync(cacheDir, { recursive: true });
  bundle = join(cacheDir, `scheduler-child-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, 'test/crash/scheduler-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'silent',
  });
  standIn = await new DiscordStandIn().start();
  guild = standIn.addGuild();
  channel = standIn.addChannel(guild, { name: 'prompts' });
  const db = openDatabase(join(dir, 'hearth.sqlite'));
  await migrateToLatest(db);
  await ensureGuild(db, guild, { now: START });
  await updateSettings(db, guild, { timezone: 'Europe/Rome' }, START);
  for (let i = 0; i < 20; i++) await addPrompt(db, guild, { text: `Prompt number ${i}` }, START);
  await createSchedule(
    db,
    guild,
    {
      channelId: channel,
      rule: { kind: 'cron', expression: '* * * * *' },
      tag: null,
      pick: 'queue',
    },
    'Europe/Rome',
    START,
  );
  await db.destroy();
});

afterAll(async () => {
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundle, { force: true });
});

interface Warm {
  readonly child: ReturnType<typeof spawn>;
  readonly go: (startClock: number, stepMinutes: number, killAfterMs?: number) => Promise<number>;
}

/** A child that has loaded everything and waits for its start clock. */
function warmChild(maxTicks?: number): Warm {
  const child = spawn(process.execPath, [bundle], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      TOKEN: standIn.token,
      API_BASE: standIn.apiBase,
      DB_PATH: join(dir, 'hearth.sqlite'),
      ...(maxTicks === undefined ? {} : { MAX_TICKS: String(maxTicks) }),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    go: (startClock, stepMinutes, killAfterMs) =>
      new Promise((resolve, reject) => {
        let last = startClock;
        let timer: NodeJS.Timeout | undefined;
        child.stdout.on('data', (chunk: Buffer) => {
          const text = chunk.toString();
          for (const match of text.matchAll(/clock (\d+)/g)) last = Number(match[1]);
          // Killed at a random moment after it starts ticking: before, during or after a post.
          if (killAfterMs !== undefined && timer === undefined && text.includes('go'))
            timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        });
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          if (signal === 'SIGKILL' || code === 0) resolve(last);
          else reject(new Error(`scheduler child failed (${code}): ${stderr}`));
        });
        child.stdin.write(`${startClock} ${stepMinutes}\n`);
      }),
  };
}

describe('crash safety', () => {
  it(`every scheduled run is posted exactly once across ${KILLS} kill -9s at random moments`, async () => {
    let clock = START;
    // Two children warm up while one runs, so restarts cost little time.
    const pool = [warmChild(), warmChild()];
    // Cycles of three: a kill at a random moment; a kill at the worst moment (Discord has stored
    // the k-th message or thread, the bot has not heard back); then a run given time to retry,
    // one minute per tick (a retry within the nonce window) or three (the pending runs are
    // stale, so the poster first looks for an earlier post in the channel).
    for (let i = 0; i < KILLS; i++) {
      pool.push(warmChild());
      const next = pool.shift()!;
      const phase = i % 3;
      if (phase === 1) {
        let left = 1 + Math.floor(Math.random() * 3);
        const target = Math.random() < 0.5 ? `/channels/${channel}/messages` : '/threads';
        standIn.beforeResponse = (r) => {
          if (r.method === 'POST' && r.path.endsWith(target) && r.status < 300 && --left === 0)
            next.child.kill('SIGKILL');
        };
        clock = await next.go(clock, 3, 2_000);
        standIn.beforeResponse = undefined;
      } else if (phase === 2) {
        clock = await next.go(clock, i % 6 === 2 ? 1 : 3, 300);
      } else {
        clock = await next.go(clock, 1, Math.floor(Math.random() * 40));
      }
    }
    standIn.beforeResponse = undefined;
    for (const spare of pool) void spare.go(clock, 1, 0).catch(() => undefined);
    // A last run that is not killed drains whatever was claimed but not yet posted.
    clock = await warmChild(2).go(clock, 1);

    const db = openDatabase(join(dir, 'hearth.sqlite'));
    expect(
      (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows,
    ).toEqual([{ integrity_check: 'ok' }]);
    const occurrences = await db.selectFrom('occurrences').selectAll().orderBy('due_at').execute();
    await db.destroy();

    // Every minute from the first run to the end was claimed exactly once, and all were posted.
    expect(occurrences.length).toBeGreaterThan(KILLS);
    const minutes = occurrences.map((o) => o.due_at);
    expect(new Set(minutes).size).toBe(minutes.length);
    for (let i = 1; i < minutes.length; i++) expect(minutes[i]! - minutes[i - 1]!).toBe(60_000);
    // Both recovery paths ran: retries the nonce answered, and stale runs found by scanning.
    expect(occurrences.filter((o) => o.status !== 'posted')).toEqual([]);

    // Discord shows each run exactly once: one message per occurrence, each with one thread.
    const messages = standIn.postedIn(channel);
    const markers = messages.map(
      (m) => JSON.stringify(m.components).match(/prompt\.suggest:(\d+)/)?.[1],
    );
    expect(messages).toHaveLength(occurrences.length);
    expect(new Set(markers).size).toBe(messages.length);
    expect(new Set(occurrences.map((o) => o.message_id))).toEqual(
      new Set(messages.map((m) => m.id)),
    );
    for (const o of occurrences)
      expect(standIn.threadsByMessage.get(o.message_id!)).toBe(o.thread_id);
    // Retries did happen (the kills landed mid-post), and they reused the nonce or found the post.
    const sends = standIn.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`,
    );
    const scans = standIn.requests.filter(
      (r) => r.method === 'GET' && r.path === `/channels/${channel}/messages`,
    ).length;
    console.log(
      `crash test: ${KILLS} kills, ${occurrences.length} runs, ${sends.length} sends (${sends.length - messages.length} retries answered by the nonce), ${scans} channel scans for stale runs`,
    );
    expect(sends.length - messages.length).toBeGreaterThan(0);
    expect(scans).toBeGreaterThan(0);
    expect(standIn.unknownRequests).toEqual([]);
  }, 600_000);
});
