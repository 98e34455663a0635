import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inviteLink, saveToken } from '../../src/run/first-run.js';
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
