import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  migrateToLatest,
  MigrationFailedError,
  openDatabase,
  type Db,
} from '../../src/core/db/database.js';
import { acquireInstanceLock, InstanceLockedError } from '../../src/core/db/instance-lock.js';
import { migrations } from '../../src/core/db/migrations/index.js';
import { precompiled } from '../../src/core/db/precompiled.js';
import type { Database } from '../../src/core/db/schema.js';

const require = createRequire(import.meta.url);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-db-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function tables(db: Db): Promise<string[]> {
  const rows = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%' order by name`.execute(
    db,
  );
  return rows.rows.map((r) => r.name);
}

describe('openDatabase', () => {
  it('uses WAL, NORMAL sync, foreign keys and a busy timeout', async () => {
    const db = openDatabase(join(dir, 'hearth.sqlite'));
    const pragma = async (name: string) =>
      (await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(db))
        .rows[0];
    expect(await pragma('journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(await pragma('synchronous')).toEqual({ synchronous: 1 });
    expect(await pragma('foreign_keys')).toEqual({ foreign_keys: 1 });
    expect(await pragma('busy_timeout')).toEqual({ timeout: 5000 });
    await db.destroy();
  });

  it('begins transactions IMMEDIATE: a read-then-write transaction never fails on a stale snapshot', async () => {
    const path = join(dir, 'hearth.sqlite');
    const db = openDatabase(path);
    await migrateToLatest(db);
    // Another process (a worker thread here) tries to write while our transaction sits between
    // its read and its write. With a deferred BEGIN its write would succeed and ours would then
    // fail with SQLITE_BUSY_SNAPSHOT; with BEGIN IMMEDIATE we hold the write lock from the start.
    const other = new Worker(
      `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
       const { parentPort, workerData } = require('node:worker_threads');
       const conn = new Database(workerData, { timeout: 0 });
       parentPort.on('message', () => {
         try {
           conn.prepare("insert into guilds (guild_id, joined_at, updated_at) values ('other', 0, 0)").run();
           parentPort.postMessage('wrote');
         } catch (error) {
           parentPort.postMessage(error.code);
         }
       });`,
      { eval: true, workerData: path },
    );
    const otherWrite = () =>
      new Promise<string>((resolve) => {
        other.once('message', resolve);
        other.postMessage('write');
      });
    let otherResult = '';
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('guilds').selectAll().execute();
      otherResult = await otherWrite();
      await trx
        .insertInto('guilds')
        .values({
          guild_id: 'ours',
          language: 'en',
          timezone: 'UTC',
          manager_role_id: null,
          member_role_id: null,
          welcome_channel_id: null,
          announcements_channel_id: null,
          log_channel_id: null,
          joined_at: 0,
          left_at: null,
          updated_at: 0,
        })
        .execute();
    });
    expect(otherResult).toBe('SQLITE_BUSY');
    expect(await db.selectFrom('guilds').select('guild_id').execute()).toEqual([
      { guild_id: 'ours' },
    ]);
    // Once we committed, the other writer gets through.
    expect(await otherWrite()).toBe('wrote');
    await other.terminate();
    await db.destroy();
  });

  it('serializes transactions in one process: awaits inside one never interleave another', async () => {
    const db = openDatabase(':memory:');
    await migrateToLatest(db);
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        db.transaction().execute(async (trx) => {
          order.push(`${name}:begin`);
          await trx.selectFrom('guilds').selectAll().execute();
          await new Promise((resolve) => setImmediate(resolve));
          order.push(`${name}:end`);
        }),
      ),
    );
    expect(order).toEqual(['a:begin', 'a:end', 'b:begin', 'b:end', 'c:begin', 'c:end']);
    await db.destroy();
  });
});

