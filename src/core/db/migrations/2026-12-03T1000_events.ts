import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    // Null: no cap. Lowering it removes nobody; it only stops new places being given.
    .addColumn('capacity', 'integer')
    .addColumn('audience_role_id', 'text')
    // A segment (src/features/segments): only its members may answer. A role or a segment, not both.
    .addColumn('audience_segment_id', 'integer')
    .addColumn('rsvp_closes_at', 'bigint', (c) => c.notNull())
    // How long a freed place stays offered to the first person waiting; 0 gives it at once.
    .addColumn('offer_hours', 'integer', (c) => c.notNull().defaultTo(12))
    // JSON array of minutes before the start.
    .addColumn('reminders', 'text', (c) => c.notNull().defaultTo('[1440,60]'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'cancelled', 'ended')`),
    )
    // The next waitlist ticket: tickets only grow, so the waitlist order is the order of arrival.
    .addColumn('next_ticket', 'integer', (c) => c.notNull().defaultTo(1))
    // An edit of the event message is queued (one at a time); render_seq names the next one.
    .addColumn('render_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('render_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('events_open')
    .on('events')
    .columns(['status', 'starts_at'])
    .execute();
  await db.schema.createIndex('events_guild').on('events').columns(['guild_id', 'id']).execute();

  // One row per member and event. A place is a seat number, unique per event: two members can
  // never hold the same place, whatever interleaving of transactions. The checks tie the state
  // to what it holds: going or offered holds a seat, waiting holds a ticket, nothing else does.
  await db.schema
    .createTable('event_rsvps')
    .addColumn('event_id', 'integer', (c) =>
      c.notNull().references('events.id').onDelete('cascade'),
    )
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(sql`status in ('going', 'offered', 'waiting', 'maybe', 'declined', 'expired')`),
    )
    .addColumn('seat', 'integer')
    .addColumn('ticket', 'integer')
    .addColumn('offer_expires_at', 'bigint')
    // Null: not known yet; 1 present; 0 absent (a no-show, counted, never shown publicly).
    .addColumn('attended', 'integer')
    .addColumn('checked_in_at', 'bigint')
    .addColumn('responded_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_rsvps_pk', ['event_id', 'user_id'])
    .addUniqueConstraint('event_rsvps_seat', ['event_id', 'seat'])
    .addUniqueConstraint('event_rsvps_ticket', ['event_id', 'ticket'])
    .addCheckConstraint(
      'event_rsvps_holds',
      sql`(status in ('going', 'offered')) = (seat is not null)
        and (status = 'waiting') = (ticket is not null)
        and (status = 'offered') = (offer_expires_at is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('event_rsvps_member')
    .on('event_rsvps')
    .columns(['guild_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('event_rsvps_offers')
    .on('event_rsvps')
    .columns(['status', 'offer_expires_at'])
    .execute();

  // One row per reminder of an event once it is claimed: claiming it is what makes it once.
  await db.schema
    .createTable('event_reminders')
    .addColumn('event_id', 'integer', (c) =>
      c.notNull().references('events.id').onDelete('cascade'),
    )
    .addColumn('minutes_before', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('sent', 'skipped')`))
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_reminders_pk', ['event_id', 'minutes_before'])
    .execute();

  // A rating (1-5) from someone who attended; one per member and event.
  await db.schema
    .createTable('event_feedback')
    .addColumn('event_id', 'integer', (c) =>
      c.notNull().references('events.id').onDelete('cascade'),
    )
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_feedback_pk', ['event_id', 'user_id'])
    .execute();

  // A member's own choice: no event reminders for them in this server.
  await db.schema
    .createTable('event_member_prefs')
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('reminders', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_member_prefs_pk', ['guild_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'event_member_prefs',
    'event_feedback',
    'event_reminders',
    'event_rsvps',
    'events',
  ])
    await db.schema.dropTable(table).execute();
}
