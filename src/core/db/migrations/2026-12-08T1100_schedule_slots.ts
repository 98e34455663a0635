import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * A server's schedules hold numbered slots, unique per server: the cap on schedules per server
 * was a count and then an insert, which holds on SQLite (its transactions run one at a time) but
 * not on PostgreSQL, where two creates can both count 19 and both insert. A create now takes a
 * free slot below the cap, and the unique (guild_id, slot) lets only one of two creates have
 * it. The slot lives in the schedule's own row, so a removed schedule (or a server deleted with
 * its schedules) frees it with no count to keep in step. Existing schedules number from 0 in the
 * order they were created.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('schedules')
    .addColumn('slot', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`
    UPDATE schedules SET slot = (
      SELECT count(*) FROM schedules AS earlier
      WHERE earlier.guild_id = schedules.guild_id AND earlier.id < schedules.id
    )`.execute(db);
  await db.schema
    .createIndex('schedules_slot')
    .on('schedules')
    .columns(['guild_id', 'slot'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('schedules_slot').execute();
  await db.schema.alterTable('schedules').dropColumn('slot').execute();
}
