/**
 * B13: cold start and resident memory of the real process against the stand-in over loopback.
 * - cold start: spawn → ready (the client's READY handled) → the first /help answered;
 * - resident set (VmRSS) of the process running the bot at ready and after N /help interactions,
 *   and of the whole process tree (a tsx wrapper counts).
 * Subjects: Hearth as `npm start` runs it (the esbuild bundle, plain `node`),
 * Hearth through tsx on the TypeScript sources (what `npm start` ran before), and the baseline, a
 * bare discord.js client with the same intents answering /help (bundled the same way). Interleaved
 * round by round; medians; ratios against the bare client of the same run.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { build, EXTERNAL } from '../build.config.js';
import { DiscordStandIn } from '../test/stand-in/server.js';
import { seedCommunity } from '../test/helpers/world.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Subject {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly ready: RegExp;
  readonly env?: Record<string, string>;
}

interface Sample {
  readyMs: number;
  answeredMs: number;
  rssReady: number;
  rssAfter: number;
  treeReady: number;
  treeAfter: number;
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** The process that runs the bot: the deepest node process of the tree (tsx runs a child). */
function botPid(pid: number): number {
  return descendants(pid).at(-1) ?? pid;
}

const treeRss = (pid: number) => [pid, ...descendants(pid)].reduce((sum, p) => sum + rssOf(p), 0);

async function runOnce(
  subject: Subject,
  standIn: DiscordStandIn,
  community: ReturnType<typeof seedCommunity>,
  interactions: number,
  cwd: string,
): Promise<Sample> {
  const started = performance.now();
  const child = spawn(subject.command, subject.args, {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DISCORD_TOKEN: standIn.token,
      DISCORD_API_BASE: standIn.apiBase,
      LOG_LEVEL: 'info',
      ...subject.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${subject.name}: not ready in 30 s: ${out}`)),
      30_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (subject.ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const readyMs = performance.now() - started;
  const pid = botPid(child.pid!);
  const rssReady = rssOf(pid);
  const treeReady = treeRss(child.pid!);
  const ask = () =>
    standIn.callback(
      standIn.command({ guild: community.guild, user: community.member.id, command: 'help' }),
    );
  await ask();
  const answeredMs = performance.now() - started;
  for (let sent = 1; sent < interactions; sent += 25) {
    await Promise.all(Array.from({ length: Math.min(25, interactions - sent) }, ask));
  }
  const rssAfter = rssOf(pid);
  const treeAfter = treeRss(child.pid!);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (const p of [child.pid!, ...descendants(child.pid!)]) {
    try {
      process.kill(p, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await exited;
  return { readyMs, answeredMs, rssReady, rssAfter, treeReady, treeAfter };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export async function benchStart({ rounds = 5, interactions = 500 } = {}): Promise<string[]> {
  const cache = join(ROOT, 'node_modules', '.cache', 'hearth-bench', String(process.pid));
  mkdirSync(cache, { recursive: true });
  const dist = join(cache, 'dist');
  await build(dist);
  const bare = join(cache, 'bare-bot.mjs');
  await esbuild.build({
    entryPoints: [join(ROOT, 'bench/bare-bot.ts')],
    outfile: bare,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    minifyWhitespace: true,
    minifySyntax: true,
    external: [...EXTERNAL],
    banner: {
      js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);",
    },
    logLevel: 'warning',
  });
  const work = mkdtempSync(join(tmpdir(), 'hearth-b13-'));
  const subjects: Subject[] = [
    { name: 'bare discord.js client', command: process.execPath, args: [bare], ready: /^ready$/m },
    {
      name: 'Hearth, npm start (node dist/index.js)',
      command: process.execPath,
      args: [join(dist, 'index.js')],
      ready: /"msg":"connected to Discord"/,
      env: { DATABASE_PATH: join(work, 'built.sqlite') },
    },
    {
      name: 'Hearth, before (tsx src/index.ts)',
      command: join(ROOT, 'node_modules/.bin/tsx'),
      args: [join(ROOT, 'src/index.ts')],
      ready: /"msg":"connected to Discord"/,
      env: { DATABASE_PATH: join(work, 'tsx.sqlite') },
    },
  ];
  const standIn = await new DiscordStandIn().start();
  const community = seedCommunity(standIn, { preferredLocale: 'en' });
  const samples = new Map<string, Sample[]>(subjects.map((s) => [s.name, []]));
  try {
    // Round 0 warms the disk cache and migrates each database; it is not counted.
    for (let round = 0; round <= rounds; round++) {
      for (const subject of subjects) {
        const sample = await runOnce(subject, standIn, community, interactions, work);
        if (round > 0) samples.get(subject.name)!.push(sample);
      }
    }
  } finally {
    await standIn.stop();
    rmSync(work, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
  const summary = (name: string) => {
    const s = samples.get(name)!;
    return {
      ready: median(s.map((x) => x.readyMs)),
      answered: median(s.map((x) => x.answeredMs)),
      rssReady: median(s.map((x) => x.rssReady)),
      rssAfter: median(s.map((x) => x.rssAfter)),
      treeReady: median(s.map((x) => x.treeReady)),
      treeAfter: median(s.map((x) => x.treeAfter)),
    };
  };
  const base = summary(subjects[0]!.name);
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
  const lines = [
    `B13 cold start and memory, ${rounds} interleaved rounds (medians), ${interactions} /help each, vs the bare client in the same run`,
    `  ${'subject'.padEnd(40)} ${'ready'.padStart(8)} ${'answered'.padStart(9)} ${'ratio'.padStart(6)}  ${'RSS ready'.padStart(9)} ${'after'.padStart(8)} ${'ratio'.padStart(11)}  tree ready/after`,
  ];
  for (const subject of subjects) {
    const s = summary(subject.name);
    lines.push(
      `  ${subject.name.padEnd(40)} ${`${(s.ready / 1000).toFixed(2)} s`.padStart(8)} ${`${(s.answered / 1000).toFixed(2)} s`.padStart(9)} ${`${(s.answered / base.answered).toFixed(2)}x`.padStart(6)}  ${mib(s.rssReady).padStart(9)} ${mib(s.rssAfter).padStart(8)} ${`${(s.rssReady / base.rssReady).toFixed(2)}/${(s.rssAfter / base.rssAfter).toFixed(2)}x`.padStart(11)}  ${mib(s.treeReady)} / ${mib(s.treeAfter)}`,
    );
  }
  const built = summary(subjects[1]!.name);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  lines.push(
    `  targets (issue 22), npm start: cold start <= 1.5x: ${verdict(built.answered / base.answered <= 1.5)}; memory <= 1.3x at ready and after: ${verdict(built.rssReady / base.rssReady <= 1.3 && built.rssAfter / base.rssAfter <= 1.3)}`,
  );
  return lines;
}
