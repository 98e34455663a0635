import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('membership_settings')
    .addColumn('guild_id', 'text', (c) =>
      c.primaryKey().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('cap', 'integer', (c) => c.check(sql`cap is null or cap >= 1`))
    .addColumn('reserved', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`reserved >= 0`),
    )
    .addColumn('confirm_hours', 'integer', (c) =>
      c.check(sql`confirm_hours is null or confirm_hours >= 1`),
    )
    .addColumn('skip_policy', 'text', (c) =>
      c
        .notNull()
        .defaultTo('keep')
        .check(sql`skip_policy in ('keep', 'drop')`),
    )
    .addColumn('next_ticket', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // One row per seat that exists. A member holds a seat through a foreign key, and no two members
  // share one (unique), so the database itself refuses more admitted members than seats.
  await db.schema
    .createTable('seats')
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('seat', 'integer', (c) => c.notNull().check(sql`seat >= 1`))
    // A seat above a lowered cap: kept while occupied, deleted when it frees up.
    .addColumn('retiring', 'integer', (c) => c.notNull().defaultTo(0))
    // When it last became free; a seat is offered at most once to each person after that.
    .addColumn('vacated_at', 'bigint')
    .addPrimaryKeyConstraint('seats_pk', ['guild_id', 'seat'])
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(sql`state in ('admitted', 'invited', 'waiting', 'removed', 'left', 'dropped')`),
    )
    .addColumn('seat', 'integer')
    .addColumn('ticket', 'integer')
    .addColumn('waiting_since', 'bigint')
    .addColumn('admitted_at', 'bigint')
    .addColumn('invite_expires_at', 'bigint')
    .addColumn('last_expired_at', 'bigint')
    // Whether Discord is known to match `state` (role granted for admitted, removed otherwise).
    .addColumn('role_synced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['guild_id', 'user_id'])
    .addUniqueConstraint('memberships_seat_unique', ['guild_id', 'seat'])
    .addUniqueConstraint('memberships_ticket_unique', ['guild_id', 'ticket'])
    .addForeignKeyConstraint('memberships_seat_fk', ['guild_id', 'seat'], 'seats', [
      'guild_id',
      'seat',
    ])
    .addCheckConstraint(
      'memberships_seat_state',
      sql`(state in ('admitted', 'invited')) = (seat is not null)`,
    )
    // Waiting members have a ticket; an invited member keeps theirs until they confirm, so they
    // can keep their place if the offer expires.
    .addCheckConstraint(
      'memberships_ticket_state',
      sql`(state <> 'waiting' or ticket is not null) and (state in ('waiting', 'invited') or ticket is null)`,
    )
    .addCheckConstraint(
      'memberships_invite_state',
      sql`(state = 'invited') = (invite_expires_at is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('memberships_invites')
    .on('memberships')
    .columns(['state', 'invite_expires_at'])
    .execute();

  // Last message time per member, for "inactive for N weeks"; updated at most hourly.
  await db.schema
    .createTable('member_activity')
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('last_message_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_activity_pk', ['guild_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['member_activity', 'memberships', 'seats', 'membership_settings'])
    await db.schema.dropTable(table).execute();
}
