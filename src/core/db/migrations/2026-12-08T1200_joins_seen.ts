import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * Until when Hearth has seen each server's joins (moved on every minute while it runs): with
 * onboarding off, a member whose join is later than this joined while Hearth was offline, and
 * is admitted at start-up as the join itself would have admitted them. Null: not known yet.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('membership_settings').addColumn('joins_seen_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('membership_settings').dropColumn('joins_seen_at').execute();
}
