import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.super-secret-part-of-the-token';

describe('logger', () => {
  it('removes the token wherever it appears: messages, errors, nested fields, known keys', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'trace',
      secrets: [TOKEN],
      destination: { write: (line: string) => void lines.push(line) },
    });
    logger.info(`login with ${TOKEN}`);
    logger.error({ err: new Error(`401 for Bot ${TOKEN}`) }, 'request failed');
    logger.debug(
      {
        request: {
          url: `https://example.invalid/?t=${TOKEN}`,
          headers: { authorization: 'Bot abc' },
        },
      },
      'debug',
    );
    logger.warn({ token: 'short' }, 'keys named token are censored too');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain('super-secret-part');
    expect(lines[0]).toContain('login with [redacted]');
    expect(JSON.parse(lines[3]!)).toMatchObject({ token: '[redacted]' });
  });
});
