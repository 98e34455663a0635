import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/process.js';
import { e2eSuite } from '../helpers/suite.js';

const s = e2eSuite({ a: { preferredLocale: 'it' } });

describe('/hearth status', () => {
  it('shows the running version, from package.json', async () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
      version: string;
    };
    const status = s.standIn.command({
      guild: s.a.guild,
      user: s.a.owner.id,
      command: 'hearth',
      subcommand: 'status',
    });
    const answer = (await s.standIn.answer(status)) as {
      embeds?: { footer?: { text?: string } }[];
    };
    expect(answer.embeds?.[0]?.footer?.text).toBe(`Hearth ${version}`);
  });
});
