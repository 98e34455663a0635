import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * Recurring events.
 * - `event_series`: a rule (weekly, every N weeks, monthly on the nth weekday) in a time zone;
 *   cancelled when the organiser stops the series.
 * - `events.series_id` and `events.occurrence_at`: the series an event is an occurrence of, and
 *   the start the rule gave it (an edit may move the event, never this). Unique together: the
 *   next occurrence is created once, however many processes try.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('event_series')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema.alterTable('events').addColumn('series_id', 'integer').execute();
  await db.schema.alterTable('events').addColumn('occurrence_at', 'bigint').execute();
  await db.schema
    .createIndex('events_series_occurrence')
    .unique()
    .on('events')
    .columns(['series_id', 'occurrence_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_series_occurrence').execute();
  await db.schema.alterTable('events').dropColumn('occurrence_at').execute();
  await db.schema.alterTable('events').dropColumn('series_id').execute();
  await db.schema.dropTable('event_series').execute();
}
