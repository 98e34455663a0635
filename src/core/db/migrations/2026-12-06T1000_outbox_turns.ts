import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * The outbox's round-robin cursor: for each server, the turn at which the worker last claimed one
 * of its rows. Claims serve the servers waiting longest first, so a server whose row was just
 * carried out goes to the back of the line instead of ahead of servers not served yet.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_turns')
    .addColumn('guild_id', 'text', (c) =>
      c.primaryKey().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('turn', 'bigint', (c) => c.notNull())
    .execute();
  // The next turn is the highest one plus one: read from this index, not a scan.
  await db.schema.createIndex('outbox_turns_turn').on('outbox_turns').column('turn').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox_turns').execute();
}
