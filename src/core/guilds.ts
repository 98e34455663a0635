import { UserError } from './errors.js';
import type { Db } from './db/database.js';
import { precompiled } from './db/precompiled.js';
import type { Transaction } from 'kysely';
import type { Database, GuildRow, GuildUpdate } from './db/schema.js';
import type { Locale } from './i18n.js';
import { canonicalTimeZone } from './timezones.js';

/**
 * A server's settings as the rest of Hearth sees them: the domain's names, not the table's. The
 * row is mapped once, here, so no adapter depends on column names.
 */
export interface GuildSettings {
  guildId: string;
  language: 'en' | 'it';
  /** IANA time zone name, validated before it is stored. */
  timezone: string;
  managerRoleId: string | null;
  memberRoleId: string | null;
  welcomeChannelId: string | null;
  announcementsChannelId: string | null;
  logChannelId: string | null;
  joinedAt: number;
  /** Set when the bot was removed from the server; its data is purged after the retention window. */
  leftAt: number | null;
  updatedAt: number;
  /** Bumped on every settings change; lets tests and audits see that nothing was written. */
  settingsVersion: number;
}

/** The one mapping from a `guilds` row to {@link GuildSettings}. */
export function toGuildSettings(row: GuildRow): GuildSettings {
  return {
    guildId: row.guild_id,
    language: row.language,
    timezone: row.timezone,
    managerRoleId: row.manager_role_id,
    memberRoleId: row.member_role_id,
    welcomeChannelId: row.welcome_channel_id,
    announcementsChannelId: row.announcements_channel_id,
    logChannelId: row.log_channel_id,
    joinedAt: row.joined_at,
    leftAt: row.left_at,
    updatedAt: row.updated_at,
    settingsVersion: row.settings_version,
  };
}

/** What `/hearth setup` may change. Absent fields stay as they are; `null` clears a role or channel. */
export interface SettingsPatch {
  timezone?: string;
  language?: string;
  managerRoleId?: string | null;
  memberRoleId?: string | null;
  welcomeChannelId?: string | null;
  announcementsChannelId?: string | null;
  logChannelId?: string | null;
}

const SNOWFLAKE = /^\d{17,20}$/;
/** Each role or channel setting and its column. */
const ID_FIELDS = [
  ['managerRoleId', 'manager_role_id'],
  ['memberRoleId', 'member_role_id'],
  ['welcomeChannelId', 'welcome_channel_id'],
  ['announcementsChannelId', 'announcements_channel_id'],
  ['logChannelId', 'log_channel_id'],
] as const;

const guildById = precompiled<Database, { guildId: string }>()((db, p) =>
  db.selectFrom('guilds').selectAll().where('guild_id', '=', p.guildId),
);

/** The guild's settings, or `undefined` for a guild Hearth has never seen. */
export async function getGuild(
  db: Db | Transaction<Database>,
  guildId: string,
): Promise<GuildSettings | undefined> {
  const row = await guildById.first(db, { guildId });
  return row === undefined ? undefined : toGuildSettings(row);
}

/**
 * Records that the bot is in `guildId` (on GUILD_CREATE or at ready): creates its row with the
 * guild's preferred language, or clears a departure mark when the bot was invited back inside the
 * retention window. Idempotent.
 */
export async function ensureGuild(
  db: Db,
  guildId: string,
  { now, preferredLocale }: { now: number; preferredLocale?: Locale },
): Promise<GuildSettings> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('guilds')
      .values({
        guild_id: guildId,
        language: preferredLocale ?? 'en',
        timezone: 'UTC',
        manager_role_id: null,
        member_role_id: null,
        welcome_channel_id: null,
        announcements_channel_id: null,
        log_channel_id: null,
        joined_at: now,
        left_at: null,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .column('guild_id')
          .doUpdateSet({ left_at: null })
          .where('guilds.left_at', 'is not', null),
      )
      .execute();
    return toGuildSettings(
      await trx
        .selectFrom('guilds')
        .selectAll()
        .where('guild_id', '=', guildId)
        .executeTakeFirstOrThrow(),
    );
  });
}

/**
 * Validates and applies a settings change in one transaction. Throws {@link UserError} for input a
 * manager can correct; on error nothing is written.
 */
export async function updateSettings(
  db: Db,
  guildId: string,
  patch: SettingsPatch,
  now: number,
): Promise<GuildSettings> {
  const changes: GuildUpdate = {};
  if (patch.timezone !== undefined) {
    const zone = canonicalTimeZone(patch.timezone);
    if (zone === undefined)
      throw new UserError('setup.invalidTimezone', { value: patch.timezone.slice(0, 64) });
    changes.timezone = zone;
  }
  if (patch.language !== undefined) {
    if (patch.language !== 'en' && patch.language !== 'it')
      throw new UserError('setup.invalidLanguage');
    changes.language = patch.language;
  }
  for (const [field, column] of ID_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    if (value !== null && !SNOWFLAKE.test(value)) throw new UserError('error.invalidReference');
    changes[column] = value;
  }
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('guilds')
      .set((eb) => ({
        ...changes,
        updated_at: now,
        settings_version: eb('settings_version', '+', 1),
      }))
      .where('guild_id', '=', guildId)
      .returningAll()
      .executeTakeFirst();
    if (updated === undefined) throw new UserError('error.guildUnknown');
    return toGuildSettings(updated);
  });
}

/** The bot was removed from the guild: keep its data until the retention window passes. */
export async function markGuildLeft(db: Db, guildId: string, now: number): Promise<void> {
  await db
    .updateTable('guilds')
    .set({ left_at: now })
    .where('guild_id', '=', guildId)
    .where('left_at', 'is', null)
    .execute();
}

/**
 * At start-up: guilds the bot was removed from while it was offline are not in READY. Marks every
 * guild not in `presentGuildIds` as departed. Returns how many were marked.
 */
export async function markAbsentGuildsLeft(
  db: Db,
  presentGuildIds: readonly string[],
  now: number,
): Promise<number> {
  let query = db.updateTable('guilds').set({ left_at: now }).where('left_at', 'is', null);
  if (presentGuildIds.length > 0) query = query.where('guild_id', 'not in', presentGuildIds);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Deletes every guild that left more than `retentionMs` ago, with all its community data (every
 * community table references `guilds` with ON DELETE CASCADE). Returns the purged guild ids.
 */
export async function purgeDepartedGuilds(
  db: Db,
  now: number,
  retentionMs: number,
): Promise<string[]> {
  const rows = await db
    .deleteFrom('guilds')
    .where('left_at', 'is not', null)
    .where('left_at', '<=', now - retentionMs)
    .returning('guild_id')
    .execute();
  return rows.map((r) => r.guild_id);
}
