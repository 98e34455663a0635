import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * The first reply between two members who both take part in introductions (they agreed to be
 * matched): who (the two ids, the lower first) and the day, never the message or its text. It
 * tells `/insights intros` whether a matched pair went on to talk to each other, and whether they
 * had before. One row per pair (unique), kept six months.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intro_reply_pairs')
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('user_low', 'text', (c) => c.notNull())
    .addColumn('user_high', 'text', (c) => c.notNull())
    // The day of the first reply (UTC midnight, in ms): days are all the figure reads.
    .addColumn('first_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('intro_reply_pairs_pk', ['guild_id', 'user_low', 'user_high'])
    .execute();
  // The erase and the export find a member's rows by either column.
  await db.schema
    .createIndex('intro_reply_pairs_high')
    .on('intro_reply_pairs')
    .columns(['guild_id', 'user_high'])
    .execute();
  await db.schema
    .createIndex('intro_reply_pairs_first')
    .on('intro_reply_pairs')
    .column('first_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('intro_reply_pairs').execute();
}
