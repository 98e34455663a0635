import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType } from 'discord-api-types/v10';
import { commands } from '../../src/features/index.js';
import { DiscordStandIn, isEphemeral } from '../stand-in/server.js';
import { buildDist, removeBuilds, runBuilt } from '../helpers/process.js';
import { seedCommunity } from '../helpers/world.js';

// A token of the right shape that must never appear in any output.
const SENTINEL = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Sentinel.TOKEN-MUST-NEVER-BE-PRINTED-42';

let standIn: DiscordStandIn;
let cwd: string;
let community: ReturnType<typeof seedCommunity>;
let dist: string;

beforeAll(async () => {
  // The built output, as `npm ci` leaves it: these tests run what `npm start` runs.
  dist = await buildDist();
  standIn = await new DiscordStandIn({ token: SENTINEL }).start();
  community = seedCommunity(standIn, { preferredLocale: 'it' });
  cwd = mkdtempSync(join(tmpdir(), 'hearth-process-'));
});

afterAll(async () => {
  await standIn.stop();
  rmSync(cwd, { recursive: true, force: true });
  removeBuilds();
});

describe('npm start (node dist/index.js)', () => {
  it('without DISCORD_TOKEN exits 1 with one line saying what to set', async () => {
    const run = runBuilt(dist, 'index', { cwd, env: {} });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.output.stderr).toBe(
      'hearth: DISCORD_TOKEN is not set: copy the bot token from the Discord Developer Portal (Bot > Reset Token) into .env\n',
    );
    expect(run.output.stdout).toBe('');
  });

  it('with several invalid settings prints one line per problem and no stack trace', async () => {
    const run = runBuilt(dist, 'index', {
      cwd,
      env: { DISCORD_TOKEN: 'not a token', LOG_LEVEL: 'chatty', DEV_GUILD_ID: 'x' },
    });
    expect((await run.exited).code).toBe(1);
    const lines = run.output.stderr.trimEnd().split('\n');
    expect(lines.map((l) => l.split(' ')[1])).toEqual([
      'DISCORD_TOKEN',
      'DEV_GUILD_ID',
      'LOG_LEVEL',
    ]);
    expect(run.output.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    expect(run.output.stderr).not.toContain('not a token');
  });

  it('reaches ready, answers /help, refuses a second process, and stops cleanly on SIGTERM', async () => {
    const env = { DISCORD_TOKEN: SENTINEL, DISCORD_API_BASE: standIn.apiBase, LOG_LEVEL: 'trace' };
    const bot = runBuilt(dist, 'index', { cwd, env });
    await bot.waitForOutput(/Hearth is online/);

    const help = standIn.command({
      guild: community.guild,
      user: community.member.id,
      command: 'help',
      locale: 'it',
    });
    const callback = await standIn.callback(help);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(callback.data)).toBe(true);
    expect(JSON.stringify(callback.data)).toContain('Hearth: guida');

    const second = runBuilt(dist, 'index', { cwd, env });
    expect((await second.exited).code).toBe(1);
    expect(second.output.stderr).toMatch(
      /^hearth: another Hearth process is already running on this database \(lock file data\/hearth\.sqlite\.lock is held\)/,
    );
    expect(second.output.stderr.trimEnd().split('\n')).toHaveLength(1);

    const stopping = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopping).toBeLessThan(5_000);

    // The lock went with the process: the bot starts again on the same database.
    const again = runBuilt(dist, 'index', { cwd, env });
    await again.waitForOutput(/Hearth is online/);
    again.child.kill('SIGINT');
    expect((await again.exited).code).toBe(0);

    for (const output of [bot.output, second.output, again.output]) {
      expect(output.stdout + output.stderr).not.toContain(SENTINEL);
      // The token's parts are not leaked either (its id part is public; the secret part is not).
      expect(output.stdout + output.stderr).not.toContain('TOKEN-MUST-NEVER-BE-PRINTED');
    }
    // Trace logging really ran, so the check above covered discord.js's own debug output too.
    expect(bot.output.stdout).toMatch(/"level":10/);
  });

  it('reports a refused token in one line, without printing it', async () => {
    const wrong = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Wrong.WRONG-TOKEN-ALSO-SECRET-9999';
    const run = runBuilt(dist, 'index', {
      cwd,
      env: {
        DISCORD_TOKEN: wrong,
        DISCORD_API_BASE: standIn.apiBase,
        LOG_LEVEL: 'trace',
        DATABASE_PATH: join(cwd, 'other.sqlite'),
      },
    });
    expect((await run.exited).code).toBe(1);
    expect(run.output.stderr).toBe(
      'hearth: DISCORD_TOKEN was refused by Discord: reset the token in the Developer Portal (Bot > Reset Token) and update .env\n',
    );
    expect(run.output.stdout + run.output.stderr).not.toContain('WRONG-TOKEN-ALSO-SECRET');
  });
});

describe('npm run deploy-commands', () => {
  it('registers the same command list the router uses, in the dev guild when DEV_GUILD_ID is set', async () => {
    const run = runBuilt(dist, 'deploy-commands', {
      cwd,
      env: {
        DISCORD_TOKEN: SENTINEL,
        DISCORD_API_BASE: standIn.apiBase,
        DEV_GUILD_ID: community.guild,
      },
    });
    expect((await run.exited).code).toBe(0);
    expect(run.output.stdout).toBe(
      `hearth: deployed ${commands.length} commands to server ${community.guild}\n`,
    );
    const put = await standIn.waitForRequest(
      (r) =>
        r.method === 'PUT' &&
        r.path === `/applications/${standIn.applicationId}/guilds/${community.guild}/commands`,
    );
    expect(put.body).toEqual(JSON.parse(JSON.stringify(commands.map((c) => c.data))));
  });

  it('registers globally without DEV_GUILD_ID', async () => {
    const run = runBuilt(dist, 'deploy-commands', {
      cwd,
      env: { DISCORD_TOKEN: SENTINEL, DISCORD_API_BASE: standIn.apiBase },
    });
    expect((await run.exited).code).toBe(0);
    expect(run.output.stdout).toBe(`hearth: deployed ${commands.length} commands globally\n`);
    await standIn.waitForRequest(
      (r) => r.method === 'PUT' && r.path === `/applications/${standIn.applicationId}/commands`,
    );
  });
});
