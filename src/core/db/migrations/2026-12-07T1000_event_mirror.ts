import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * Events mirrored as Discord scheduled events, and the calendar file's revision:
 * - `scheduled_event_id`: the scheduled event Hearth made for the event (null until it exists);
 * - `voice_channel_id` and `voice_entity_type`: a voice (2) or stage (1) channel the event is in,
 *   which Discord lists as the event's place; null for a place or a link;
 * - `sequence`: bumped by every edit and the cancellation (the .ics SEQUENCE, and how a mirror
 *   being made sees that the event changed meanwhile);
 * - `event_mirror_pauses`: a server where Discord refused Hearth the scheduled events (Create
 *   Events missing): nothing is mirrored there until a manager's event command finds it fixed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').addColumn('scheduled_event_id', 'text').execute();
  await db.schema.alterTable('events').addColumn('voice_channel_id', 'text').execute();
  await db.schema.alterTable('events').addColumn('voice_entity_type', 'integer').execute();
  await db.schema
    .alterTable('events')
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('event_mirror_pauses')
    .addColumn('guild_id', 'text', (c) =>
      c.primaryKey().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('paused_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('event_mirror_pauses').execute();
  for (const column of ['sequence', 'voice_entity_type', 'voice_channel_id', 'scheduled_event_id'])
    await db.schema.alterTable('events').dropColumn(column).execute();
}
