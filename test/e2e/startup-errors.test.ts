/**
 * Start-up problems a person can fix: each one line on stderr, exit code 1, no stack trace; and
 * Discord being unreachable, failing or silent at start is retried, one log line per attempt.
 * Runs the built output, as `npm start` does.
 */
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { DiscordStandIn } from '../stand-in/server.js';
import { buildDist, removeBuilds, runBuilt, type Spawned } from '../helpers/process.js';

const STACK = /\bat .*(\(.*:\d+:\d+\)|:\d+:\d+)/;
const TOKEN_LINE =
  'hearth: DISCORD_TOKEN was refused by Discord: reset the token in the Developer Portal (Bot > Reset Token) and update .env\n';

let standIn: DiscordStandIn;
let dist: string;
let dir: string;
let runs = 0;
const servers: Server[] = [];
const spawned: Spawned[] = [];

beforeAll(async () => {
  dist = await buildDist();
  standIn = await new DiscordStandIn().start();
  standIn.addGuild();
  dir = mkdtempSync(join(tmpdir(), 'hearth-startup-'));
  chmodSync(dir, 0o755);
});

afterAll(async () => {
  for (const run of spawned) run.child.kill('SIGKILL');
  for (const server of servers) server.close();
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
  removeBuilds();
});

function start(env: Record<string, string>, options: { uid?: number; gid?: number } = {}): Spawned {
  runs += 1;
  const run = runBuilt(dist, 'index', {
    cwd: dir,
    env: {
      DISCORD_TOKEN: standIn.token,
      DISCORD_API_BASE: standIn.apiBase,
      DATABASE_PATH: join(dir, `db-${runs}`, 'hearth.sqlite'),
      ...env,
    },
    ...options,
  });
  spawned.push(run);
  return run;
}

/** Whether the user nobody can start the built bot here (it then stops at the missing token). */
function nobodyCanRun(): boolean {
  const probe = spawnSync(process.execPath, [join(dist, 'index.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return probe.stderr.startsWith('hearth: DISCORD_TOKEN is not set');
}

/** Exit 1, exactly this one line on stderr, and no stack trace anywhere. */
async function expectOneLine(run: Spawned, line: string): Promise<void> {
  expect(await run.exited).toEqual({ code: 1, signal: null });
  expect(run.output.stderr).toBe(`${line}\n`.replace(/\n\n$/, '\n'));
  expect(run.output.stdout + run.output.stderr).not.toMatch(STACK);
}

/** The message of each JSON log line on stdout whose msg matches. */
function logMessages(run: Spawned, pattern: RegExp): string[] {
  return run.output.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg)
    .filter((msg) => pattern.test(msg));
}

describe('gateway refusals', () => {
  it('4014 names the privileged intent and the portal page', async () => {
    standIn.gatewayCloseCode = 4014;
    try {
      const run = start({});
      await expectOneLine(
        run,
        'hearth: Discord refused the Server Members Intent: turn it on in the Developer Portal (your application > Bot > Privileged Gateway Intents), then start Hearth again',
      );
    } finally {
      standIn.gatewayCloseCode = undefined;
    }
  });

  it('4014 with ENABLE_MESSAGE_CONTENT names both intents', async () => {
    standIn.gatewayCloseCode = 4014;
    try {
      const run = start({ ENABLE_MESSAGE_CONTENT: 'true' });
      await expectOneLine(
        run,
        'hearth: Discord refused the Server Members Intent and the Message Content Intent (ENABLE_MESSAGE_CONTENT=true): turn them on in the Developer Portal (your application > Bot > Privileged Gateway Intents), then start Hearth again',
      );
    } finally {
      standIn.gatewayCloseCode = undefined;
    }
  });

  it('4004 gives the token message', async () => {
    standIn.gatewayCloseCode = 4004;
    try {
      await expectOneLine(start({}), TOKEN_LINE.trimEnd());
    } finally {
      standIn.gatewayCloseCode = undefined;
    }
  });

  it('401 from the API gives the token message', async () => {
    await expectOneLine(
      start({ DISCORD_TOKEN: 'MTk4NjIyNDgzNDcxOTI1MjQ4.Wrong.WRONG-TOKEN-9999' }),
      TOKEN_LINE.trimEnd(),
    );
  });
});

describe('Discord unreachable, failing or silent at start', () => {
  it('failing (500) is retried with backoff, one line per attempt with the next delay', async () => {
    standIn.fault({ method: 'GET', path: /^\/gateway\/bot$/, status: 500, times: 2 });
    const run = start({});
    await run.waitForOutput(/Hearth is online/);
    expect(logMessages(run, /retrying/)).toEqual([
      'Discord answered 500; retrying in 1 s',
      'Discord answered 500; retrying in 2 s',
    ]);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });

  it('unreachable keeps retrying instead of exiting, and a signal still stops it', async () => {
    // A port that refuses connections: listen, note it, close.
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const run = start({ DISCORD_API_BASE: `http://127.0.0.1:${port}/api` });
    await run.waitForOutput(/retrying in 2 s/);
    expect(logMessages(run, /retrying/)).toEqual([
      `Discord cannot be reached (connect ECONNREFUSED 127.0.0.1:${port}); retrying in 1 s`,
      `Discord cannot be reached (connect ECONNREFUSED 127.0.0.1:${port}); retrying in 2 s`,
    ]);
    const stopping = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopping).toBeLessThan(5_000);
    expect(run.output.stderr).toBe('');
  });

  it('a server that never answers is reported within seconds, not after a minute', async () => {
    const silent = createServer(() => {
      /* accepts and never answers */
    });
    servers.push(silent);
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)),
    );
    const started = Date.now();
    const run = start({ DISCORD_API_BASE: `http://127.0.0.1:${port}/api` });
    await run.waitForOutput(/retrying in 1 s/, 15_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(logMessages(run, /retrying/)[0]).toBe(
      'Discord did not answer within 5 s; retrying in 1 s',
    );
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });
});

