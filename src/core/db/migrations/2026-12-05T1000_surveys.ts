import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
/**
 * Surveys (issue 16): a survey is a poll with many questions answered in pages.
 * - `polls.branches`: JSON of skip rules ("if Q2 is No, skip to Q5"), `[]` for every older poll;
 * - `polls.survey_id`: the survey (and pulse series) a poll is a round of, null for plain polls;
 * - `polls.edited`: 1 once a manager fixed its wording after the first answer (shown as edited);
 * - `poll_drafts`: the pages a member has saved of a survey they have not finished, one row per
 *   member and poll, WITHOUT ROWID and with no time, so no order or time tells who answered when;
 *   in an anonymous poll `voter` is a hash of the voter key and `answers` is sealed under a key
 *   only that voter key gives, so a copy of the database reads nothing in it;
 * - `surveys`: what a manager builds (a draft survey) and how often it repeats.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('polls')
    .addColumn('branches', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('polls').addColumn('survey_id', 'integer').execute();
  await db.schema
    .alterTable('polls')
    .addColumn('edited', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('poll_drafts')
    .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_drafts_pk', ['poll_id', 'voter'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema
    .createTable('surveys')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('branches', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('next_question', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('surveys_guild').on('surveys').column('guild_id').execute();
  await db.schema.createIndex('polls_survey').on('polls').column('survey_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('polls_survey').execute();
  await db.schema.dropTable('surveys').execute();
  await db.schema.dropTable('poll_drafts').execute();
  await db.schema.alterTable('polls').dropColumn('edited').execute();
  await db.schema.alterTable('polls').dropColumn('survey_id').execute();
  await db.schema.alterTable('polls').dropColumn('branches').execute();
}
