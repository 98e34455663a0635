import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * One counter of decisions (a join welcomed, a questionnaire completed, a seat given or taken),
 * so each decision names its outbox effects by its own number instead of by the time it was
 * taken: two decisions about one member in the same millisecond are two decisions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_decisions')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox_decisions').execute();
}
