import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  // What was last deployed as slash commands, per scope ('global' or a server id): a hash of the
  // definitions, so a start deploys only when they changed.
  await db.schema
    .createTable('command_deploys')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('deployed_at', 'bigint', (c) => c.notNull())
    .execute();
}
