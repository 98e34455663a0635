import { beforeAll, describe, expect, it } from 'vitest';
import { e2eSuite } from '../helpers/suite.js';
import { GatewayIntentBits, InteractionResponseType } from 'discord-api-types/v10';
import { type Db } from '../../src/core/db/database.js';
import { getGuild } from '../../src/core/guilds.js';
import type { DiscordStandIn } from '../stand-in/server.js';
import { isEphemeral } from '../stand-in/server.js';
import { startBot, type TestBot } from '../helpers/bot.js';
import type { seedCommunity } from '../helpers/world.js';
import { guildRoutes } from '../../src/features/guilds/routes.js';

let standIn: DiscordStandIn;
let db: Db;
let bot: TestBot;
let a: ReturnType<typeof seedCommunity>;
let b: ReturnType<typeof seedCommunity>;

const suite = e2eSuite({ a: { name: 'Alpha', preferredLocale: 'it' }, b: { name: 'Beta' } });
beforeAll(() => {
  ({ standIn, db, bot, a, b } = suite);
});

describe('login and ready', () => {
  it('identifies with only the intents Hearth needs and records every guild', async () => {
    expect(standIn.identifies).toHaveLength(1);
    expect(standIn.identifies[0]?.intents).toBe(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildMessages,
    );
    expect(bot.hearth.client.isReady()).toBe(true);
    // A new guild takes its language from the server's preferred locale.
    expect((await getGuild(db, a.guild))?.language).toBe('it');
    expect((await getGuild(db, b.guild))?.language).toBe('en');
  });
});

