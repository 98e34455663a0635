import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { KeyFileError, loadMasterKey, loadSecret } from '../../src/core/secret.js';

let dir: string;
const database = () => join(dir, 'hearth.sqlite');
const keyFile = () => join(dir, 'hearth.key');
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'hearth-key-')));

describe('hearth.key', () => {
  it('is created once, whole, with mode 0600, and read back the same', () => {
    fresh();
    const first = loadSecret(database(), undefined);
    expect(readFileSync(keyFile(), 'utf8')).toBe(`${first.toString('hex')}\n`);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    // Written through a temporary file that is renamed: nothing else is left behind.
    expect(readdirSync(dir)).toEqual(['hearth.key']);
    expect(loadSecret(database(), undefined)).toEqual(first);
  });

  it('fails closed when open anonymous polls depend on it: missing, empty, short or not hex', () => {
    for (const [content, problem] of [
      [undefined, 'is missing'],
      ['', 'is empty'],
      ['\n', 'is empty'],
      ['abcdef0123', 'is too short (10 of 64 hexadecimal characters)'],
      ['z'.repeat(64), 'is not 64 hexadecimal characters'],
      ['a'.repeat(65), 'is not 64 hexadecimal characters'],
    ] as const) {
      fresh();
      if (content !== undefined) writeFileSync(keyFile(), content);
      let error: unknown;
      try {
        loadSecret(database(), undefined, { required: true });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KeyFileError);
      const message = (error as Error).message;
      expect(message).toBe(
        `${keyFile()} ${problem}, but the database holds open anonymous polls that depend on it: put back the hearth.key from your backup (or set POLL_SECRET to its 64 hex characters) and start Hearth again`,
      );
      expect(message).not.toContain('\n');
      // Nothing was written over what was there.
      if (content !== undefined) expect(readFileSync(keyFile(), 'utf8')).toBe(content);
      else expect(readdirSync(dir)).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    }
    fresh();
  });

  it('replaces a damaged key when nothing depends on it, and POLL_SECRET wins over the file', () => {
    fresh();
    writeFileSync(keyFile(), 'not a key');
    const key = loadSecret(database(), undefined);
    expect(readFileSync(keyFile(), 'utf8')).toBe(`${key.toString('hex')}\n`);
    expect(loadSecret(database(), 'ab'.repeat(32), { required: true })).toEqual(
      Buffer.from('ab'.repeat(32), 'hex'),
    );
  });
});

describe('hearth.key with kept fingerprints (a removal or rejection that outlived an erase)', () => {
  // Attack: a member removed by a manager erases their data (the removal is kept under a keyed
  // fingerprint), the key goes missing or is damaged, Hearth starts with a new one, and the
  // member walks back in: the fingerprint no longer matches anybody. Every loader of the key
  // (the polls' at start-up, the fingerprints', the privacy script's) must refuse instead.
  for (const table of ['member_bars', 'kept_rejections', 'member_erasures'] as const)
    it(`fails closed when ${table} holds a row, whoever loads the key first`, async () => {
      fresh();
      const db = openDatabase(database());
      await migrateToLatest(db);
      await ensureGuild(db, '1'.repeat(18), { now: 0 });
      const values = {
        member_bars: { guild_id: '1'.repeat(18), subject: 'x'.repeat(32), barred_on: 0, told: 0 },
        kept_rejections: { guild_id: '1'.repeat(18), subject: 'x'.repeat(32), rejected_at: 0 },
        member_erasures: { guild_id: '1'.repeat(18), subject: 'x'.repeat(32), erased_at: 0 },
      }[table];
      await db.insertInto(table).values(values).execute();
      for (const content of [undefined, '', 'abcdef', 'z'.repeat(64)]) {
        rmSync(keyFile(), { force: true });
        if (content !== undefined) writeFileSync(keyFile(), content);
        expect(() => loadMasterKey(db, database(), undefined)).toThrow(
          /but the database holds kept fingerprints of members \(removals, rejections and erasures that outlive an erase\) that depend on it: put back the hearth.key/,
        );
        if (content !== undefined) expect(readFileSync(keyFile(), 'utf8')).toBe(content);
        else expect(readdirSync(dir).includes('hearth.key')).toBe(false);
      }
      // An empty database is not held back: a damaged key is replaced.
      await db.deleteFrom(table).execute();
      expect(loadMasterKey(db, database(), undefined)).toHaveLength(32);
      await db.destroy();
    });
});

describe('a hearth.key others can read', () => {
  it('is made readable by its owner only when Hearth reads it (a 0644 copy from a backup)', () => {
    fresh();
    const key = 'cd'.repeat(32);
    writeFileSync(keyFile(), `${key}\n`, { mode: 0o644 });
    chmodSync(keyFile(), 0o644);
    expect(loadSecret(database(), undefined, { required: true })).toEqual(Buffer.from(key, 'hex'));
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
  });
});

describe('hearth.key with introductions’ “don’t match me with” lists', () => {
  // Attack: a member avoids someone; the key goes missing, Hearth starts with a new one, and
  // the hash matches nobody: the two are matched. Loading the key must refuse instead.
  it('fails closed when intro_exclusions holds a row', async () => {
    fresh();
    const db = openDatabase(database());
    await migrateToLatest(db);
    await ensureGuild(db, '1'.repeat(18), { now: 0 });
    await db
      .insertInto('intro_exclusions')
      .values({ guild_id: '1'.repeat(18), user_id: '2'.repeat(18), other_key: 'x', created_at: 0 })
      .execute();
    rmSync(keyFile(), { force: true });
    expect(() => loadMasterKey(db, database(), undefined)).toThrow(
      /but the database holds introductions’ “don’t match me with” lists that depend on it/,
    );
    expect(readdirSync(dir).includes('hearth.key')).toBe(false);
    await db.deleteFrom('intro_exclusions').execute();
    expect(loadMasterKey(db, database(), undefined)).toHaveLength(32);
    await db.destroy();
  });
});
