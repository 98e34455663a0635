import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelType } from 'discord-api-types/v10';
import { canonicalTimeZone } from '../../src/core/timezones.js';
import { getGuild } from '../../src/core/guilds.js';
import { DiscordStandIn, isEphemeral, type OptionValue } from '../stand-in/server.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import { seedCommunity } from '../helpers/world.js';

let standIn: DiscordStandIn;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let voice: string;
let botRole: string;

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  a = seedCommunity(standIn);
  voice = standIn.addChannel(a.guild, { name: 'voice', type: ChannelType.GuildVoice });
  botRole = [...standIn.guilds.get(a.guild)!.roles.values()].find((r) => r.managed)!.id;
  bot = await startBot(standIn);
});

afterAll(async () => {
  await bot.stop();
  await standIn.stop();
});

/** Text a hostile or careless member might type. */
const nastyText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'Europe/Rome',
    'europe/rome',
    'UTC',
    'Etc/GMT+5',
    '+02:00',
    '@everyone',
    '<@&1>',
    '**bold** _it_ `code`',
    "'; drop table guilds; --",
    '\u0000',
    '%s%n',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
  ),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 6000, maxLength: 6000 }),
);

describe('fuzzing /hearth setup', () => {
  it.each(['constructor', '__proto__', 'toString'])(
    'refuses %j as the setting to clear',
    async (clear) => {
      const before = await getGuild(bot.db, a.guild);
      const run = standIn.command({
        guild: a.guild,
        user: a.owner.id,
        command: 'hearth',
        subcommand: 'setup',
        options: { clear },
      });
      expect((await standIn.answer(run)).content).toMatch(/not one Hearth can use in this server/);
      expect(await getGuild(bot.db, a.guild)).toEqual(before);
    },
  );

  it('answers every generated input exactly once, with no unhandled error, and stores only valid settings', async () => {
    const roles = [a.guild /* @everyone */, a.managerRole, a.memberRole, a.staffRole, botRole];
    const channels = [a.welcome, a.announcements, a.log, voice];
    const users = [a.owner.id, a.manager.id, a.member.id];
    const clearable = [
      'manager_role',
      'member_role',
      'welcome_channel',
      'announcements_channel',
      'log_channel',
    ];
    const optionsArb = fc.record(
      {
        timezone: nastyText,
        language: fc.oneof(fc.constantFrom('en', 'it'), nastyText),
        clear: fc.oneof(fc.constantFrom(...clearable), nastyText),
        manager_role: fc.constantFrom(...roles).map((role): OptionValue => ({ role })),
        member_role: fc.constantFrom(...roles).map((role): OptionValue => ({ role })),
        welcome_channel: fc.constantFrom(...channels).map((channel): OptionValue => ({ channel })),
        announcements_channel: fc
          .constantFrom(...channels)
          .map((channel): OptionValue => ({ channel })),
        log_channel: fc.constantFrom(...channels).map((channel): OptionValue => ({ channel })),
      },
      { requiredKeys: [] },
    );

    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        optionsArb,
        fc.constantFrom(...users),
        fc.constantFrom('it', 'en-US', 'fr'),
        async (options, user, locale) => {
          runs += 1;
          const run = standIn.command({
            guild: a.guild,
            user,
            command: 'hearth',
            subcommand: 'setup',
            options,
            locale,
          });
          const answer = await standIn.answer(run);
          const responses = standIn.responsesTo(run);
          // Exactly one acknowledgement, accepted by Discord, and a visible, private answer.
          expect(responses.filter((r) => r.path.endsWith('/callback'))).toHaveLength(1);
          expect(responses.every((r) => r.status === 204 || r.status === 200)).toBe(true);
          expect(isEphemeral(answer)).toBe(true);
          expect(
            typeof answer.content === 'string' &&
              answer.content.length > 0 &&
              answer.content.length <= 2000,
          ).toBe(true);
          expect(answer.allowed_mentions).toEqual({ parse: [] });

          const stored = (await getGuild(bot.db, a.guild))!;
          expect(canonicalTimeZone(stored.timezone)).toBe(stored.timezone);
          expect(['en', 'it']).toContain(stored.language);
          for (const id of [stored.managerRoleId, stored.memberRoleId])
            if (id !== null)
              expect([a.managerRole, a.memberRole, a.staffRole, botRole]).toContain(id);
          expect(stored.memberRoleId).not.toBe(botRole);
          for (const id of [
            stored.welcomeChannelId,
            stored.announcementsChannelId,
            stored.logChannelId,
          ])
            if (id !== null) expect([a.welcome, a.announcements, a.log]).toContain(id);
        },
      ),
      { numRuns: 2_000 },
    );
    expect(runs).toBe(2_000);
    expect(bot.logs.errors).toEqual([]);
    expect(standIn.unknownRequests).toEqual([]);
  }, 120_000);
});
