/**
 * The guilds table's SQL, all of it: a server's settings row, its departure mark and its purge.
 * It lives in the core, beside guilds.ts, because the router loads settings for every
 * interaction and the core imports no feature. Rows in, {@link GuildSettings} out: no column
 * name leaves this file. No rules live here (what a valid setting is, when a departed server is
 * purged are guilds.ts's and its callers'); each function takes the database or the caller's
 * transaction. Only guilds.ts imports it (lint rule `hearth/boundaries`).
 */
import type { Transaction } from 'kysely';
import type { Db } from './db/database.js';
import { precompiled } from './db/precompiled.js';
import type { Database, GuildRow, GuildUpdate } from './db/schema.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

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

/** A checked change of settings, in the domain's names; absent fields stay as they are. */
export interface SettingsChange {
  timezone?: string;
  language?: 'en' | 'it';
  managerRoleId?: string | null;
  memberRoleId?: string | null;
  welcomeChannelId?: string | null;
  announcementsChannelId?: string | null;
  logChannelId?: string | null;
}

/** Each setting and its column. */
const COLUMNS = {
  timezone: 'timezone',
  language: 'language',
  managerRoleId: 'manager_role_id',
  memberRoleId: 'member_role_id',
  welcomeChannelId: 'welcome_channel_id',
  announcementsChannelId: 'announcements_channel_id',
  logChannelId: 'log_channel_id',
} as const satisfies Record<keyof SettingsChange, keyof GuildUpdate>;

const guildById = precompiled<Database, { guildId: string }>()((db, p) =>
  db.selectFrom('guilds').selectAll().where('guild_id', '=', p.guildId),
);

export async function findGuild(db: Conn, guildId: string): Promise<GuildSettings | undefined> {
  const row = await guildById.first(db, { guildId });
  return row === undefined ? undefined : toGuildSettings(row);
}

/**
 * The server's row: created with default settings in `language`, or, when it exists, with its
 * departure mark cleared.
 */
export async function upsertGuild(
  db: Conn,
  guildId: string,
  { now, language }: { now: number; language: 'en' | 'it' },
): Promise<GuildSettings> {
  await db
    .insertInto('guilds')
    .values({
      guild_id: guildId,
      language,
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
      oc.column('guild_id').doUpdateSet({ left_at: null }).where('guilds.left_at', 'is not', null),
    )
    .execute();
  return toGuildSettings(
    await db
      .selectFrom('guilds')
      .selectAll()
      .where('guild_id', '=', guildId)
      .executeTakeFirstOrThrow(),
  );
}

/** Applies a change, bumping the settings version: the settings now, or undefined for no row. */
export async function updateGuild(
  db: Conn,
  guildId: string,
  change: SettingsChange,
  now: number,
): Promise<GuildSettings | undefined> {
  const changes: GuildUpdate = {};
  for (const [field, column] of Object.entries(COLUMNS) as [
    keyof SettingsChange,
    (typeof COLUMNS)[keyof SettingsChange],
  ][]) {
    const value = change[field];
    if (value !== undefined) Object.assign(changes, { [column]: value });
  }
  const updated = await db
    .updateTable('guilds')
    .set((eb) => ({
      ...changes,
      updated_at: now,
      settings_version: eb('settings_version', '+', 1),
    }))
    .where('guild_id', '=', guildId)
    .returningAll()
    .executeTakeFirst();
  return updated === undefined ? undefined : toGuildSettings(updated);
}

/** Marks the server departed at `now`, unless it already is. */
export async function markLeft(db: Conn, guildId: string, now: number): Promise<void> {
  await db
    .updateTable('guilds')
    .set({ left_at: now })
    .where('guild_id', '=', guildId)
    .where('left_at', 'is', null)
    .execute();
}

/** Marks every server not in `presentGuildIds` departed at `now`; the ids it marked. */
export async function markLeftExcept(
  db: Conn,
  presentGuildIds: readonly string[],
  now: number,
): Promise<string[]> {
  let query = db.updateTable('guilds').set({ left_at: now }).where('left_at', 'is', null);
  if (presentGuildIds.length > 0) query = query.where('guild_id', 'not in', presentGuildIds);
  const rows = await query.returning('guild_id').execute();
  return rows.map((r) => r.guild_id);
}

/** Deletes the servers that left at or before `leftBy` (their data goes by cascade); their ids. */
export async function deleteGuildsLeftBy(db: Conn, leftBy: number): Promise<string[]> {
  const rows = await db
    .deleteFrom('guilds')
    .where('left_at', 'is not', null)
    .where('left_at', '<=', leftBy)
    .returning('guild_id')
    .execute();
  return rows.map((r) => r.guild_id);
}
