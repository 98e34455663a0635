import { UserError } from './errors.js';
import type { Db } from './db/database.js';
import { precompiled } from './db/precompiled.js';
import type { Transaction } from 'kysely';
import type { Database, GuildRow } from './db/schema.js';
import type { Locale } from './i18n.js';
import { canonicalTimeZone } from './timezones.js';

export type GuildSettings = GuildRow;

/** What `/hearth setup` may change. Absent fields stay as they are; `null` clears a role or channel. */
export interface SettingsPatch {
  timezone?: string;
  language?: string;
  manager_role_id?: string | null;
  member_role_id?: string | null;
  welcome_channel_id?: string | null;
  announcements_channel_id?: string | null;
  log_channel_id?: string | null;
}

const SNOWFLAKE = /^\d{17,20}$/;
const ID_FIELDS = [
  'manager_role_id',
  'member_role_id',
  'welcome_channel_id',
  'announcements_channel_id',
  'log_channel_id',
] as const;

const guildById = precompiled<Database, { guildId: string }>()((db, p) =>
  db.selectFrom('guilds').selectAll().where('guild_id', '=', p.guildId),
);

/** The guild's settings, or `undefined` for a guild Hearth has never seen. */
export async function getGuild(
  db: Db | Transaction<Database>,
  guildId: string,
): Promise<GuildSettings | undefined> {
  return guildById.first(db, { guildId });
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
    return trx
      .selectFrom('guilds')
      .selectAll()
      .where('guild_id', '=', guildId)
      .executeTakeFirstOrThrow();
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
  const changes: Partial<Omit<GuildSettings, 'guild_id' | 'settings_version'>> = {};
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
  for (const field of ID_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    if (value !== null && !SNOWFLAKE.test(value)) throw new UserError('error.invalidReference');
    changes[field] = value;
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
    return updated;
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