describe('migrations', () => {
  it('applies every migration once', async () => {
    const db = openDatabase(':memory:');
    const first = await migrateToLatest(db);
    const second = await migrateToLatest(db);
    expect(first.results?.map((r) => r.status)).toEqual(
      Object.keys(migrations).map(() => 'Success'),
    );
    expect(second.results).toEqual([]);
    expect(await tables(db)).toContain('guilds');
    await db.destroy();
  });

  it('leaves the previous schema when a migration fails, and names it', async () => {
    const path = join(dir, 'hearth.sqlite');
    const db = openDatabase(path);
    await migrateToLatest(db);
    const schemaBefore = await tables(db);
    const broken: Record<string, Migration> = {
      ...migrations,
      '2999-01-01T0000_good': {
        up: async (m: Kysely<unknown>) =>
          void (await m.schema.createTable('added').addColumn('id', 'integer').execute()),
      },
      '2999-01-02T0000_broken': {
        up: async (m: Kysely<unknown>) => {
          await m.schema.createTable('half').addColumn('id', 'integer').execute();
          await sql`this is not sql`.execute(m);
        },
      },
    };
    const attempt = migrateToLatest(db, broken);
    await expect(attempt).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(attempt).rejects.toMatchObject({ migrationName: '2999-01-02T0000_broken' });
    await db.destroy();
    // Reopened, the database holds exactly the old schema: neither the good nor the half migration.
    const reopened = openDatabase(path);
    expect(await tables(reopened)).toEqual(schemaBefore);
    expect(schemaBefore).not.toContain('added');
    await reopened.destroy();
  });
});

describe('instance lock', () => {
  it('refuses a second holder and frees the lock on release', () => {
    const path = join(dir, 'hearth.sqlite');
    const lock = acquireInstanceLock(path);
    expect(() => acquireInstanceLock(path)).toThrow(InstanceLockedError);
    lock.release();
    acquireInstanceLock(path).release();
  });
});

describe('precompiled queries', () => {
  const byId = precompiled<Database, { guildId: string }>()((db, p) =>
    db.selectFrom('guilds').select(['guild_id', 'timezone']).where('guild_id', '=', p.guildId),
  );
  const rename = precompiled<Database, { guildId: string; zone: string }>()((db, p) =>
    db
      .updateTable('guilds')
      .set({ timezone: p.zone })
      .where('guild_id', '=', p.guildId)
      .where('left_at', 'is', null),
  );

  it('binds parameters by name and keeps fixed values, inside and outside transactions', async () => {
    const db: Db = openDatabase(':memory:');
    await migrateToLatest(db);
    await db
      .insertInto('guilds')
      .values(
        ['1', '2'].map((id) => ({
          guild_id: id,
          language: 'en' as const,
          timezone: 'UTC',
          manager_role_id: null,
          member_role_id: null,
          welcome_channel_id: null,
          announcements_channel_id: null,
          log_channel_id: null,
          joined_at: 0,
          left_at: null,
          updated_at: 0,
        })),
      )
      .execute();
    expect(await byId.first(db, { guildId: '2' })).toEqual({ guild_id: '2', timezone: 'UTC' });
    expect(await rename.run(db, { guildId: '2', zone: 'Asia/Tokyo' })).toBe(1);
    await db.transaction().execute(async (trx) => {
      expect(await rename.run(trx, { guildId: '1', zone: 'Europe/Rome' })).toBe(1);
      expect(await byId.first(trx, { guildId: '1' })).toEqual({
        guild_id: '1',
        timezone: 'Europe/Rome',
      });
    });
    expect(await byId.all(db, { guildId: '3' })).toEqual([]);
    expect((await byId.first(db, { guildId: '2' }))?.timezone).toBe('Asia/Tokyo');
    await db.destroy();
  });

  it('waits for a transaction in progress instead of running inside it', async () => {
    const db: Db = openDatabase(':memory:');
    await migrateToLatest(db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const trx = db.transaction().execute(async (t) => {
      await t
        .insertInto('guilds')
        .values({
          guild_id: '9',
          language: 'en',
          timezone: 'UTC',
          manager_role_id: null,
          member_role_id: null,
          welcome_channel_id: null,
          announcements_channel_id: null,
          log_channel_id: null,
          joined_at: 0,
          left_at: null,
          updated_at: 0,
        })
        .execute();
      await held;
      throw new Error('roll back');
    });
    // Started while the transaction holds the connection: must not see its uncommitted row.
    const read = byId.first(db, { guildId: '9' });
    release();
    await expect(trx).rejects.toThrow('roll back');
    expect(await read).toBeUndefined();
    await db.destroy();
  });
});
