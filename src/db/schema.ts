import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Times are integer milliseconds since the Unix epoch (UTC);
 * Discord ids are text (snowflakes exceed JavaScript's safe integers).
 *
 * Every table of community data carries `guild_id`, references `guilds` with ON DELETE CASCADE,
 * and is only ever queried with the guild Discord put in the event.
 */
export interface Database {
  guilds: GuildTable;
}

export interface GuildTable {
  guild_id: string;
  language: 'en' | 'it';
  /** IANA time zone name, validated before it is stored. */
  timezone: string;
  manager_role_id: string | null;
  member_role_id: string | null;
  welcome_channel_id: string | null;
  announcements_channel_id: string | null;
  log_channel_id: string | null;
  joined_at: number;
  /** Set when the bot is removed from the guild; its data is purged after the retention window. */
  left_at: number | null;
  updated_at: number;
  /** Bumped on every settings change; lets tests and audits see that nothing was written. */
  settings_version: Generated<number>;
}

export type GuildRow = Selectable<GuildTable>;
export type NewGuildRow = Insertable<GuildTable>;
export type GuildUpdate = Updateable<GuildTable>;