describe('database problems name DATABASE_PATH and the fix', () => {
  it('a file that is not a database: restore a backup', async () => {
    const path = join(dir, 'garbage.sqlite');
    writeFileSync(path, Buffer.alloc(8192, 7));
    await expectOneLine(
      start({ DATABASE_PATH: path }),
      `hearth: DATABASE_PATH ${path} is damaged or is not a SQLite database (not a database): restore a backup with npm run restore -- <backup file>, or point DATABASE_PATH at the right file`,
    );
  });

  it('a corrupt database (damaged pages): restore a backup', async () => {
    const path = join(dir, 'corrupt.sqlite');
    const db = openDatabase(path);
    await migrateToLatest(db);
    await db.destroy();
    // Overwrite the schema page's body, keeping the 100-byte file header intact.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(3000, 0xff), 0, 3000, 100);
    closeSync(fd);
    await expectOneLine(
      start({ DATABASE_PATH: path }),
      `hearth: DATABASE_PATH ${path} is damaged or is not a SQLite database (malformed): restore a backup with npm run restore -- <backup file>, or point DATABASE_PATH at the right file`,
    );
  });

  // Root can write anything; as root the child runs as nobody to meet the permission checks,
  // when nobody can run node and read the build here (a checkout under /root cannot be).
  const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  let user: string | undefined;
  beforeAll(() => {
    if (process.getuid?.() === 0 && nobodyCanRun()) user = 'user nobody (uid 65534)';
  });

  it('read-only: names the user and the path', async (ctx) => {
    if (user === undefined) return ctx.skip();
    const folder = join(dir, 'readonly');
    mkdirSync(folder);
    const path = join(folder, 'hearth.sqlite');
    const db = openDatabase(path);
    await migrateToLatest(db);
    await db.destroy();
    // The folder is the user's; the file is not, and only readable.
    chownSync(folder, 65534, 65534);
    chmodSync(path, 0o444);
    await expectOneLine(
      start({ DATABASE_PATH: path }, asOther),
      `hearth: DATABASE_PATH ${path} is read-only for ${user}: give that user write permission on the file and on its folder ${folder} (SQLite writes its journal beside the file)`,
    );
  });

  it('a folder the user cannot write: names the lock file too', async (ctx) => {
    if (user === undefined) return ctx.skip();
    const folder = join(dir, 'readonly-folder');
    mkdirSync(folder);
    chmodSync(folder, 0o755);
    const path = join(folder, 'hearth.sqlite');
    await expectOneLine(
      start({ DATABASE_PATH: path }, asOther),
      `hearth: DATABASE_PATH ${path} (its lock file ${path}.lock) cannot be opened by ${user}: check that the folder ${folder} exists and that this user may read and write it`,
    );
  });

  it('a missing folder that cannot be created: says which and why', async (ctx) => {
    if (user === undefined) return ctx.skip();
    const parent = join(dir, 'locked');
    mkdirSync(parent);
    chmodSync(parent, 0o555);
    const path = join(parent, 'data', 'hearth.sqlite');
    await expectOneLine(
      start({ DATABASE_PATH: path }, asOther),
      `hearth: DATABASE_PATH ${path}: the folder ${join(parent, 'data')} does not exist and ${user} cannot create it in ${parent}: create it (and give this user write permission), or point DATABASE_PATH at another folder`,
    );
  });

  it('a path through a file: says so', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const path = join(file, 'hearth.sqlite');
    await expectOneLine(
      start({ DATABASE_PATH: path }),
      `hearth: DATABASE_PATH ${path} is not a usable path: ${file} is a file, not a folder`,
    );
  });
});
