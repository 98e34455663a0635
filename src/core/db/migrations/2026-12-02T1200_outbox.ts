import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Everything Hearth must tell Discord on its own: one row per intended effect, written in the
  // transaction of the decision that needs it, carried out by the outbox worker after commit.
  await db.schema
    .createTable('outbox')
    // No AUTOINCREMENT: the rowid is enough, and its bookkeeping costs every insert.
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    // One row per intended effect: a second request for the same effect finds this one.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    // The channel the effect posts in, for per-channel pacing; null when it posts in none.
    .addColumn('channel_id', 'text')
    // The member it is about (a DM, a role grant), if any: erasing the member deletes the row.
    .addColumn('subject_id', 'text')
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('pending', 'done', 'failed', 'dropped')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('first_attempt_at', 'bigint')
    // A lease, not a lock: a crashed worker's rows are taken over by the next process.
    .addColumn('claimed_by', 'text')
    .addColumn('lease_until', 'bigint')
    // What an earlier attempt already achieved (a message id before its thread), kind-private JSON.
    .addColumn('progress', 'text')
    // Why the last attempt failed, as a short code ("discord:50013", "http:500"), never member text.
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['next_attempt_at', 'guild_id'])
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  // Partial indexes: a new row (pending, no error, not finished) enters only the first one.
  await db.schema
    .createIndex('outbox_failing')
    .on('outbox')
    .column('guild_id')
    .where(sql.ref('last_error'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('outbox_subject')
    .on('outbox')
    .columns(['guild_id', 'subject_id'])
    .where(sql.ref('subject_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('outbox_finished')
    .on('outbox')
    .column('finished_at')
    .where(sql.ref('finished_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
}
