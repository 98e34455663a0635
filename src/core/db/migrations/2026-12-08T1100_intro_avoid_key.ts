import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * "Don't match me with" hashes are keyed with Hearth's key (hearth.key or POLL_SECRET), which is
 * not in the database, instead of a random salt stored beside them: with the salt in the same
 * file, hashing the server's member ids showed who avoids whom. The salt goes. Hashes made under
 * it can no longer name anyone, so they go too (introductions were never released: no server
 * has such rows but development copies).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from intro_exclusions`.execute(db);
  await db.schema.alterTable('intro_settings').dropColumn('salt').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from intro_exclusions`.execute(db);
  await db.schema
    .alterTable('intro_settings')
    .addColumn('salt', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
