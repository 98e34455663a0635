import { sql, type Kysely } from 'kysely';

// Migrations are frozen in time: they never import today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('guilds')
    .addColumn('guild_id', 'text', (c) => c.primaryKey())
    .addColumn('language', 'text', (c) =>
      c
        .notNull()
        .defaultTo('en')
        .check(sql`language in ('en', 'it')`),
    )
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('manager_role_id', 'text')
    .addColumn('member_role_id', 'text')
    .addColumn('welcome_channel_id', 'text')
    .addColumn('announcements_channel_id', 'text')
    .addColumn('log_channel_id', 'text')
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addColumn('left_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('settings_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // The purge job looks only at departed guilds.
  await db.schema
    .createIndex('guilds_left_at')
    .on('guilds')
    .column('left_at')
    .where(sql.ref('left_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('guilds').execute();
}
