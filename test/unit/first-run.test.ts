import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { envFileWarning, inviteLink, saveToken } from '../../src/run/first-run.js';
import { intentsLine, retryDelayMs } from '../../src/run/discord-connect.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('saveToken', () => {
  it('fills the DISCORD_TOKEN line of an existing .env, keeps every other line, and makes it 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-env-'));
    dirs.push(dir);
    const file = join(dir, '.env');
    writeFileSync(file, '# mine\nDISCORD_TOKEN=\nLOG_LEVEL=debug\n', { mode: 0o644 });
    saveToken(file, 'a.b.c');
    expect(readFileSync(file, 'utf8')).toBe('# mine\nDISCORD_TOKEN=a.b.c\nLOG_LEVEL=debug\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('appends the line when .env has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-env-'));
    dirs.push(dir);
    const file = join(dir, '.env');
    writeFileSync(file, 'LOG_LEVEL=debug');
    saveToken(file, 'a.b.c');
    expect(readFileSync(file, 'utf8')).toBe('LOG_LEVEL=debug\nDISCORD_TOKEN=a.b.c\n');
  });
});

describe('saveToken never puts the token in a file others can read', () => {
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-env-'));
    dirs.push(dir);
    return dir;
  };

  it('writes a new file, not into the existing 0644 one: a hard link to the old file never sees it', () => {
    const dir = fresh();
    const file = join(dir, '.env');
    writeFileSync(file, 'LOG_LEVEL=debug\nDISCORD_TOKEN=\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    // Another name for the file as it was: whatever is written into that file, it shows.
    linkSync(file, join(dir, 'old-name'));
    saveToken(file, 'a.b.c');
    expect(readFileSync(file, 'utf8')).toBe('LOG_LEVEL=debug\nDISCORD_TOKEN=a.b.c\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'old-name'), 'utf8')).not.toContain('a.b.c');
    expect(statSync(join(dir, 'old-name')).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(['.env', 'old-name']);
  });

  it('creates a new .env 0600 whatever the umask', () => {
    const dir = fresh();
    const previous = process.umask(0);
    try {
      saveToken(join(dir, '.env'), 'a.b.c');
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
  });

  it('follows a symbolic link and replaces the file it points at', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'real.env'), 'LOG_LEVEL=info\n', { mode: 0o644 });
    symlinkSync(join(dir, 'real.env'), join(dir, '.env'));
    saveToken(join(dir, '.env'), 'a.b.c');
    expect(lstatSync(join(dir, '.env')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.env'), 'utf8')).toBe(
      'LOG_LEVEL=info\nDISCORD_TOKEN=a.b.c\n',
    );
    expect(statSync(join(dir, 'real.env')).mode & 0o777).toBe(0o600);
  });
});

describe('envFileWarning', () => {
  const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.secret-part-of-the-token';
  const write = (text: string, mode: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-env-'));
    dirs.push(dir);
    const file = join(dir, '.env');
    writeFileSync(file, text);
    chmodSync(file, mode);
    return file;
  };

  it('is one line naming the file and its mode, never the token, for a token others can read', () => {
    for (const [text, mode] of [
      [`DISCORD_TOKEN=${TOKEN}\n`, 0o644],
      [`# mine\nexport DISCORD_TOKEN="${TOKEN}"\n`, 0o640],
      [`DISCORD_TOKEN = '${TOKEN}'`, 0o604],
    ] as const) {
      const file = write(text, mode);
      const line = envFileWarning(file)!;
      expect(line).toBe(
        `${file} holds DISCORD_TOKEN and other users can read it (mode 0${mode.toString(8)}): run chmod 600 ${file}`,
      );
      expect(line).not.toContain('secret-part');
      expect(line).not.toContain('\n');
    }
  });

  it('says nothing for a private file, a file without a token, or no file', () => {
    expect(envFileWarning(write(`DISCORD_TOKEN=${TOKEN}\n`, 0o600))).toBeUndefined();
    expect(envFileWarning(write(`DISCORD_TOKEN=${TOKEN}\n`, 0o400))).toBeUndefined();
    expect(envFileWarning(write('DISCORD_TOKEN=\nLOG_LEVEL=debug\n', 0o644))).toBeUndefined();
    expect(envFileWarning(write('# DISCORD_TOKEN=old\n', 0o644))).toBeUndefined();
    expect(envFileWarning(join(tmpdir(), 'hearth-no-such-dir', '.env'))).toBeUndefined();
  });
});

describe('start-up wording', () => {
  it('doubles the retry delay from 1 s up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('names the Message Content Intent alone with its setting', () => {
    expect(intentsLine(['content'])).toBe(
      'Discord refused the Message Content Intent (ENABLE_MESSAGE_CONTENT=true): turn it on in the Developer Portal (your application > Bot > Privileged Gateway Intents), or set ENABLE_MESSAGE_CONTENT=false, then start Hearth again',
    );
  });

  it('builds the invite link with the bot and commands scopes', () => {
    expect(inviteLink('123', 8n)).toBe(
      'https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=8',
    );
  });
});
