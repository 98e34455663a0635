import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * Options members suggest for a poll created with "options may be added" (issue 16). Each waits
 * for a manager (`pending`), who approves it (the option is added through the poll's edit) or
 * rejects it. Who suggested is a keyed fingerprint (`suggester_key`, never the member's id), so
 * an anonymous poll's suggestions name nobody. Two unique indexes hold the promises: one pending
 * suggestion per member per poll, and one pending suggestion per option text per question.
 * A poll's suggestions go when it closes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('poll_suggestions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('question', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('label_key', 'text', (c) => c.notNull())
    .addColumn('suggester_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('poll_suggestions_one_pending')
    .on('poll_suggestions')
    .columns(['poll_id', 'suggester_key'])
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('poll_suggestions_pending_label')
    .on('poll_suggestions')
    .columns(['poll_id', 'question', 'label_key'])
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('poll_suggestions_recent')
    .on('poll_suggestions')
    .columns(['poll_id', 'suggester_key', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('poll_suggestions').execute();
}
