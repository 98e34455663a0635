import { type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  const guildRef = 'guilds.guild_id';
  // Members who left a server, and when: their personal data is erased once the retention window
  // (MEMBER_DATA_RETENTION_DAYS) has passed, unless they come back first.
  await db.schema
    .createTable('member_departures')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('left_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_departures_pk', ['guild_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('member_departures_left_at')
    .on('member_departures')
    .column('left_at')
    .execute();

  // Members who erased their data while staying in the server, so Hearth does not welcome them
  // again as newcomers. `subject` is a keyed hash of the server and the member (the key is not in
  // the database), never the member's id; the row goes when they leave.
  await db.schema
    .createTable('member_erasures')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_erasures_pk', ['guild_id', 'subject'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['member_erasures', 'member_departures'])
    await db.schema.dropTable(table).execute();
}
