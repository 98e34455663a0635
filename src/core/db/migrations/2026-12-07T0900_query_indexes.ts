import type { Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types.

/**
 * Indexes for queries that read more of a table than they need (found when the SQL moved into
 * the features' repositories). Each is plain CREATE INDEX, the same on SQLite and PostgreSQL;
 * test/unit/indexes.test.ts checks with EXPLAIN QUERY PLAN that each query uses its index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A server's polls: `/poll list` and its autocomplete (newest id first: the id is in the index,
  // so no sort, on PostgreSQL too), and the data map's `poll_id IN (SELECT id FROM polls WHERE
  // guild_id = ?)` for votes, picks, written answers and drafts (show, export, erase). Both read
  // every poll of every server.
  await db.schema.createIndex('polls_guild').on('polls').columns(['guild_id', 'id']).execute();
  // The server's open polls, counted at every `/poll create` against the cap: without it SQLite
  // picks an index by status alone (every server's open polls).
  await db.schema
    .createIndex('polls_guild_status')
    .on('polls')
    .columns(['guild_id', 'status'])
    .execute();
  // The renderer's tick, every few seconds: posted polls whose counts changed (dirty = 1).
  await db.schema.createIndex('polls_dirty').on('polls').columns(['dirty']).execute();
  // The reminders job: open polls not reminded yet whose reminder time has come (polls_open is
  // (status, closes_at), so it narrowed this query to the open polls only).
  await db.schema
    .createIndex('polls_remind')
    .on('polls')
    .columns(['status', 'reminded', 'remind_at'])
    .execute();
  // A server's question revisions (the choice spans segments, suggestions and introductions read,
  // the data map's wording of answers): the key is (question_id, revision), no way in by server.
  await db.schema
    .createIndex('question_revisions_guild')
    .on('question_revisions')
    .columns(['guild_id', 'question_id', 'revision'])
    .execute();
  // Every member's answer to one question (what introductions compare, question by question):
  // the key (guild_id, user_id, question_id) found the server's answers, then read them all.
  await db.schema
    .createIndex('answers_question')
    .on('answers')
    .columns(['guild_id', 'question_id'])
    .execute();
  // The ended-events job: open events whose end has come (events_open is (status, starts_at)).
  await db.schema
    .createIndex('events_ending')
    .on('events')
    .columns(['status', 'ends_at'])
    .execute();
  // The server's open events, counted at every `/event create` against the cap: beside
  // events_ending, SQLite would take an index by status alone (every server's open events)
  // instead of events_guild (the server's events); this one has both.
  await db.schema
    .createIndex('events_guild_status')
    .on('events')
    .columns(['guild_id', 'status'])
    .execute();
  // A member's ratings in a server, for `/privacy show`, export and erase: the key is
  // (event_id, user_id), so the data map read every rating.
  await db.schema
    .createIndex('event_feedback_member')
    .on('event_feedback')
    .columns(['guild_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'event_feedback_member',
    'events_guild_status',
    'events_ending',
    'answers_question',
    'question_revisions_guild',
    'polls_remind',
    'polls_dirty',
    'polls_guild_status',
    'polls_guild',
  ])
    await db.schema.dropIndex(name).execute();
}
