/**
 * SIGTERM and SIGINT stop Hearth gracefully within 5 s whichever process gets them: the npm
 * process (`docker stop` with `CMD npm start`, pm2, systemd's KillMode=process) or node itself.
 * `npm start` runs the built output (`exec node dist/index.js`), so npm's child is node.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordStandIn } from '../stand-in/server.js';
import {
  buildDist,
  makePackageDir,
  removeBuilds,
  runNpm,
  type Spawned,
} from '../helpers/process.js';

let standIn: DiscordStandIn;
let pkg: string;
/** Every process started here, so a failed assertion leaves none running. */
const started: number[] = [];

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  standIn.addGuild();
  pkg = makePackageDir(await buildDist());
});

afterAll(async () => {
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await standIn.stop();
  rmSync(pkg, { recursive: true, force: true });
  removeBuilds();
});

/** The pids of a process's children. */
function childrenOf(pid: number): { pid: number; command: string }[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return out
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [p, command] = line.trim().split(/\s+/);
      return { pid: Number(p), command: command ?? '' };
    });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startViaNpm(name: string): Promise<{ npm: Spawned; node: number }> {
  const npm = runNpm('start', [], {
    cwd: pkg,
    env: {
      DISCORD_TOKEN: standIn.token,
      DISCORD_API_BASE: standIn.apiBase,
      DATABASE_PATH: join(pkg, `${name}.sqlite`),
    },
  });
  started.push(npm.child.pid!);
  await npm.waitForOutput(/Hearth is online/);
  started.push(...childrenOf(npm.child.pid!).map((c) => c.pid));
  // npm's only child is node itself: no shell, no loader process in between.
  const children = childrenOf(npm.child.pid!);
  expect(children.map((c) => c.command)).toEqual(['node']);
  return { npm, node: children[0]!.pid };
}

describe('stopping npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to the npm process stops node gracefully within 5 s, leaving no orphan`, async () => {
      const { npm, node } = await startViaNpm(`npm-${signal}`);
      const stopping = Date.now();
      npm.child.kill(signal);
      expect(await npm.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopping).toBeLessThan(5_000);
      expect(alive(node)).toBe(false);
      expect(npm.output.stdout).toContain(`"signal":"${signal}"`);
      expect(npm.output.stdout).toContain('shutting down');
    });

    it(`${signal} to the node process under npm stops it gracefully, and npm with it`, async () => {
      const { npm, node } = await startViaNpm(`node-${signal}`);
      const stopping = Date.now();
      process.kill(node, signal);
      expect(await npm.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopping).toBeLessThan(5_000);
      expect(alive(node)).toBe(false);
      expect(npm.output.stdout).toContain(`"signal":"${signal}"`);
    });
  }
});
