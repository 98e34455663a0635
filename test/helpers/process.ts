import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from '../../build.config.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;

export interface Spawned {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  readonly output: { stdout: string; stderr: string };
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
  /** Run as this user and group (tests running as root use it to meet permission errors). */
  readonly uid?: number;
  readonly gid?: number;
}

/** Spawns a command with exactly the environment given (plus PATH and HOME) and records its output. */
export function spawnProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): Spawned {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  // Not a terminal: stdin is a pipe nobody writes to, as under a supervisor.
  child.stdin?.end();
  const output = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
    for (const w of waiters) w();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
    for (const w of waiters) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output,
    exited,
    waitForOutput(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output.stdout) || pattern.test(output.stderr)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no output matching ${pattern} within ${timeoutMs} ms; stdout: ${output.stdout.slice(-2000)} stderr: ${output.stderr.slice(-2000)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
        void exited.then(() => setImmediate(check));
      });
    },
  };
}

/**
 * Runs one of the project's TypeScript scripts through tsx (as `npm run dev` does), in `cwd` so no
 * developer's `.env` is read, with exactly the environment given.
 */
export function runScript(script: string, options: SpawnOptions): Spawned {
  return spawnProcess(TSX, [`${ROOT}${script}`], options);
}

let builds = 0;
const buildDirs: string[] = [];

/**
 * Builds the bot as `npm ci` does (build.config.ts) into a fresh folder under node_modules/.cache,
 * so the bundle finds its native modules, and returns that dist folder. Each test file builds its
 * own from the current sources: a stale dist/ in the work tree never decides a test.
 */
export async function buildDist(options: BuildOptions = {}): Promise<string> {
  builds += 1;
  const dir = join(ROOT, 'node_modules', '.cache', 'hearth-test', `dist-${process.pid}-${builds}`);
  mkdirSync(dir, { recursive: true });
  buildDirs.push(dir);
  await build(dir, options);
  return dir;
}

/** Removes every folder {@link buildDist} made in this process. */
export function removeBuilds(): void {
  for (const dir of buildDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs `node <dist>/<entry>.js` as `npm start` does, without npm in between. */
export function runBuilt(dist: string, entry: string, options: SpawnOptions): Spawned {
  return spawnProcess(process.execPath, [join(dist, `${entry}.js`)], options);
}

/**
 * A folder laid out like a clone after `npm ci`: the project's package.json (its real scripts),
 * `dist` pointing at a build and node_modules at the project's. `npm start` run there is the real
 * thing, with that folder as its working directory (where `.env` and `data/` go).
 */
export function makePackageDir(dist: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-pkg-'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: pkg.name, version: pkg.version, type: pkg.type, scripts: pkg.scripts }),
  );
  symlinkSync(dist, join(dir, 'dist'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** `npm run <script>` (or `npm start`) in a folder made by {@link makePackageDir}. */
export function runNpm(script: string, args: readonly string[], options: SpawnOptions): Spawned {
  const npmArgs = script === 'start' ? ['start'] : ['run', script];
  return spawnProcess(
    'npm',
    [...npmArgs, '--silent', ...(args.length > 0 ? ['--', ...args] : [])],
    {
      ...options,
      env: { npm_config_update_notifier: 'false', npm_config_fund: 'false', ...options.env },
    },
  );
}
