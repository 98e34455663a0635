/**
 * `npm run backup` while the bot runs, and `npm run restore` refused while it runs and done once it
 * stopped: the real npm scripts on the built output, against the stand-in.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
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
let env: Record<string, string>;
const running: Spawned[] = [];

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  standIn.addGuild();
  standIn.addGuild();
  pkg = makePackageDir(await buildDist());
  env = { DISCORD_TOKEN: standIn.token, DISCORD_API_BASE: standIn.apiBase };
});

afterAll(async () => {
  for (const run of running) run.child.kill('SIGKILL');
  await standIn.stop();
  rmSync(pkg, { recursive: true, force: true });
  removeBuilds();
});

function npm(script: string, args: string[] = []): Spawned {
  const run = runNpm(script, args, { cwd: pkg, env });
  running.push(run);
  return run;
}

function guildIds(path: string): string[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return (
      db.prepare('select guild_id from guilds order by guild_id').all() as { guild_id: string }[]
    ).map((r) => r.guild_id);
  } finally {
    db.close();
  }
}

describe('backup and restore', () => {
  it('backs up online with the key beside it, refuses to restore under a running bot, restores once stopped', async () => {
    const bot = npm('start');
    await bot.waitForOutput(/Hearth is online/);
    const database = join(pkg, 'data', 'hearth.sqlite');
    const key = join(pkg, 'data', 'hearth.key');
    expect(existsSync(key)).toBe(true);

    // Online, while the bot holds the database.
    const backup = npm('backup', ['backups/one.sqlite']);
    expect((await backup.exited).code).toBe(0);
    const file = join(pkg, 'backups', 'one.sqlite');
    expect(backup.output.stdout).toMatch(
      /^hearth: backed up data\/hearth\.sqlite to backups\/one\.sqlite \(\d+ KiB\); SQLite's integrity check: ok\n/,
    );
    expect(backup.output.stdout).toContain(
      'hearth: copied the vote key to backups/one.sqlite.key. Store it apart from copies of the database you share: with both, anyone can tell who voted what in anonymous polls. Without it, a restored database cannot keep anonymous votes one per member.\n',
    );
    expect(readFileSync(`${file}.key`)).toEqual(readFileSync(key));
    expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600);
    const backedUp = guildIds(file);
    expect(backedUp).toHaveLength(2);

    // Never over an existing file.
    const again = npm('backup', ['backups/one.sqlite']);
    expect((await again.exited).code).toBe(1);
    expect(again.output.stderr).toBe(
      'hearth: backups/one.sqlite already exists: give a new file name (a backup never overwrites)\n',
    );

    const refused = npm('restore', ['backups/one.sqlite']);
    expect((await refused.exited).code).toBe(1);
    expect(refused.output.stderr).toBe(
      'hearth: Hearth is running on DATABASE_PATH data/hearth.sqlite (its lock file is held): stop it first, then restore\n',
    );

    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);

    // Something changes after the backup; the restore takes it back.
    const db = new BetterSqlite3(database);
    db.prepare('delete from guilds').run();
    db.close();
    expect(guildIds(database)).toEqual([]);
    writeFileSync(key, 'f'.repeat(64));

    const restore = npm('restore', ['backups/one.sqlite']);
    expect((await restore.exited).code).toBe(0);
    const previous = /kept as (\S+)\n/.exec(restore.output.stdout)?.[1];
    expect(restore.output.stdout).toMatch(
      /^hearth: restored data\/hearth\.sqlite from backups\/one\.sqlite; the database it replaced is kept as data\/hearth\.sqlite\.before-restore-\S+\nhearth: the vote key came back from the backup too\. Start Hearth again\.\n$/,
    );
    expect(guildIds(database)).toEqual(backedUp);
    expect(guildIds(join(pkg, previous!))).toEqual([]);
    expect(readFileSync(key)).toEqual(readFileSync(`${file}.key`));

    const restarted = npm('start');
    await restarted.waitForOutput(/Hearth is online/);
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
  });

  it('refuses a damaged backup, and says how to call it', async () => {
    const bad = join(pkg, 'bad.sqlite');
    writeFileSync(bad, Buffer.alloc(4096, 1));
    const restore = npm('restore', ['bad.sqlite']);
    expect((await restore.exited).code).toBe(1);
    expect(restore.output.stderr).toBe(
      "hearth: bad.sqlite failed SQLite's integrity check (file is not a database): it was not restored\n",
    );
    const usage = npm('backup');
    expect((await usage.exited).code).toBe(1);
    expect(usage.output.stderr).toBe(
      'hearth: usage: npm run backup -- <file>, for example npm run backup -- backups/hearth-2026-12-01.sqlite\n',
    );
  });
});
