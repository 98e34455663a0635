import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  const guildRef = 'guilds.guild_id';
  await db.schema
    .createTable('questionnaires')
    .addColumn('guild_id', 'text', (c) => c.primaryKey().references(guildRef).onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('admission_mode', 'text', (c) =>
      c
        .notNull()
        .defaultTo('auto')
        .check(sql`admission_mode in ('auto', 'approval')`),
    )
    .addColumn('enabled_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('current_revision', 'integer', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('questions_guild_position')
    .on('questions')
    .columns(['guild_id', 'position'])
    .execute();

  // A question's definition never changes once answered against: edits add a revision.
  await db.schema
    .createTable('question_revisions')
    .addColumn('question_id', 'integer', (c) =>
      c.notNull().references('questions.id').onDelete('cascade'),
    )
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('question_revisions_pk', ['question_id', 'revision'])
    .execute();

  await db.schema
    .createTable('choice_roles')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('question_id', 'integer', (c) =>
      c.notNull().references('questions.id').onDelete('cascade'),
    )
    .addColumn('choice_key', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('choice_roles_pk', ['question_id', 'choice_key', 'role_id'])
    .execute();
  await db.schema.createIndex('choice_roles_guild').on('choice_roles').column('guild_id').execute();

  await db.schema
    .createTable('onboarding_members')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('screening', 'welcomed', 'in_progress', 'pending_approval', 'completed', 'rejected')`,
        ),
    )
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addColumn('left_at', 'bigint')
    .addColumn('welcomed_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'text')
    .addPrimaryKeyConstraint('onboarding_members_pk', ['guild_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('answers')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'integer', (c) =>
      c.notNull().references('questions.id').onDelete('cascade'),
    )
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('answers_pk', ['guild_id', 'user_id', 'question_id'])
    .addForeignKeyConstraint(
      'answers_member_fk',
      ['guild_id', 'user_id'],
      'onboarding_members',
      ['guild_id', 'user_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  // The choices an answer picked, one row each, so roles follow answers through a plain join.
  await db.schema
    .createTable('answer_choices')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'integer', (c) => c.notNull())
    .addColumn('choice_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('answer_choices_pk', [
      'guild_id',
      'user_id',
      'question_id',
      'choice_key',
    ])
    .addForeignKeyConstraint(
      'answer_choices_answer_fk',
      ['guild_id', 'user_id', 'question_id'],
      'answers',
      ['guild_id', 'user_id', 'question_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  // What a member typed on a page that did not validate, so reopening the page loses nothing.
  await db.schema
    .createTable('answer_drafts')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'integer', (c) =>
      c.notNull().references('questions.id').onDelete('cascade'),
    )
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('answer_drafts_pk', ['guild_id', 'user_id', 'question_id'])
    .addForeignKeyConstraint(
      'answer_drafts_member_fk',
      ['guild_id', 'user_id'],
      'onboarding_members',
      ['guild_id', 'user_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  // One notice per problem to the manager log until the problem is seen to be fixed.
  await db.schema
    .createTable('manager_notices')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('manager_notices_pk', ['guild_id', 'key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'manager_notices',
    'answer_drafts',
    'answer_choices',
    'answers',
    'onboarding_members',
    'choice_roles',
    'question_revisions',
    'questions',
    'questionnaires',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
