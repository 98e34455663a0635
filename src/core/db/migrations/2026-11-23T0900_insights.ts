import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  const guildRef = 'guilds.guild_id';
  // One row per message, never its text: kept for the retention window, then folded into
  // member_days and word_days and deleted.
  await db.schema
    .createTable('message_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('staff', 'integer', (c) => c.notNull())
    .addColumn('reply_to', 'text', (c) =>
      c.check(sql`reply_to is null or reply_to in ('member', 'staff', 'bot')`),
    )
    .addColumn('starts_thread', 'integer', (c) => c.notNull().defaultTo(0))
    // Null when Hearth cannot see message content (no MessageContent intent): depth is unknown, not guessed.
    .addColumn('words', 'integer')
    .execute();
  await db.schema
    .createIndex('message_events_guild_day')
    .on('message_events')
    .columns(['guild_id', 'day'])
    .execute();

  await db.schema
    .createTable('member_days')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('staff', 'integer', (c) => c.notNull())
    .addColumn('messages', 'integer', (c) => c.notNull())
    .addColumn('top_level', 'integer', (c) => c.notNull())
    .addColumn('replies_member', 'integer', (c) => c.notNull())
    .addColumn('replies_staff', 'integer', (c) => c.notNull())
    .addColumn('replies_bot', 'integer', (c) => c.notNull())
    .addColumn('threads', 'integer', (c) => c.notNull())
    .addColumn('words', 'integer', (c) => c.notNull())
    .addColumn('counted', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_days_pk', ['guild_id', 'user_id', 'day'])
    .execute();
  await db.schema
    .createIndex('member_days_guild_day')
    .on('member_days')
    .columns(['guild_id', 'day'])
    .execute();

  // How many messages had each word count (capped), per guild and day: an exact median survives folding.
  await db.schema
    .createTable('word_days')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('words', 'integer', (c) => c.notNull())
    .addColumn('messages', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('word_days_pk', ['guild_id', 'day', 'words'])
    .execute();

  await db.schema
    .createTable('member_events')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('join', 'leave')`))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_events_pk', ['guild_id', 'user_id', 'kind', 'at'])
    .execute();

  await db.schema
    .createTable('insight_optouts')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('insight_optouts_pk', ['guild_id', 'user_id'])
    .execute();

  // One weekly digest per guild and week: the unique key makes it post once.
  await db.schema
    .createTable('digests')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('week_of', 'bigint', (c) => c.notNull())
    .addColumn('posted_at', 'bigint')
    .addPrimaryKeyConstraint('digests_pk', ['guild_id', 'week_of'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'digests',
    'insight_optouts',
    'member_events',
    'word_days',
    'member_days',
    'message_events',
  ])
    await db.schema.dropTable(table).execute();
}
