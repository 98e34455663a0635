import { spawn } from 'node:child_process';
import { promptRoutes } from '../../src/features/prompts/routes.js';
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

/** Every recovery path is taken from 16 kills on (two cycles per kind of lost answer). */
const KILLS = Math.max(16, Number(process.env.HEARTH_CRASH_KILLS ?? 120));
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
    // The chart worker beside it, as in dist/: poll results draw their charts there.
    entryPoints: {
      [`worker-child-${process.pid}`]: join(ROOT, 'test/crash/worker-child.ts'),
      'chart-worker': join(ROOT, 'src/core/charts/worker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Native modules, and the optional ones ws and discord.js look for, stay outside.
    external: ['better-sqlite3', '@napi-rs/canvas', 'zlib-sync', 'bufferutil', 'utf-8-validate'],
    banner: {
      js: "import { createRequire as __hearthRequire } from 'node:module'; const require = __hearthRequire(import.meta.url);",
    },
    outdir: cacheDir,
    outExtension: { '.js': '.mjs' },
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
    // the k-th request of a kind, the process has not heard back); then a process that retries it
    // and is killed once its first minute is done, one simulated minute later (inside Discord's
    // nonce window: Discord answers the retry with the first message) or three (past it: the
    // worker first looks for the earlier post); then a kill a little after start. The lost
    // answers go round the kinds (a text channel post, a forum post, a post or DM of the club, a
    // role grant), so every recovery path is taken on every run.
    const club = world.club;
    const lostAnswers: ((r: { method: string; path: string }) => boolean)[] = [
      (r) => r.method === 'POST' && world.text.some((c) => r.path === `/channels/${c}/messages`),
      (r) => r.method === 'POST' && r.path === `/channels/${world.forum}/threads`,
      (r) =>
        r.method === 'POST' &&
        [club.polls, club.log, club.announcements, ...standIn.dmChannels.values()].some(
          (c) => r.path === `/channels/${c}/messages`,
        ),
      (r) => r.method === 'PUT' && r.path.endsWith(`/roles/${club.memberRole}`),
    ];
    for (let i = 0; i < KILLS; i++) {
      pool.push(warmChild());
      const next = pool.shift()!;
      const round = Math.floor(i / 4);
      const phase = i % 4;
      if (phase === 1) {
        let left = 1 + Math.floor(Math.random() * 3);
        // Each kind twice in a row: retried one minute later, then three.
        const lost = lostAnswers[Math.floor(round / 2) % lostAnswers.length]!;
        standIn.beforeResponse = (r) => {
          if (lost(r) && r.status < 300 && --left === 0) next.child.kill('SIGKILL');
        };
        clock = await next.go(clock, 3);
        standIn.beforeResponse = undefined;
      } else if (phase === 2) {
        clock = await next.go(clock, round % 2 === 0 ? 1 : 3, { afterFirstTick: true });
      } else if (phase === 3) {
        clock = await next.go(clock, 3, { afterMs: 300 });
      } else {
        clock = await next.go(clock, 1, { afterMs: Math.floor(Math.random() * 40) });
      }
    }
    standIn.beforeResponse = undefined;
    // The spares never started (they take the instance lock only once told to go): end them,
    // and wait until they are gone, so the last process is the only one that could hold the lock.
    await Promise.all(
      pool.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    // A last process that is not killed carries out whatever is left.
    clock = await warmChild(true).go(clock, 1);

    const db = openDatabase(join(dir, 'hearth.sqlite'));
    expect(
      (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows,
    ).toEqual([{ integrity_check: 'ok' }]);
    const occurrences = await db.selectFrom('occurrences').selectAll().orderBy('due_at').execute();
    const outbox = await db.selectFrom('outbox').select(['kind', 'state', 'last_error']).execute();
    const closedPolls = await db
      .selectFrom('polls')
      .select(['id', 'title'])
      .where('status', '=', 'closed')
      .execute();
    const applicants = await db
      .selectFrom('onboarding_members')
      .select('user_id')
      .where('status', '=', 'pending_approval')
      .execute();
    const admitted = await db
      .selectFrom('memberships')
      .select('user_id')
      .where('guild_id', '=', world.club.guild)
      .where('admitted_at', 'is not', null)
      .execute();
    const promoted = await db
      .selectFrom('memberships')
      .select('user_id')
      .where('guild_id', '=', world.club.guild)
      .where('admitted_at', '>', START)
      .execute();
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
      (components as { components?: { custom_id?: string }[] }[] | undefined)
        ?.flatMap((row) => row.components ?? [])
        .map((c) => promptRoutes.suggest.parse(c.custom_id ?? '')?.occurrence)
        .find((occurrence) => occurrence !== undefined);
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

    // The club: every closed poll's results, every completed questionnaire's request, every
    // admission's greeting and role, every promotion's DM: once each.
    const once = new Map<string, number>();
    const count = (kind: string) => once.set(kind, (once.get(kind) ?? 0) + 1);
    let duplicates = 0;
    let lost = 0;
    const tally = (kind: string, n: number) => {
      count(kind);
      if (n > 1) duplicates += n - 1;
      if (n === 0) lost += 1;
    };
    const results = standIn.postedIn(club.polls);
    for (const poll of closedPolls)
      tally(
        'poll results',
        results.filter((m) => m.embeds[0]?.title === `Results: ${poll.title}`).length,
      );
    expect(results).toHaveLength(closedPolls.length);
    const requests = standIn.postedIn(club.log);
    for (const { user_id: user } of applicants)
      tally(
        'approval request',
        requests.filter((m) => JSON.stringify(m.components).includes(`onb.decide:${user}:approve`))
          .length,
      );
    const greetings = standIn.postedIn(club.announcements);
    for (const { user_id: user } of admitted) {
      tally('greeting', greetings.filter((m) => m.content.includes(`<@${user}>`)).length);
      tally('role grant', standIn.rolesOf(club.guild, user).includes(club.memberRole) ? 1 : 0);
    }
    for (const { user_id: user } of promoted)
      tally(
        'promotion DM',
        standIn.dmsTo(user).filter((m) => m.content.startsWith('A seat opened in Crash Club'))
          .length,
      );
    expect(closedPolls.length).toBeGreaterThan(KILLS / 2);
    expect(applicants.length).toBeGreaterThan(KILLS / 2);
    expect(promoted.length).toBeGreaterThan(KILLS / 2);
    expect({ duplicates, lost }).toEqual({ duplicates: 0, lost: 0 });

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
    const kinds = [...once].map(([kind, n]) => `${n} ${kind}`).join(', ');
    console.log(
      `crash test: ${KILLS} kills; ${outbox.length} effects (${occurrences.length} prompt runs: ` +
        `${textRuns} text, ${forumRuns.length} forum; ${kinds}); ${duplicates} duplicates, ${lost} lost; ` +
        `${nonceAnswered} retries answered by the nonce, ${scans} channel scans and ` +
        `${forumLookups} forum look-ups for stale attempts`,
    );
    expect(nonceAnswered).toBeGreaterThan(0);
    expect(scans).toBeGreaterThan(0);
    expect(forumLookups).toBeGreaterThan(0);
    expect(standIn.unknownRequests).toEqual([]);
  }, 1_800_000);
});
