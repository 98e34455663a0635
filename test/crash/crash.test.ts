import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { DiscordStandIn } from '../stand-in/server.js';
import { ROOT } from '../helpers/process.js';
import { seed, START, type World } from './scenario.js';

const KILLS = Number(process.env.HEARTH_CRASH_KILLS ?? 120);
/** However slow the machine, a child that has not moved for this long has hung. */
const STALL_MS = 120_000;

let standIn: DiscordStandIn;
let dir: string;
let bundle: string;
let world: World;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-crash-'));
  // Bundled once, dependencies included (discord.js alone is half a second of module loading
  // otherwise), so each of the hundreds of restarts starts in a fraction of a second.
  const cacheDir = join(ROOT, 'node_modules', '.cache', 'hearth-test');
  mkdirSync(cacheDir, { recursive: true });
  bundle = join(cacheDir, `worker-child-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, 'test/crash/worker-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Native modules, and the optional ones ws and discord.js look for, stay outside.
    external: ['better-sqlite3', '@napi-rs/canvas', 'zlib-sync', 'bufferutil', 'utf-8-validate'],
    banner: {
      js: "import { createRequire as __hearthRequire } from 'node:module'; const require = __hearthRequire(import.meta.url);",
    },
    outfile: bundle,
    logLevel: 'silent',
  });
  standIn = await new DiscordStandIn().start();
  const db = openDatabase(join(dir, 'hearth.sqlite'));
  await migrateToLatest(db);
  world = await seed(db, standIn);
  await db.destroy();
}, 120_000);

afterAll(async () => {
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundle, { force: true });
});

/** When to kill a child: a while after it starts, or once it has finished its first tick. */
type Kill = { readonly afterMs: number } | { readonly afterFirstTick: true } | undefined;

interface Warm {
  readonly child: ReturnType<typeof spawn>;
  /** Starts the child at `startClock`; resolves with the last clock it printed when it ends. */
  readonly go: (startClock: number, stepMinutes: number, kill?: Kill) => Promise<number>;
}

/** A child that has loaded everything and waits for its start clock. */
function warmChild(final = false): Warm {
  const child = spawn(process.execPath, [bundle], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      TOKEN: standIn.token,
      API_BASE: standIn.apiBase,
      DB_PATH: join(dir, 'hearth.sqlite'),
      ...(final ? { FINAL: '1' } : {}),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    go: (startClock, stepMinutes, kill) =>
      new Promise((resolve, reject) => {
        let last = startClock;
        let timer: NodeJS.Timeout | undefined;
        let stalled = false;
        // No fixed sleeps: the only timer is a generous guard against a hung child.
        const guard = () =>
          setTimeout(() => {
            stalled = true;
            child.kill('SIGKILL');
          }, STALL_MS);
        let stall = guard();
        child.stdout.on('data', (chunk: Buffer) => {
          const text = chunk.toString();
          clearTimeout(stall);
          stall = guard();
          for (const match of text.matchAll(/clock (\d+)/g)) last = Number(match[1]);
          // Killed at a random moment after it starts: before, during or after a post.
          if (kill !== undefined && 'afterMs' in kill && timer === undefined && text.includes('go'))
            timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
          if (kill !== undefined && 'afterFirstTick' in kill && text.includes('ticked'))
            child.kill('SIGKILL');
        });
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          clearTimeout(stall);
          if (stalled) reject(new Error(`child stalled for ${STALL_MS} ms: ${stderr}`));
          else if (signal === 'SIGKILL' || code === 0) resolve(last);
          else reject(new Error(`worker child failed (${code}): ${stderr}`));
        });
        child.stdin.write(`${startClock} ${stepMinutes}\n`);
      }),
  };
}

describe('crash safety', () => {
  it(`every intended effect happens exactly once across ${KILLS} kill -9s at random moments`, async () => {
    let clock = START;
    // Two children warm up while one runs, so restarts cost little time.
    const pool = [warmChild(), warmChild()];
    // Cycles of four: a kill at a random moment; a kill at the worst moment (Discord has done
    // the k-th post of a kind, the process has not heard back); then a process that retries it
    // and is killed once its first minute is done, one simulated minute later (inside Discord's
    // nonce window: Discord answers the retry with the first message) or three (past it: the
    // worker first looks for the earlier post); then a kill a little after start. The lost posts
    // alternate between text channels and the forum, so every recovery path is taken.
    for (let i = 0; i < KILLS; i++) {
      pool.push(warmChild());
      const next = pool.shift()!;
      const round = Math.floor(i / 4);
      const phase = i % 4;
      if (phase === 1) {
        let left = 1 + Math.floor(Math.random() * 3);
        const lost =
          round % 2 === 0
            ? (path: string) => world.text.some((c) => path === `/channels/${c}/messages`)
            : (path: string) => path === `/channels/${world.forum}/threads`;
        standIn.beforeResponse = (r) => {
          if (r.method === 'POST' && lost(r.path) && r.status < 300 && --left === 0)
            next.child.kill('SIGKILL');
        };
        clock = await next.go(clock, 3);
        standIn.beforeResponse = undefined;
      } else if (phase === 2) {
        clock = await next.go(clock, round % 4 < 2 ? 1 : 3, { afterFirstTick: true });
      } else if (phase === 3) {
        clock = await next.go(clock, 3, { afterMs: 300 });
      } else {
        clock = await next.go(clock, 1, { afterMs: Math.floor(Math.random() * 40) });
      }
    }
    standIn.beforeResponse = undefined;
    // The spares are used up (killed as soon as they start) and waited for: on a busy machine a
    // spare can outlive its kill by several ticks, and must neither hold the lock when the last
    // process starts nor claim runs after it ended.
    const spares = await Promise.all(
      pool.map((spare) => spare.go(clock, 1, { afterMs: 0 }).catch(() => clock)),
    );
    clock = Math.max(clock, ...spares);
    // A last process that is not killed carries out whatever is left.
    clock = await warmChild(true).go(clock, 1);

    const db = openDatabase(join(dir, 'hearth.sqlite'));
    expect(
      (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows,
    ).toEqual([{ integrity_check: 'ok' }]);
    const occurrences = await db.selectFrom('occurrences').selectAll().orderBy('due_at').execute();
    const outbox = await db.selectFrom('outbox').select(['kind', 'state', 'last_error']).execute();
    await db.destroy();

    // Every minute from the first run to the end was claimed exactly once, and all were posted.
    expect(occurrences.length).toBeGreaterThan(KILLS);
    const minutes = occurrences.map((o) => o.due_at);
    expect(new Set(minutes).size).toBe(minutes.length);
    for (let i = 1; i < minutes.length; i++) expect(minutes[i]! - minutes[i - 1]!).toBe(60_000);
    expect(occurrences.filter((o) => o.status !== 'posted')).toEqual([]);
    // Nothing left pending, nothing given up.
    expect(outbox.filter((o) => o.state !== 'done')).toEqual([]);

    // Discord shows each run exactly once: in a text channel, one message with one thread.
    const marker = (components: unknown) =>
      JSON.stringify(components).match(/prompt\.suggest:(\d+)/)?.[1];
    let textRuns = 0;
    for (const channel of world.text) {
      const runs = occurrences.filter((o) => o.channel_id === channel);
      const messages = standIn.postedIn(channel);
      expect(messages).toHaveLength(runs.length);
      expect(new Set(messages.map((m) => marker(m.components))).size).toBe(messages.length);
      expect(new Set(runs.map((o) => o.message_id))).toEqual(new Set(messages.map((m) => m.id)));
      for (const o of runs) expect(standIn.threadsByMessage.get(o.message_id!)).toBe(o.thread_id);
      textRuns += runs.length;
    }
    // In the forum, one post per run.
    const forumRuns = occurrences.filter((o) => o.channel_id === world.forum);
    const forumPosts = [...standIn.guilds.get(world.guilds[2]!)!.channels.values()].filter(
      (c) => (c as { parent_id?: string }).parent_id === world.forum,
    );
    expect(forumPosts).toHaveLength(forumRuns.length);
    const starters = forumPosts.map((t) => marker(standIn.postedIn(t.id)[0]?.components));
    expect(new Set(starters).size).toBe(forumPosts.length);
    expect(new Set(forumRuns.map((o) => o.thread_id))).toEqual(
      new Set(forumPosts.map((t) => t.id)),
    );

    // The kills landed mid-post, and the retries reused the nonce or looked first.
    const sends = standIn.requests.filter(
      (r) => r.method === 'POST' && world.text.some((c) => r.path === `/channels/${c}/messages`),
    );
    const scans = standIn.requests.filter(
      (r) => r.method === 'GET' && world.text.some((c) => r.path === `/channels/${c}/messages`),
    ).length;
    const forumLookups = standIn.requests.filter(
      (r) => r.method === 'GET' && r.path.endsWith('/threads/active'),
    ).length;
    const nonceAnswered = sends.length - textRuns;
    console.log(
      `crash test: ${KILLS} kills, ${occurrences.length} runs (${textRuns} text, ${forumRuns.length} forum), ` +
        `${outbox.length} effects, 0 duplicates, 0 lost; ${nonceAnswered} retries answered by the nonce, ` +
        `${scans} channel scans and ${forumLookups} forum look-ups for stale attempts`,
    );
    expect(nonceAnswered).toBeGreaterThan(0);
    expect(scans).toBeGreaterThan(0);
    expect(forumLookups).toBeGreaterThan(0);
    expect(standIn.unknownRequests).toEqual([]);
  }, 1_800_000);
});
