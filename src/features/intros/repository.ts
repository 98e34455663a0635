/**
 * Introductions' SQL, moving here from the service (issue #10): so far the settings, members'
 * choices and the exclusions a member keeps; rounds, groups and reply pairs still sit in the
 * service. Rows in, rows out; no rules live here. Each function takes the database or the
 * caller's transaction, so the service keeps its check-then-change in one transaction.
 */
import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Database, IntroSettingsTable } from '../../core/db/schema.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

export type SettingsRow = Selectable<Database['intro_settings']>;

// ---------------------------------------------------------------------------------------------
// Settings

export async function settingsRow(db: Conn, guildId: string): Promise<SettingsRow | undefined> {
  return db
    .selectFrom('intro_settings')
    .selectAll()
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
}

export async function upsertSettings(
  db: Conn,
  guildId: string,
  values: Omit<Insertable<IntroSettingsTable>, 'guild_id'>,
): Promise<void> {
  await db
    .insertInto('intro_settings')
    .values({ guild_id: guildId, ...values })
    .onConflict((oc) => oc.column('guild_id').doUpdateSet(values))
    .execute();
}

/** Turns an enabled guild's introductions off; true when it was on. */
export async function disableSettings(db: Conn, guildId: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('intro_settings')
    .set({ enabled: 0, updated_at: now })
    .where('guild_id', '=', guildId)
    .where('enabled', '=', 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------------------------------------
// Members' choices

export async function memberRow(db: Conn, guildId: string, userId: string) {
  return db
    .selectFrom('intro_members')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Which of these members are opted in (paused or not); `userIds` is not empty. */
export async function optedInOf(
  db: Conn,
  guildId: string,
  userIds: readonly string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('intro_members')
    .select('user_id')
    .where('guild_id', '=', guildId)
    .where('user_id', 'in', userIds)
    .where('status', '=', 'in')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function upsertMemberRow(
  db: Conn,
  guildId: string,
  userId: string,
  set: {
    status: 'in' | 'out';
    paused_until: number | null;
    ignored: number;
    asked_at: null;
    outside_at: null;
    updated_at: number;
  },
): Promise<void> {
  await db
    .insertInto('intro_members')
    .values({ guild_id: guildId, user_id: userId, ...set })
    .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doUpdateSet(set))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Exclusions (whom a member asked not to be put with)

export async function exclusionCount(db: Conn, guildId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('intro_exclusions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Adds an exclusion; false when it was already there. */
export async function insertExclusion(
  db: Conn,
  guildId: string,
  userId: string,
  otherKey: string,
  now: number,
): Promise<boolean> {
  const inserted = await db
    .insertInto('intro_exclusions')
    .values({ guild_id: guildId, user_id: userId, other_key: otherKey, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 0;
}

/** Removes an exclusion; true when there was one. */
export async function deleteExclusion(
  db: Conn,
  guildId: string,
  userId: string,
  otherKey: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('intro_exclusions')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('other_key', '=', otherKey)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
