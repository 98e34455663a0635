/**
 * Privacy's SQL, all of it: departures (when a member left, which starts the retention window)
 * and whether a server keeps any erasure fingerprints. No rules live here (when a departure is
 * due, what is erased are the service's and the data map's); each function takes the database or
 * the caller's transaction. Lists of members are written in batches of 500, under every
 * database's limit on bound parameters.
 */
import type { Transaction } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

const BATCH = 500;

function* batches<T>(items: readonly T[]): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

/** Records that the members left at `at`; a departure already recorded keeps its first time. */
export async function insertDepartures(
  db: Conn,
  guildId: string,
  userIds: readonly string[],
  at: number,
): Promise<void> {
  for (const batch of batches(userIds))
    await db
      .insertInto('member_departures')
      .values(batch.map((userId) => ({ guild_id: guildId, user_id: userId, left_at: at })))
      .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doNothing())
      .execute();
}

export async function deleteDepartures(
  db: Conn,
  guildId: string,
  userIds: readonly string[],
): Promise<void> {
  for (const batch of batches(userIds))
    await db
      .deleteFrom('member_departures')
      .where('guild_id', '=', guildId)
      .where('user_id', 'in', batch)
      .execute();
}

/** Departures at or before `leftBy`, oldest first, `limit` at most. */
export async function departuresBy(
  db: Conn,
  leftBy: number,
  limit: number,
): Promise<{ guildId: string; userId: string }[]> {
  const rows = await db
    .selectFrom('member_departures')
    .select(['guild_id', 'user_id'])
    .where('left_at', '<=', leftBy)
    .orderBy('left_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ guildId: r.guild_id, userId: r.user_id }));
}

/** Whether the server keeps any erasure fingerprint (a removal that must outlive an erase). */
export async function hasErasures(db: Conn, guildId: string): Promise<boolean> {
  const rows = await db
    .selectFrom('member_erasures')
    .select('subject')
    .where('guild_id', '=', guildId)
    .limit(1)
    .execute();
  return rows.length > 0;
}
