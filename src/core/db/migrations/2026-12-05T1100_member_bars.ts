import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * A manager's removal that outlives the removed member's erase: kept under a keyed fingerprint
 * (never the id; the key is not in the database), checked when they ask for a seat again, and
 * lifted only by a manager's decision.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('member_bars')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // The day (UTC) of the removal, not its time.
    .addColumn('barred_on', 'integer', (c) => c.notNull())
    .addColumn('told', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('member_bars_pk', ['guild_id', 'subject'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('member_bars').execute();
}
