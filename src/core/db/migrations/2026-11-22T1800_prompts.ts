import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('prompts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('tag', 'text')
    .addColumn('author_id', 'text')
    .addColumn('credit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('active', 'pending', 'rejected', 'removed')`),
    )
    .addColumn('used_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('prompts_guild_status')
    .on('prompts')
    .columns(['guild_id', 'status'])
    .execute();

  await db.schema
    .createTable('schedules')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('tag', 'text')
    .addColumn('pick', 'text', (c) =>
      c.notNull().check(sql`pick in ('queue', 'least_used', 'random')`),
    )
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('active', 'paused')`))
    .addColumn('paused_reason', 'text')
    // The next occurrence, in UTC: the ticker's only question is "which of these are due?".
    .addColumn('next_run_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('schedules_due')
    .on('schedules')
    .columns(['state', 'next_run_at'])
    .execute();

  await db.schema
    .createTable('occurrences')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('schedule_id', 'integer', (c) =>
      c.notNull().references('schedules.id').onDelete('cascade'),
    )
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('prompt_id', 'integer', (c) => c.references('prompts.id').onDelete('set null'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('claimed', 'posted', 'missed', 'failed', 'empty')`),
    )
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message_id', 'text')
    .addColumn('thread_id', 'text')
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .addColumn('posted_at', 'bigint')
    // One occurrence per schedule and due time: a second claim of the same run cannot exist.
    .addUniqueConstraint('occurrences_once', ['schedule_id', 'due_at'])
    .execute();
  await db.schema.createIndex('occurrences_status').on('occurrences').column('status').execute();
  await db.schema.createIndex('occurrences_thread').on('occurrences').column('thread_id').execute();

  // Prompts a random schedule already used in its current pass through the bank.
  await db.schema
    .createTable('schedule_deck')
    .addColumn('schedule_id', 'integer', (c) =>
      c.notNull().references('schedules.id').onDelete('cascade'),
    )
    .addColumn('prompt_id', 'integer', (c) =>
      c.notNull().references('prompts.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('schedule_deck_pk', ['schedule_id', 'prompt_id'])
    .execute();

  // One row per reply in a prompt's thread: who and when, never the text.
  await db.schema
    .createTable('prompt_replies')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'integer', (c) =>
      c.notNull().references('occurrences.id').onDelete('cascade'),
    )
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('prompt_replies_occurrence')
    .on('prompt_replies')
    .column('occurrence_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['prompt_replies', 'schedule_deck', 'occurrences', 'schedules', 'prompts'])
    await db.schema.dropTable(table).execute();
}