describe('/hearth setup', () => {
  it('saves what a manager sets and answers with the configuration, ephemerally', async () => {
    const run = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      locale: 'it',
      options: {
        timezone: 'europe/rome',
        language: 'it',
        manager_role: { role: a.managerRole },
        member_role: { role: a.memberRole },
        welcome_channel: { channel: a.welcome },
        announcements_channel: { channel: a.announcements },
        log_channel: { channel: a.log },
      },
    });
    const callback = await standIn.callback(run);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(callback.data)).toBe(true);
    expect(callback.data?.content).toBe('Salvato. Ecco la configurazione attuale.');
    expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
    const embed = (
      callback.data?.embeds as { fields: { name: string; value: string }[]; description: string }[]
    )[0];
    expect(embed?.fields).toContainEqual(
      expect.objectContaining({
        name: 'Fuso orario',
        value: expect.stringMatching(/^Europe\/Rome \(\d\d:\d\d\)$/) as string,
      }),
    );
    expect(embed?.fields).toContainEqual(
      expect.objectContaining({ name: 'Ruolo manager', value: `<@&${a.managerRole}>` }),
    );
    expect(embed?.description).toBe('Hearth ha tutto ciò che gli serve.');

    const stored = await getGuild(db, a.guild);
    expect(stored).toMatchObject({
      timezone: 'Europe/Rome',
      language: 'it',
      managerRoleId: a.managerRole,
      memberRoleId: a.memberRole,
      welcomeChannelId: a.welcome,
      announcementsChannelId: a.announcements,
      logChannelId: a.log,
      settingsVersion: 1,
    });
  });

  it('lets a member with the manager role change settings, and clears a setting', async () => {
    const run = standIn.command({
      guild: a.guild,
      user: a.manager.id,
      command: 'hearth',
      subcommand: 'setup',
      options: { clear: 'welcome_channel' },
    });
    const answer = await standIn.answer(run);
    expect(answer.content).toBe('Saved. Here is the configuration now.');
    expect((await getGuild(db, a.guild))?.welcomeChannelId).toBeNull();
    const restore = standIn.command({
      guild: a.guild,
      user: a.manager.id,
      command: 'hearth',
      subcommand: 'setup',
      options: { welcome_channel: { channel: a.welcome } },
    });
    await standIn.answer(restore);
    expect((await getGuild(db, a.guild))?.welcomeChannelId).toBe(a.welcome);
  });

  it('refuses a member without Manage Server or the manager role, and changes nothing', async () => {
    const before = await getGuild(db, a.guild);
    const run = standIn.command({
      guild: a.guild,
      user: a.member.id,
      command: 'hearth',
      subcommand: 'setup',
      locale: 'it',
      options: { timezone: 'Asia/Tokyo' },
    });
    const callback = await standIn.callback(run);
    expect(isEphemeral(callback.data)).toBe(true);
    expect(callback.data?.content).toMatch(/^Solo i manager possono farlo/);
    expect(await getGuild(db, a.guild)).toEqual(before);
  });

  it('answers an unknown time zone with a clear message and changes nothing', async () => {
    const before = await getGuild(db, a.guild);
    const run = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: { timezone: 'Mars/Olympus_Mons', language: 'en' },
    });
    const answer = await standIn.answer(run);
    expect(answer.content).toBe(
      '“Mars/Olympus_Mons” is not a time zone Hearth knows. Pick one from the suggestions, written like `Europe/Rome` or `America/New_York`. Nothing was changed.',
    );
    expect(await getGuild(db, a.guild)).toEqual(before);
  });

  it('suggests time zones as the manager types', async () => {
    const run = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: { timezone: 'rom' },
      focused: 'timezone',
    });
    const callback = await standIn.callback(run);
    expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = (callback.data?.choices ?? []) as { name: string; value: string }[];
    expect(choices[0]).toEqual({ name: 'Europe/Rome', value: 'Europe/Rome' });
    expect(choices.length).toBeLessThanOrEqual(25);
  });

  it('never lets one guild see or change another guild’s settings', async () => {
    const beforeA = await getGuild(db, a.guild);
    const run = standIn.command({
      guild: b.guild,
      user: b.owner.id,
      command: 'hearth',
      subcommand: 'setup',
      options: {
        timezone: 'Asia/Tokyo',
        manager_role: { role: b.managerRole },
        log_channel: { channel: b.log },
      },
    });
    await standIn.answer(run);
    expect(await getGuild(db, b.guild)).toMatchObject({
      timezone: 'Asia/Tokyo',
      managerRoleId: b.managerRole,
      logChannelId: b.log,
    });
    expect(await getGuild(db, a.guild)).toEqual(beforeA);

    // Beta's status shows Beta's configuration and nothing of Alpha's.
    const status = standIn.command({
      guild: b.guild,
      user: b.owner.id,
      command: 'hearth',
      subcommand: 'status',
    });
    const shown = JSON.stringify(await standIn.answer(status));
    for (const id of [a.managerRole, a.memberRole, a.welcome, a.announcements, a.log])
      expect(shown).not.toContain(id);
    expect(shown).toContain('Asia/Tokyo');

    // Alpha's "Check again" button, replayed in Beta, shows Beta's status: the id names no guild.
    const alphaStatus = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'status',
    });
    await standIn.answer(alphaStatus);
    const alphaMessage = alphaStatus.messages[0]!;
    const replay = standIn.click({
      guild: b.guild,
      user: b.owner.id,
      message: alphaMessage,
      customId: guildRoutes.status.build({}),
    });
    const replayed = JSON.stringify(await standIn.answer(replay));
    expect(replayed).toContain('Asia/Tokyo');
    expect(replayed).not.toContain('Europe/Rome');
    // A member of Beta without Manage Server cannot use it at all.
    const denied = standIn.click({
      guild: b.guild,
      user: b.member.id,
      message: alphaMessage,
      customId: guildRoutes.status.build({}),
    });
    expect((await standIn.answer(denied)).content).toMatch(/^Only managers can do this/);
  });
});

describe('restart', () => {
  it('keeps the settings across a restart of the client', async () => {
    await bot.stop();
    bot = await startBot(standIn, { db });
    const run = standIn.command({
      guild: a.guild,
      user: a.owner.id,
      command: 'hearth',
      subcommand: 'status',
      locale: 'it',
    });
    const answer = await standIn.answer(run);
    const embed = (answer.embeds as { fields: { name: string; value: string }[] }[])[0];
    expect(embed?.fields).toContainEqual(
      expect.objectContaining({ name: 'Canale annunci', value: `<#${a.announcements}>` }),
    );
    expect(embed?.fields).toContainEqual(
      expect.objectContaining({
        name: 'Fuso orario',
        value: expect.stringContaining('Europe/Rome') as string,
      }),
    );
  });
});
