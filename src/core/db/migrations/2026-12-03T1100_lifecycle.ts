import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A manager's removal outlives the member's stay: set by /seats remove (or the member role taken
  // away by hand), cleared only when a manager lets them back in. `barred_told`: they were told once.
  await db.schema.alterTable('memberships').addColumn('barred_at', 'bigint').execute();
  await db.schema.alterTable('memberships').addColumn('barred_by', 'text').execute();
  await db.schema
    .alterTable('memberships')
    .addColumn('barred_told', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Members removed before this migration were removed by a manager too.
  await sql`update memberships set barred_at = updated_at where state = 'removed'`.execute(db);
  // A rejected member is told once, on their next stay, that the decision still stands.
  await db.schema
    .alterTable('onboarding_members')
    .addColumn('decision_told', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('onboarding_members').dropColumn('decision_told').execute();
  for (const column of ['barred_told', 'barred_by', 'barred_at'])
    await db.schema.alterTable('memberships').dropColumn(column).execute();
}
