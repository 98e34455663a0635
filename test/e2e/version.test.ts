import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordStandIn } from '../stand-in/server.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';
import { ROOT } from '../helpers/process.js';

let standIn: DiscordStandIn;
let bot: TestBot;
let community: ReturnType<typeof seedCommunity>;

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  community = seedCommunity(standIn, { preferredLocale: 'it' });
  bot = await startBot(standIn);
});

afterAll(async () => {
  await bot.stop();
  await standIn.stop();
});

describe('/hearth status', () => {
  it('shows the running version, from package.json', async () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
      version: string;
    };
    const status = standIn.command({
      guild: community.guild,
      user: community.owner.id,
      command: 'hearth',
      subcommand: 'status',
    });
    const answer = (await standIn.answer(status)) as { embeds?: { footer?: { text?: string } }[] };
    expect(answer.embeds?.[0]?.footer?.text).toBe(`Hearth ${version}`);
  });
});
