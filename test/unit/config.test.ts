import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.c2VjcmV0LXRva2VuLXZhbHVlLTEyMzQ1';

describe('configuration', () => {
  it('fills defaults and freezes the result', () => {
    const result = parseConfig({ DISCORD_TOKEN: TOKEN, DEV_GUILD_ID: '' });
    expect(result).toEqual({
      ok: true,
      config: {
        DISCORD_TOKEN: TOKEN,
        DATABASE_PATH: 'data/hearth.sqlite',
        LOG_LEVEL: 'info',
        GUILD_DATA_RETENTION_DAYS: 30,
        PROMPT_CATCHUP_HOURS: 6,
        ENABLE_MESSAGE_CONTENT: false,
        INSIGHTS_RETENTION_DAYS: 30,
        MEMBER_DATA_RETENTION_DAYS: 90,
      },
    });
    expect(result.ok && Object.isFrozen(result.config)).toBe(true);
  });

  it('names every problem on its own line, with the fix, and never repeats a value', () => {
    const badToken = 'Bot not-a-token-but-secret-looking';
    const result = parseConfig({
      DISCORD_TOKEN: badToken,
      DISCORD_API_BASE: 'ftp://x',
      DEV_GUILD_ID: '12',
      LOG_LEVEL: 'loud',
      GUILD_DATA_RETENTION_DAYS: '-1',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'DISCORD_TOKEN',
      'DISCORD_API_BASE',
      'DEV_GUILD_ID',
      'LOG_LEVEL',
      'GUILD_DATA_RETENTION_DAYS',
    ]);
    for (const problem of problems) {
      expect(problem).not.toContain('\n');
      expect(problem).not.toContain('secret-looking');
    }
  });

  it('asks for the token when it is missing', () => {
    expect(parseConfig({})).toEqual({
      ok: false,
      problems: [
        'DISCORD_TOKEN is not set: copy the bot token from the Discord Developer Portal (Bot > Reset Token) into .env',
      ],
    });
  });
});
