import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayDispatchEvents, InteractionResponseType } from 'discord-api-types/v10';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { DiscordStandIn } from '../stand-in/server.js';
import { startBot, until, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';

let standIn: DiscordStandIn;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn);
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  bot = await startBot(standIn, { db });
});

afterAll(async () => {
  await bot.stop();
  await standIn.stop();
  process.off('unhandledRejection', onUnhandled);
});

describe('resilience', () => {
  it('retries an answer Discord rate-limited (429) and still answers once', async () => {
    standIn.fault({
      method: 'POST',
      path: /\/callback$/,
      status: 429,
      retryAfterSeconds: 0.2,
      times: 1,
    });
    const run = standIn.command({ guild: a.guild, user: a.member.id, command: 'help' });
    await until(() => standIn.responsesTo(run).some((r) => r.status === 204));
    const calls = standIn.responsesTo(run).map((r) => r.status);
    expect(calls).toEqual([429, 204]);
    expect((await standIn.callback(run)).type).toBe(
      InteractionResponseType.ChannelMessageWithSource,
    );
  });

  it('keeps running when the database fails under every handler, answering members with a reference', async () => {
    await bot.db.destroy();
    // A gateway event whose handler needs the database.
    const newcomer = standIn.addGuild({ name: 'Arrives while broken' });
    standIn.dispatch(GatewayDispatchEvents.GuildCreate, standIn.guildCreatePayload(newcomer));
    await until(() =>
      bot.logs.errors.some(
        (l) => l.msg === 'gateway event handler failed' && l.event === 'guildCreate',
      ),
    );
    // An interaction whose settings cannot be loaded.
    const run = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'status',
    });
    const answer = await standIn.answer(run);
    const ref = /`([0-9a-f]{8})`/.exec(String(answer.content))?.[1];
    expect(ref).toBeDefined();
    expect(bot.logs.errors.filter((l) => l.ref === ref)).toHaveLength(1);
    // Autocomplete answers with nothing rather than leaving the member waiting.
    const suggest = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: { timezone: 'eu' },
      focused: 'timezone',
    });
    expect(await standIn.callback(suggest)).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [] },
    });
    expect(bot.hearth.client.isReady()).toBe(true);
    expect(unhandled).toEqual([]);
  });
});
