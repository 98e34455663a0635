import { type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A role Hearth keeps in step with a segment (`segments.role_id`, already there) is granted to
  // members who join the segment and taken back from those who leave it, but only where Hearth
  // granted it: one row per member Hearth gave the segment's role to, so a member who had the
  // role from someone else keeps it. The id names each grant, so its add and its removal are each
  // enqueued exactly once.
  await db.schema
    .createTable('segment_role_grants')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (c) =>
      c.notNull().references('guilds.guild_id').onDelete('cascade'),
    )
    .addColumn('segment_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('segment_role_grants_member', ['guild_id', 'segment_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('segment_role_grants').execute();
}
