/**
 * One notice per problem in the manager log: a problem (a role Hearth cannot grant, a channel it
 * cannot post in) is reported once, and again only after it was seen to be fixed. This is what
 * keeps a broken permission from turning into a message, or a retry, per member.
 */
import type { Transaction } from 'kysely';
import type { Db } from './db/database.js';
import type { Database } from './db/schema.js';

/** True when this call may send the notice for `key`; false when it was already sent. */
export async function claimNotice(
  db: Db | Transaction<Database>,
  guildId: string,
  key: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .insertInto('manager_notices')
    .values({ guild_id: guildId, key, sent_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** The problem behind `key` is fixed (the action worked): report it again if it comes back. */
export async function clearNotice(
  db: Db | Transaction<Database>,
  guildId: string,
  key: string,
): Promise<void> {
  await db
    .deleteFrom('manager_notices')
    .where('guild_id', '=', guildId)
    .where('key', '=', key)
    .execute();
}
