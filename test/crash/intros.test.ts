import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType } from 'discord-api-types/v10';
import { build } from 'esbuild';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { joinIntros, setupIntros } from '../../src/features/intros/service.js';
import { DiscordStandIn, type RecordedRequest } from '../stand-in/server.js';
import { ROOT } from '../helpers/process.js';

// kill -9 between a round's commit and its threads: at each of the worst moments (Discord made
// the thread, added a member, posted the introduction, and the process never heard back), a
// restarted process carries the rest out, and every group ends with exactly one thread.

const START = Date.UTC(2026, 11, 1, 9, 0);
const MEMBERS = 8;
let standIn: DiscordStandIn;
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-intros-crash-'));
  const cacheDir = join(ROOT, 'node_modules', '.cache', 'hearth-test');
  mkdirSync(cacheDir, { recursive: true });
  bundle = join(cacheDir, `intros-child-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, 'test/crash/intros-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['better-sqlite3', '@napi-rs/canvas', 'zlib-sync', 'bufferutil', 'utf-8-validate'],
    banner: {
      js: "import { createRequire as __hearthRequire } from 'node:module'; const require = __hearthRequire(import.meta.url);",
    },
    outfile: bundle,
    logLevel: 'silent',
  });
  standIn = await new DiscordStandIn().start();
}, 120_000);

afterAll(async () => {
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundle, { force: true });
});

/** Runs a child from `clock`; resolves when it exits (0) or is killed (by `killWhen`). */
function runChild(dbPath: string, clock: number, killWhen?: (r: RecordedRequest) => boolean) {
  return new Promise<'killed' | 'done'>((resolve, reject) => {
    const child = spawn(process.execPath, [bundle], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        TOKEN: standIn.token,
        API_BASE: standIn.apiBase,
        DB_PATH: dbPath,
        START: String(clock),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Discord has done it; the process dies before the answer leaves.
    standIn.beforeResponse =
      killWhen === undefined
        ? undefined
        : (r) => {
            if (killWhen(r)) {
              standIn.beforeResponse = undefined;
              child.kill('SIGKILL');
            }
          };
    child.on('exit', (code, signal) => {
      standIn.beforeResponse = undefined;
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('done');
      else reject(new Error(`intros child failed (${code}): ${stderr}`));
    });
  });
}

async function seedWorld(db: Db) {
  const guild = standIn.addGuild({ name: 'Crash Club' });
  const channel = standIn.addChannel(guild, { name: 'intros' });
  const people = Array.from({ length: MEMBERS }, (_, i) => standIn.addMember(guild, `p${i}`).id);
  await ensureGuild(db, guild, { now: START });
  const settings = await setupIntros(
    db,
    guild,
    {
      cadence: 'weekly',
      weekday: 2,
      hour: 10,
      minute: 0,
      groupSize: 2,
      channelId: channel,
      audienceRoleId: null,
      audienceSegmentId: null,
      criteria: [],
      zone: 'UTC',
    },
    START,
  );
  for (const user of people) await joinIntros(db, guild, user, START);
  return { guild, channel, due: settings.nextRoundAt };
}

type Moment = 'thread' | 'member' | 'hello';
const moments: { moment: Moment; nth: number }[] = [
  { moment: 'thread', nth: 1 },
  { moment: 'thread', nth: 3 },
  { moment: 'member', nth: 1 },
  { moment: 'member', nth: 4 },
  { moment: 'hello', nth: 2 },
];

describe('introductions across kill -9', () => {
  it.each(moments)(
    'killed after Discord did the $moment #$nth: one thread per group, each with exactly its members',
    async ({ moment, nth }) => {
      const dbPath = join(dir, `${moment}-${nth}.sqlite`);
      const db = openDatabase(dbPath);
      await migrateToLatest(db);
      const world = await seedWorld(db);
      await db.destroy();
      let seen = 0;
      const matches = (r: RecordedRequest): boolean => {
        if (moment === 'thread')
          return r.method === 'POST' && r.path === `/channels/${world.channel}/threads`;
        const thread = standIn
          .threadsIn(world.channel)
          .some((t) => r.path.startsWith(`/channels/${t.id}/`));
        if (!thread) return false;
        return moment === 'member'
          ? r.method === 'PUT' && r.path.includes('/thread-members/')
          : r.method === 'POST' && r.path.endsWith('/messages');
      };
      const outcome = await runChild(dbPath, world.due, (r) => matches(r) && ++seen === nth);
      expect(outcome).toBe('killed');
      // Past the dead process's lease: the next one takes its rows over, and finishes.
      expect(await runChild(dbPath, world.due + 10 * 60_000)).toBe('done');

      const check = openDatabase(dbPath);
      const groups = await check
        .selectFrom('intro_groups')
        .select(['id', 'thread_id'])
        .where('guild_id', '=', world.guild)
        .execute();
      expect(groups).toHaveLength(MEMBERS / 2);
      const threads = standIn.threadsIn(world.channel, ChannelType.PrivateThread);
      expect(threads.map((t) => t.id).sort()).toEqual(groups.map((g) => g.thread_id).sort());
      for (const group of groups) {
        const members = (
          await check
            .selectFrom('intro_group_members')
            .select('user_id')
            .where('group_id', '=', group.id)
            .execute()
        )
          .map((r) => r.user_id)
          .sort();
        const inThread = [...standIn.threadMembers.get(group.thread_id!)!]
          .filter((id) => id !== standIn.botUser.id)
          .sort();
        expect(inThread).toEqual(members);
        expect(standIn.postedIn(group.thread_id!)).toHaveLength(1);
      }
      const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(
        check,
      );
      expect(integrity.rows[0]?.integrity_check).toBe('ok');
      await check.destroy();
      expect(standIn.refusals).toEqual([]);
      expect(standIn.unknownRequests).toEqual([]);
    },
    60_000,
  );
});
