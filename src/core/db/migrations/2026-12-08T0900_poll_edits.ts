import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.
/**
 * Editing a published poll or survey (issue 16):
 * - `polls.version`: bumped by every edit; a vote is taken only against the version its form (or
 *   button) was rendered from, so no response mixes two versions of a poll;
 * - `polls.options_open`: 1 when the manager allowed options to be added after the first answers;
 * - `poll_edits`: one row per edit (who, when, the version it made, the wording before and after).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('polls')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('polls')
    .addColumn('options_open', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('poll_edits')
    .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('edited_by', 'text')
    .addColumn('edited_at', 'bigint', (c) => c.notNull())
    .addColumn('after_answers', 'integer', (c) => c.notNull())
    .addColumn('old_text', 'text', (c) => c.notNull())
    .addColumn('new_text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_edits_pk', ['poll_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('poll_edits').execute();
  await db.schema.alterTable('polls').dropColumn('options_open').execute();
  await db.schema.alterTable('polls').dropColumn('version').execute();
}
