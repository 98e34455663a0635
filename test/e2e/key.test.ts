/**
 * hearth.key fails closed, as `npm start` runs: a database holding open anonymous polls (each
 * sealed with the key) never starts with a missing or damaged key, which would silently let
 * every member vote again; it stops with one line naming the file and what to do.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { createPoll } from '../../src/features/polls/service.js';
import { DiscordStandIn } from '../stand-in/server.js';
import { buildDist, removeBuilds, runBuilt } from '../helpers/process.js';
import { seedCommunity } from '../helpers/world.js';

let dist: string;
let standIn: DiscordStandIn;
let cwd: string;
const TOKEN = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Keytest.not-a-real-token-at-all';

beforeAll(async () => {
  dist = await buildDist();
  standIn = await new DiscordStandIn({ token: TOKEN }).start();
  seedCommunity(standIn);
  cwd = mkdtempSync(join(tmpdir(), 'hearth-keyfile-'));
});

afterAll(async () => {
  await standIn.stop();
  rmSync(cwd, { recursive: true, force: true });
  removeBuilds();
});

const env = () => ({
  DISCORD_TOKEN: TOKEN,
  DISCORD_API_BASE: standIn.apiBase,
  DATABASE_PATH: join(cwd, 'data', 'hearth.sqlite'),
});
const keyFile = () => join(cwd, 'data', 'hearth.key');

describe('hearth.key at start-up', () => {
  it('is created with mode 0600 on a first start', async () => {
    const bot = runBuilt(dist, 'index', { cwd, env: env() });
    await bot.waitForOutput(/Hearth is online/);
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
  });

  it('missing, empty, short or not hex with an open anonymous poll: one line, exit 1, nothing overwritten', async () => {
    const db = openDatabase(env().DATABASE_PATH);
    await migrateToLatest(db);
    await ensureGuild(db, '100000000000000001', { now: 0 });
    await createPoll(
      db,
      '100000000000000001',
      {
        channelId: '300000000000000001',
        title: 'Honest feedback',
        questions: [{ kind: 'rating', label: 'How are we doing?', required: true }],
        anonymous: true,
        results: 'hidden',
        audience: [],
        closesAt: null,
        remindAt: null,
      },
      Date.now(),
      { masterKey: randomBytes(32) },
    );
    await db.destroy();
    for (const [content, problem] of [
      [undefined, 'is missing'],
      ['', 'is empty'],
      ['0123abcd', 'is too short (8 of 64 hexadecimal characters)'],
      ['q'.repeat(64), 'is not 64 hexadecimal characters'],
    ] as const) {
      rmSync(keyFile(), { force: true });
      if (content !== undefined) writeFileSync(keyFile(), content);
      const run = runBuilt(dist, 'index', { cwd, env: env() });
      expect((await run.exited).code).toBe(1);
      expect(run.output.stderr).toBe(
        `hearth: could not start: ${keyFile()} ${problem}, but the database holds open anonymous polls that depend on it: put back the hearth.key from your backup (or set POLL_SECRET to its 64 hex characters) and start Hearth again\n`,
      );
    }
  });
});
