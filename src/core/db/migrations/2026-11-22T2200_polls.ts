import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('polls')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull().check(sql`results in ('live', 'hidden')`))
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('closes_at', 'bigint')
    .addColumn('remind_at', 'bigint')
    .addColumn('reminded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('voters', 'integer', (c) => c.notNull().defaultTo(0))
    // Set when votes changed what the poll message shows; the renderer clears it.
    .addColumn('dirty', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rendered_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('polls_open').on('polls').columns(['status', 'closes_at']).execute();

  // One row per voter and poll: a second vote is an update, never a second row. In an anonymous
  // poll the key is a keyed hash (the key is not in the database), never the member's id.
  await db.schema
    .createTable('poll_voters')
    .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('voted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_voters_pk', ['poll_id', 'voter'])
    .execute();

  await db.schema
    .createTable('poll_choices')
    .addColumn('poll_id', 'integer', (c) => c.notNull())
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('question', 'integer', (c) => c.notNull())
    .addColumn('choice', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_choices_pk', ['poll_id', 'voter', 'question', 'choice'])
    .addForeignKeyConstraint(
      'poll_choices_voter_fk',
      ['poll_id', 'voter'],
      'poll_voters',
      ['poll_id', 'voter'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  // Counters kept in the vote's own transaction: results never recount the poll.
  await db.schema
    .createTable('poll_tallies')
    .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('question', 'integer', (c) => c.notNull())
    .addColumn('choice', 'integer', (c) => c.notNull())
    .addColumn('votes', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('poll_tallies_pk', ['poll_id', 'question', 'choice'])
    .execute();

  // Free-text answers. In an anonymous poll they carry no voter at all.
  await db.schema
    .createTable('poll_texts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('question', 'integer', (c) => c.notNull())
    .addColumn('voter', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('poll_texts_voter')
    .on('poll_texts')
    .columns(['poll_id', 'voter'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['poll_texts', 'poll_tallies', 'poll_choices', 'poll_voters', 'polls'])
    await db.schema.dropTable(table).execute();
}
