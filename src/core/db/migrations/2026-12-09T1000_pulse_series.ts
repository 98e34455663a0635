import { type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
/**
 * Pulse surveys (issue 16): a survey that repeats.
 * - `survey_series`: one per survey at most (unique `survey_id`): where and how often its rounds
 *   go, the publishing settings, the next round's time in UTC and its number;
 * - `polls.series_round`: the round a poll is of its survey's series (null for a one-off post),
 *   unique per survey, so a round is one poll whatever retries, races or restarts do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('survey_series')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('survey_id', 'integer', (c) =>
      c.notNull().unique().references('surveys.id').onDelete('cascade'),
    )
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('cadence', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('next_round_at', 'bigint')
    .addColumn('next_round', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('survey_series_due')
    .on('survey_series')
    .column('next_round_at')
    .execute();
  await db.schema.alterTable('polls').addColumn('series_round', 'integer').execute();
  await db.schema
    .createIndex('polls_series_round')
    .on('polls')
    .columns(['survey_id', 'series_round'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('polls_series_round').execute();
  await db.schema.alterTable('polls').dropColumn('series_round').execute();
  await db.schema.dropTable('survey_series').execute();
}
