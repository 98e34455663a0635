import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChannelType } from 'discord-api-types/v10';
import { canonicalTimeZone } from '../../src/core/timezones.js';
import { getGuild } from '../../src/core/guilds.js';
import { isEphemeral, type OptionValue } from '../stand-in/server.js';
import { e2eSuite } from '../helpers/suite.js';
let voice: string;
let botRole: string;

const s = e2eSuite({
  seed: ({ standIn, a }) => {
    voice = standIn.addChannel(a.guild, { name: 'voice', type: ChannelType.GuildVoice });
    botRole = [...standIn.guilds.get(a.guild)!.roles.values()].find((r) => r.managed)!.id;
  },
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
      const before = await getGuild(s.bot.db, s.a.guild);
      const run = s.standIn.command({
        guild: s.a.guild,
        user: s.a.owner.id,
        command: 'hearth',
        subcommand: 'setup',
        options: { clear },
      });
      expect((await s.standIn.answer(run)).content).toMatch(
        /not one Hearth can use in this server/,
      );
      expect(await getGuild(s.bot.db, s.a.guild)).toEqual(before);
    },
  );

  it('answers every generated input exactly once, with no unhandled error, and stores only valid settings', async () => {
    const roles = [
      s.a.guild /* @everyone */,
      s.a.managerRole,
      s.a.memberRole,
      s.a.staffRole,
      botRole,
    ];
    const channels = [s.a.welcome, s.a.announcements, s.a.log, voice];
    const users = [s.a.owner.id, s.a.manager.id, s.a.member.id];
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
          const run = s.standIn.command({
            guild: s.a.guild,
            user,
            command: 'hearth',
            subcommand: 'setup',
            options,
            locale,
          });
          const answer = await s.standIn.answer(run);
          const responses = s.standIn.responsesTo(run);
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

          const stored = (await getGuild(s.bot.db, s.a.guild))!;
          expect(canonicalTimeZone(stored.timezone)).toBe(stored.timezone);
          expect(['en', 'it']).toContain(stored.language);
          for (const id of [stored.managerRoleId, stored.memberRoleId])
            if (id !== null)
              expect([s.a.managerRole, s.a.memberRole, s.a.staffRole, botRole]).toContain(id);
          expect(stored.memberRoleId).not.toBe(botRole);
          for (const id of [
            stored.welcomeChannelId,
            stored.announcementsChannelId,
            stored.logChannelId,
          ])
            if (id !== null) expect([s.a.welcome, s.a.announcements, s.a.log]).toContain(id);
        },
      ),
      { numRuns: 2_000 },
    );
    expect(runs).toBe(2_000);
    expect(s.bot.logs.errors).toEqual([]);
    expect(s.standIn.unknownRequests).toEqual([]);
  }, 120_000);
});
