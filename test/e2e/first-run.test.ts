/**
 * The two-command start on a fresh clone: `npm start` at a terminal, with no token yet, asks for it
 * (hidden), checks it with Discord, writes .env (0600), prints the invite link and goes on; slash
 * commands are deployed once, a second start deploys nothing, a changed definition deploys again.
 * The terminal is a real pseudo-terminal from util-linux `script`, driving the real `npm start`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/features/index.js';
import { INVITE_PERMISSIONS } from '../../src/features/guilds/health.discord.js';
import { DiscordStandIn } from '../stand-in/server.js';
import {
  buildDist,
  makePackageDir,
  removeBuilds,
  runNpm,
  type Spawned,
} from '../helpers/process.js';

const TOKEN = 'MTk4NjIyNDgzNDcxOTI1MjQ4.FirstRun.FIRST-RUN-SECRET-PART-1234';
const WRONG = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Wrong.WRONG-SECRET-PART-5678';

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let standIn: DiscordStandIn;
let pkg: string;
let changedDist: string;
const running: Spawned[] = [];

beforeAll(async () => {
  standIn = await new DiscordStandIn({ token: TOKEN }).start();
  standIn.addGuild();
  pkg = makePackageDir(await buildDist());
  // The same sources with one command definition changed, as after an upgrade.
  changedDist = await buildDist({
    plugins: [
      {
        name: 'change-help',
        setup(build) {
          build.onLoad({ filter: /commands[\\/]help\.ts$/ }, (args) => ({
            contents: (() => {
              const source = readFileSync(args.path, 'utf8');
              const changed = source.replace('...guildOnly() }', '...guildOnly(), nsfw: false }');
              // Fail loudly if commands/help.ts no longer has the line this test changes.
              if (changed === source) throw new Error('first-run test: help.ts definition moved');
              return changed;
            })(),
            loader: 'ts',
          }));
        },
      },
    ],
  });
});

afterAll(async () => {
  for (const run of running) run.child.kill('SIGKILL');
  await standIn.stop();
  rmSync(pkg, { recursive: true, force: true });
  removeBuilds();
});

const deploys = () =>
  standIn.requests.filter(
    (r) => r.method === 'PUT' && r.path === `/applications/${standIn.applicationId}/commands`,
  );

/** `npm start` inside a pseudo-terminal: what a person typing in a terminal runs. */
function startInTerminal(): Spawned & { type(text: string): void } {
  const child = spawn('script', ['--quiet', '--return', '--command', 'npm start', '/dev/null'], {
    cwd: pkg,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TERM: 'dumb',
      DISCORD_API_BASE: standIn.apiBase,
      npm_config_update_notifier: 'false',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  for (const [stream, key] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    stream.on('data', (chunk: Buffer) => {
      output[key] += chunk.toString();
      for (const w of waiters) w();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const run = {
    child,
    output,
    exited,
    type: (text: string) => child.stdin.write(text),
    waitForOutput(pattern: RegExp, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(output.stdout)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no ${pattern} within ${timeoutMs} ms; output: ${output.stdout.slice(-3000)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
  running.push(run);
  return run;
}

describe.skipIf(!hasScript())('first start at a terminal', () => {
  it('asks for the token, checks it, saves .env 0600, prints the invite link and deploys once', async () => {
    const run = startInTerminal();
    await run.waitForOutput(/Token: $/m);
    expect(run.output.stdout).toContain('no DISCORD_TOKEN yet, so this is the first start.');
    run.type(`${WRONG}\r`);
    await run.waitForOutput(/Discord refused that token/);
    await run.waitForOutput(/Discord refused that token[^]*Token: /);
    run.type(`${TOKEN}\r`);
    await run.waitForOutput(/Hearth is online/);
    await run.waitForOutput(/deployed slash commands/);

    // Checked with Discord: who the token belongs to, and the application (for the invite link).
    const checks = standIn.requests.filter(
      (r) => r.method === 'GET' && (r.path === '/users/@me' || r.path === '/applications/@me'),
    );
    expect(checks.filter((r) => r.auth === `Bot ${TOKEN}`).map((r) => r.path)).toEqual(
      expect.arrayContaining(['/users/@me', '/applications/@me']),
    );
    expect(run.output.stdout).toContain(
      `hearth: invite Hearth to your server with this link: https://discord.com/oauth2/authorize?client_id=${standIn.applicationId}&scope=bot+applications.commands&permissions=${INVITE_PERMISSIONS}`,
    );
    // Hidden input: neither token was echoed (nor logged).
    expect(run.output.stdout).not.toContain('FIRST-RUN-SECRET-PART');
    expect(run.output.stdout).not.toContain('WRONG-SECRET-PART');

    const env = join(pkg, '.env');
    expect(statSync(env).mode & 0o777).toBe(0o600);
    expect(readFileSync(env, 'utf8')).toMatch(
      new RegExp(`^DISCORD_TOKEN=${TOKEN.replace(/\./g, '\\.')}$`, 'm'),
    );

    expect(deploys()).toHaveLength(1);
    expect(deploys()[0]!.body).toEqual(JSON.parse(JSON.stringify(commands.map((c) => c.data))));

    // Ctrl-C at the terminal: a graceful stop (npm itself then exits 130, as after any Ctrl-C).
    run.type('\u0003');
    expect([0, 130]).toContain((await run.exited).code);
    expect(run.output.stdout).toMatch(/"signal":"SIGINT","msg":"shutting down"/);
  });

  it('a second start reads .env, asks nothing and deploys nothing', async () => {
    const run = runNpm('start', [], { cwd: pkg, env: { DISCORD_API_BASE: standIn.apiBase } });
    running.push(run);
    await run.waitForOutput(/slash commands unchanged since the last deploy/);
    expect(run.output.stdout).not.toContain('Token:');
    expect(deploys()).toHaveLength(1);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });

  it('a .env the operator made readable by others (0644) gets one warning line at start, without the token', async () => {
    const env = join(pkg, '.env');
    chmodSync(env, 0o644);
    try {
      const run = runNpm('start', [], { cwd: pkg, env: { DISCORD_API_BASE: standIn.apiBase } });
      running.push(run);
      await run.waitForOutput(/slash commands unchanged since the last deploy/);
      const warnings = run.output.stderr.split('\n').filter((l) => l.includes('.env'));
      expect(warnings).toEqual([
        'hearth: .env holds DISCORD_TOKEN and other users can read it (mode 0644): run chmod 600 .env',
      ]);
      expect(run.output.stderr + run.output.stdout).not.toContain('FIRST-RUN-SECRET-PART');
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
    } finally {
      chmodSync(env, 0o600);
    }
  });

  it('a changed definition deploys again, once', async () => {
    rmSync(join(pkg, 'dist'));
    symlinkSync(changedDist, join(pkg, 'dist'));
    for (const round of [1, 2]) {
      const run = runNpm('start', [], { cwd: pkg, env: { DISCORD_API_BASE: standIn.apiBase } });
      running.push(run);
      await run.waitForOutput(
        round === 1 ? /deployed slash commands/ : /slash commands unchanged since the last deploy/,
      );
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
    }
    expect(deploys()).toHaveLength(2);
    const help = (deploys()[1]!.body as { name: string; nsfw?: boolean }[]).find(
      (c) => c.name === 'help',
    );
    expect(help?.nsfw).toBe(false);
    expect(existsSync(join(pkg, 'data', 'hearth.sqlite'))).toBe(true);
  });
});
