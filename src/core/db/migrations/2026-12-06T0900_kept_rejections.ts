import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * A manager's rejection whose cooldown outlives the rejected member's erase: kept under a keyed
 * fingerprint (never the id; the key is not in the database) with the decision's hour, checked
 * when they come back, and deleted once the cooldown is over.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('kept_rejections')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // The decision's time rounded up to the hour: the cooldown counts from it, never shorter.
    .addColumn('rejected_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('kept_rejections_pk', ['guild_id', 'subject'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('kept_rejections').execute();
}
