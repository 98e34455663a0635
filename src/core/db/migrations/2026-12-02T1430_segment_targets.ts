import { type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A poll whose audience is a segment: only its members may vote, and participation is
  // measured against it. Null for polls open to everyone or to roles (`audience`).
  await db.schema.alterTable('polls').addColumn('segment_id', 'integer').execute();
  // A prompt schedule aimed at a segment (its channel checked to be one the segment can see),
  // and a role each post mentions; both null for schedules aimed at everyone.
  await db.schema.alterTable('schedules').addColumn('segment_id', 'integer').execute();
  await db.schema.alterTable('schedules').addColumn('mention_role_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('schedules').dropColumn('mention_role_id').execute();
  await db.schema.alterTable('schedules').dropColumn('segment_id').execute();
  await db.schema.alterTable('polls').dropColumn('segment_id').execute();
}
