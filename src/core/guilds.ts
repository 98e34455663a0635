/**
 * A server's settings and presence: the rules (what a valid setting is, what a return clears)
 * over guilds-repository.ts, which holds the table's SQL.
 */
import { UserError } from './errors.js';
import type { Db } from './db/database.js';
import type { Transaction } from 'kysely';
import type { Database } from './db/schema.js';
import * as repo from './guilds-repository.js';
import { dropGuildWork } from './outbox/store.js';
import type { GuildSettings, SettingsChange } from './guilds-repository.js';
import type { Locale } from './i18n.js';
import { canonicalTimeZone } from './timezones.js';

export { toGuildSettings, type GuildSettings } from './guilds-repository.js';

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
/** Each role or channel setting. */
const ID_FIELDS = [
  'managerRoleId',
  'memberRoleId',
  'welcomeChannelId',
  'announcementsChannelId',
  'logChannelId',
] as const;

/** The guild's settings, or `undefined` for a guild Hearth has never seen. */
export async function getGuild(
  db: Db | Transaction<Database>,
  guildId: string,
): Promise<GuildSettings | undefined> {
  return repo.findGuild(db, guildId);
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
  return db
    .transaction()
    .execute((trx) => repo.upsertGuild(trx, guildId, { now, language: preferredLocale ?? 'en' }));
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
  const changes: SettingsChange = {};
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
    const updated = await repo.updateGuild(trx, guildId, changes, now);
    if (updated === undefined) throw new UserError('error.guildUnknown');
    return updated;
  });
}

/**
 * The bot was removed from the guild: keep its data until the retention window passes, but drop
 * the work it still had queued (and its place in the outbox's rotation) in the same transaction,
 * so none of it is carried out later, not even if the server adds Hearth back.
 */
export async function markGuildLeft(db: Db, guildId: string, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.markLeft(trx, guildId, now);
    await dropGuildWork(trx, guildId, now);
  });
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
  return db.transaction().execute(async (trx) => {
    const left = await repo.markLeftExcept(trx, presentGuildIds, now);
    // Their queued work goes with them, as in markGuildLeft.
    for (const guildId of left) await dropGuildWork(trx, guildId, now);
    return left.length;
  });
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
  return repo.deleteGuildsLeftBy(db, now - retentionMs);
}
