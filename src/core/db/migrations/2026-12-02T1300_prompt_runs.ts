import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Every run is written once and updated once or twice; each index costs every claim. A run's
  // status is found through its outbox row now, and only posted runs have a thread.
  await db.schema.dropIndex('occurrences_status').execute();
  await db.schema.dropIndex('occurrences_thread').execute();
  await db.schema
    .createIndex('occurrences_thread')
    .on('occurrences')
    .column('thread_id')
    .where(sql.ref('thread_id'), 'is not', null)
    .execute();
  // Runs recorded as missed during downtime wait here for their server's one notice.
  await db.schema
    .alterTable('occurrences')
    .addColumn('notified', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('occurrences_unnotified')
    .on('occurrences')
    .column('guild_id')
    .where(sql.ref('notified'), '=', 0)
    .execute();
  // A run a manager asked for with `/schedule now`, counted against the server's hourly limit.
  await db.schema
    .alterTable('occurrences')
    .addColumn('manual', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('occurrences_manual')
    .on('occurrences')
    .columns(['guild_id', 'claimed_at'])
    .where(sql.ref('manual'), '=', 1)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('occurrences_thread').execute();
  await db.schema.createIndex('occurrences_thread').on('occurrences').column('thread_id').execute();
  await db.schema.createIndex('occurrences_status').on('occurrences').column('status').execute();
  await db.schema.dropIndex('occurrences_manual').execute();
  await db.schema.dropIndex('occurrences_unnotified').execute();
  await db.schema.alterTable('occurrences').dropColumn('manual').execute();
  await db.schema.alterTable('occurrences').dropColumn('notified').execute();
}
