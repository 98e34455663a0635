import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * Introductions re-check who may take part at every round: a member who opted in and is no
 * longer in the audience (lost the role, left the segment) is not matched, and told once; this
 * is when they were told, cleared when they are back in the audience.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('intro_members').addColumn('outside_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('intro_members').dropColumn('outside_at').execute();
}
