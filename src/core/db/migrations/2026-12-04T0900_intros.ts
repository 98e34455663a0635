import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per server that set introductions up. next_round_at is the next round's due time
  // (UTC), computed from the cadence in the server's time zone.
  await db.schema
    .createTable('intro_settings')
    .addColumn('guild_id', 'text', (c) =>
      c.primaryKey().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('cadence', 'text', (c) =>
      c.notNull().check(sql`cadence in ('weekly', 'biweekly', 'monthly')`),
    )
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('minute', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('group_size', 'integer', (c) => c.notNull().check(sql`group_size in (2, 3)`))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('audience_role_id', 'text')
    .addColumn('audience_segment_id', 'integer')
    // JSON: the onboarding questions to match on, each with how (share, complement, mix).
    .addColumn('criteria', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('history_rounds', 'integer', (c) => c.notNull().defaultTo(6))
    .addColumn('next_round_at', 'bigint', (c) => c.notNull())
    // Random, per server: the key of the hashes in intro_exclusions.other_key.
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // A member's choice: in (with an optional pause) or out. Absent: never joined.
  await db.schema
    .createTable('intro_members')
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('in', 'out')`))
    .addColumn('paused_until', 'bigint')
    // Check-ins in a row the member left unanswered; at 3 they are asked instead of paired.
    .addColumn('ignored', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('asked_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('intro_members_pk', ['guild_id', 'user_id'])
    .execute();

  // "Don't match me with X": X is stored as a keyed hash, so nothing about X's own data shows it.
  await db.schema
    .createTable('intro_exclusions')
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('other_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('intro_exclusions_pk', ['guild_id', 'user_id', 'other_key'])
    .execute();

  // A round, once per due time (unique): two ticks, two processes, a restart make one round.
  await db.schema
    .createTable('intro_rounds')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('pool', 'integer', (c) => c.notNull())
    .addColumn('repeats', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('checkin_at', 'bigint', (c) => c.notNull())
    .addColumn('checkin_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('intro_rounds_due', ['guild_id', 'due_at'])
    .addUniqueConstraint('intro_rounds_seq', ['guild_id', 'seq'])
    .execute();

  await db.schema
    .createTable('intro_groups')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('round_id', 'integer', (c) =>
      c.notNull().references('intro_rounds.id').onDelete('cascade'),
    )
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('thread_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intro_groups_round')
    .on('intro_groups')
    .columns(['round_id'])
    .execute();

  // A member is in at most one group per round (unique), whatever interleaving.
  await db.schema
    .createTable('intro_group_members')
    .addColumn('group_id', 'integer', (c) =>
      c.notNull().references('intro_groups.id').onDelete('cascade'),
    )
    .addColumn('round_id', 'integer', (c) =>
      c.notNull().references('intro_rounds.id').onDelete('cascade'),
    )
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('met', 'text', (c) => c.check(sql`met in ('yes', 'not_yet', 'skip')`))
    .addColumn('answered_at', 'bigint')
    .addPrimaryKeyConstraint('intro_group_members_pk', ['group_id', 'user_id'])
    .addUniqueConstraint('intro_group_members_once', ['round_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('intro_group_members_user')
    .on('intro_group_members')
    .columns(['guild_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'intro_group_members',
    'intro_groups',
    'intro_rounds',
    'intro_exclusions',
    'intro_members',
    'intro_settings',
  ])
    await db.schema.dropTable(table).execute();
}
