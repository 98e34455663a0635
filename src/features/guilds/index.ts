/**
 * Guilds: Hearth's place in each server. Owns `/hearth` (setup, status), `/help`, the health
 * check of permissions and roles, and the guild lifecycle: a guild joined is recorded, a guild
 * that removed Hearth is marked departed and its data purged after the retention window.
 */
import { Events } from 'discord.js';
import * as hearth from '../../../commands/hearth.js';
import * as help from '../../../commands/help.js';
import type { Feature, FeatureContext } from '../../core/feature.js';
import { onClientEvent } from '../../core/feature.js';
import {
  ensureGuild,
  markAbsentGuildsLeft,
  markGuildLeft,
  purgeDepartedGuilds,
} from '../../core/guilds.js';
import { localeFromDiscord } from './messages.js';

const DAY_MS = 24 * 60 * 60 * 1000;

async function purge({ app }: FeatureContext): Promise<void> {
  const retention = app.config.GUILD_DATA_RETENTION_DAYS * DAY_MS;
  const purged = await purgeDepartedGuilds(app.db, app.now(), retention);
  if (purged.length > 0) app.logger.info({ guilds: purged }, 'purged the data of departed guilds');
}

export const guilds: Feature = {
  name: 'guilds',
  commands: [hearth, help],
  clientEvents: [
    onClientEvent(Events.GuildCreate, async ({ app }, guild) => {
      await ensureGuild(app.db, guild.id, {
        now: app.now(),
        preferredLocale: localeFromDiscord(guild.preferredLocale),
      });
      app.logger.info({ guild: guild.id }, 'joined a guild');
    }),
    onClientEvent(Events.GuildDelete, async ({ app }, guild) => {
      // discord.js reports outages as guildUnavailable; guildDelete means the bot was removed.
      await markGuildLeft(app.db, guild.id, app.now());
      app.logger.info(
        { guild: guild.id, retentionDays: app.config.GUILD_DATA_RETENTION_DAYS },
        'removed from a guild; its data will be purged after the retention window',
      );
    }),
  ],
  jobs: [{ name: 'purge-departed-guilds', schedule: '17 * * * *', run: purge }],
  /** Guilds joined or left while Hearth was offline: the gateway does not replay those events. */
  async start(ctx) {
    const { app, client } = ctx;
    const at = app.now();
    for (const guild of client.guilds.cache.values()) {
      await ensureGuild(app.db, guild.id, {
        now: at,
        preferredLocale: localeFromDiscord(guild.preferredLocale),
      });
    }
    const marked = await markAbsentGuildsLeft(app.db, [...client.guilds.cache.keys()], at);
    if (marked > 0)
      app.logger.info({ count: marked }, 'guilds removed while offline marked as departed');
    await purge(ctx);
  },
  // Server settings hold roles and channels, never a member.
  // The outbox (the core's, reported on in /hearth status): effects about a member, such as a
  // direct message or a role grant, still to be carried out or kept a week after.
  memberData: {
    columns: [
      { table: 'outbox', column: 'subject_id', erase: 'delete', label: 'outbox.data.pending' },
    ],
  },
};
