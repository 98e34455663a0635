import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
// Ranking polls: each ranked option's place on the ballot, and Borda points beside the counters.
// Both columns are additive with defaults: existing votes and tallies stay exactly as they are.
export async function up(db: Kysely<unknown>): Promise<void> {
  // 1 for a first place, 2 for the next, …; null for every other kind of answer.
  await db.schema.alterTable('poll_choices').addColumn('rank', 'integer').execute();
  // For a ranking, the sum of the Borda points an option earned (positions - place + 1 each).
  await db.schema
    .alterTable('poll_tallies')
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('poll_tallies').dropColumn('points').execute();
  await db.schema.alterTable('poll_choices').dropColumn('rank').execute();
}
