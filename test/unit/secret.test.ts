import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyFileError, loadSecret } from '../../src/core/secret.js';

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
