import { type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A poll whose audience is a segment: only its members may vote, and participation is
  // measured against it. Null for polls open to everyone or to roles (`audience`).
  await db.schema.alterTable('polls').addColumn('segment_id', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('polls').dropColumn('segment_id').execute();
}
