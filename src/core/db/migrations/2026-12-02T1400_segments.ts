import { type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  const guildRef = 'guilds.guild_id';
  // Who is in the server now, with their roles and join time, kept from the gateway (never from
  // user input): the population a segment is chosen from. A member who leaves keeps a row with
  // `left_at`, so a return is a change, not a new stranger.
  await db.schema
    .createTable('member_roster')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addColumn('left_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_roster_pk', ['guild_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('member_roles')
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_roles_pk', ['guild_id', 'user_id', 'role_id'])
    .execute();
  // A segment rule on a role reads who holds it.
  await db.schema
    .createIndex('member_roles_role')
    .on('member_roles')
    .columns(['guild_id', 'role_id', 'user_id'])
    .execute();

  // A named segment: its rules (JSON of a versioned `SegmentRules`), and its cached membership
  // count with the inputs it was computed from, so a read knows whether the cache is current.
  await db.schema
    .createTable('segments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON array of problems found in the rules (a removed question or choice): shown, never hidden.
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('inputs', 'text')
    .addColumn('computed_at', 'bigint')
    // A Discord role kept in step with the segment (later); null when none.
    .addColumn('role_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('segments_guild_name', ['guild_id', 'name'])
    .execute();

  await db.schema
    .createTable('segment_members')
    .addColumn('segment_id', 'integer', (c) =>
      c.notNull().references('segments.id').onDelete('cascade'),
    )
    .addColumn('guild_id', 'text', (c) => c.notNull().references(guildRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_members_pk', ['segment_id', 'user_id'])
    .execute();

  // A segment rule on a choice reads who picked it; the table's key starts with the member.
  await db.schema
    .createIndex('answer_choices_choice')
    .on('answer_choices')
    .columns(['guild_id', 'question_id', 'choice_key', 'user_id'])
    .execute();

  // Segment rules look up one member's prompt replies; the table had no index by member.
  await db.schema
    .createIndex('prompt_replies_member')
    .on('prompt_replies')
    .columns(['guild_id', 'user_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('prompt_replies_member').execute();
  await db.schema.dropIndex('answer_choices_choice').execute();
  for (const table of ['segment_members', 'segments', 'member_roles', 'member_roster'])
    await db.schema.dropTable(table).execute();
}
