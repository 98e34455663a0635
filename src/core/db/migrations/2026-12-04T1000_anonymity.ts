import { createHash, randomBytes } from 'node:crypto';
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen in time: no imports of today's schema types, and the derivation below is copied here on
// purpose (polls/service.ts has the same one): a migration must keep meaning what it meant.

const DAY_MS = 86_400_000;
const storageKey = (scope: string, voter: string) =>
  createHash('sha256').update(`${scope}:${voter}`).digest('base64url').slice(0, 32);
const textId = () => randomBytes(12).toString('base64url');

interface PollRow {
  id: number;
  anonymous: number;
  status: string;
  created_at: number;
  voters: number;
}

/**
 * Anonymous votes that survive a copy of the database:
 * - vote tables become WITHOUT ROWID, stored in key order, so no rowid and no page order tells
 *   in which order votes came; written answers get random ids instead of a counter;
 * - an anonymous vote keeps no time finer than the poll's day, and each question's answers are
 *   stored under their own key, so two answers of one person cannot be matched up;
 * - each anonymous poll gets its own key (sealed under the master key, destroyed at close), and
 *   what managers see while it is open is a snapshot refreshed in steps (`poll_shown_*`);
 * - ranking picks keep their place (`rank`) and tallies their Borda points; a closed anonymous
 *   poll keeps each ranking ballot whole, under a random id instead of a voter key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [column, type] of [
    ['voter_key', 'text'],
    ['ballots', 'integer'],
    ['shown_ballots', 'integer'],
    ['shown_voters', 'integer'],
  ] as const) {
    await db.schema
      .alterTable('polls')
      .addColumn(column, type, (c) => (type === 'integer' ? c.notNull().defaultTo(0) : c))
      .execute();
  }

  const pollRef = (c: ColumnDefinitionBuilder) =>
    c.notNull().references('polls.id').onDelete('cascade');
  await db.schema
    .createTable('poll_voters_v2')
    .addColumn('poll_id', 'integer', pollRef)
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('voted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_voters_pk', ['poll_id', 'voter'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema
    .createTable('poll_choices_v2')
    .addColumn('poll_id', 'integer', pollRef)
    .addColumn('question', 'integer', (c) => c.notNull())
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('choice', 'integer', (c) => c.notNull())
    .addColumn('rank', 'integer')
    .addPrimaryKeyConstraint('poll_choices_pk', ['poll_id', 'question', 'voter', 'choice'])
    .modifyEnd(sql`without rowid`)
    .execute();
  for (const table of ['poll_tallies_v2', 'poll_shown_tallies'])
    await db.schema
      .createTable(table)
      .addColumn('poll_id', 'integer', pollRef)
      .addColumn('question', 'integer', (c) => c.notNull())
      .addColumn('choice', 'integer', (c) => c.notNull())
      .addColumn('votes', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint(`${table.replace('_v2', '')}_pk`, ['poll_id', 'question', 'choice'])
      .modifyEnd(sql`without rowid`)
      .execute();
  await db.schema
    .createTable('poll_texts_v2')
    .addColumn('poll_id', 'integer', pollRef)
    .addColumn('question', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('voter', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_texts_pk', ['poll_id', 'question', 'id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema
    .createTable('poll_shown_texts')
    .addColumn('poll_id', 'integer', pollRef)
    .addColumn('question', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_shown_texts_pk', ['poll_id', 'question', 'id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  // Ranking ballots as managers see them while an anonymous poll is open: one row per ballot.
  await db.schema
    .createTable('poll_shown_rankings')
    .addColumn('poll_id', 'integer', pollRef)
    .addColumn('question', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('choices', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_shown_rankings_pk', ['poll_id', 'question', 'id'])
    .modifyEnd(sql`without rowid`)
    .execute();

  const polls = (
    await sql<PollRow>`select id, anonymous, status, created_at, voters from polls`.execute(db)
  ).rows;
  for (const poll of polls) {
    const anonymous = poll.anonymous === 1;
    const open = poll.status === 'open';
    const day = Math.floor(Number(poll.created_at) / DAY_MS) * DAY_MS;
    const voters = (
      await sql<{ voter: string; voted_at: number }>`
        select voter, voted_at from poll_voters where poll_id = ${poll.id}`.execute(db)
    ).rows;
    const choices = (
      await sql<{ voter: string; question: number; choice: number; rank: number | null }>`
        select voter, question, choice, rank from poll_choices where poll_id = ${poll.id}`.execute(
        db,
      )
    ).rows;
    const texts = (
      await sql<{ voter: string | null; question: number; text: string; at: number }>`
        select voter, question, text, at from poll_texts where poll_id = ${poll.id}`.execute(db)
    ).rows;
    // A closed anonymous poll needs no voter any more: its votes become unlinkable now.
    const keepVotes = !anonymous || open;
    if (keepVotes) {
      for (const v of voters)
        await sql`insert into poll_voters_v2 (poll_id, voter, voted_at) values (${poll.id}, ${
          anonymous ? storageKey('voter', v.voter) : v.voter
        }, ${anonymous ? day : v.voted_at})`.execute(db);
      for (const c of choices)
        await sql`insert into poll_choices_v2 (poll_id, question, voter, choice, rank) values (${poll.id}, ${c.question}, ${
          anonymous ? storageKey(`q${c.question}`, c.voter) : c.voter
        }, ${c.choice}, ${c.rank})`.execute(db);
    } else {
      // A closed anonymous poll keeps each ranking ballot whole, under a random id of its own.
      const ballots = new Map<string, string>();
      for (const c of choices.filter((c) => c.rank !== null)) {
        const key = `${c.question}:${c.voter}`;
        const id = ballots.get(key) ?? textId();
        ballots.set(key, id);
        await sql`insert into poll_choices_v2 (poll_id, question, voter, choice, rank) values (${poll.id}, ${c.question}, ${id}, ${c.choice}, ${c.rank})`.execute(
          db,
        );
      }
    }
    for (const t of texts) {
      const voter =
        !anonymous || t.voter === null
          ? t.voter
          : open
            ? storageKey(`q${t.question}`, t.voter)
            : null;
      await sql`insert into poll_texts_v2 (poll_id, question, id, voter, text, at) values (${poll.id}, ${t.question}, ${textId()}, ${voter}, ${t.text}, ${anonymous ? day : t.at})`.execute(
        db,
      );
    }
    if (anonymous && open) {
      // What the poll's message shows now is the first snapshot.
      await sql`update polls set ballots = voters, shown_ballots = voters, shown_voters = voters where id = ${poll.id}`.execute(
        db,
      );
      for (const t of texts)
        await sql`insert into poll_shown_texts (poll_id, question, id, text) values (${poll.id}, ${t.question}, ${textId()}, ${t.text})`.execute(
          db,
        );
      const rankings = new Map<string, { question: number; places: [number, number][] }>();
      for (const c of choices.filter((c) => c.rank !== null)) {
        const key = `${c.question}:${c.voter}`;
        const ballot = rankings.get(key) ?? { question: c.question, places: [] };
        ballot.places.push([c.rank!, c.choice]);
        rankings.set(key, ballot);
      }
      for (const ballot of rankings.values())
        await sql`insert into poll_shown_rankings (poll_id, question, id, choices) values (${poll.id}, ${ballot.question}, ${textId()}, ${JSON.stringify(
          ballot.places.sort((x, y) => x[0] - y[0]).map(([, choice]) => choice),
        )})`.execute(db);
    } else {
      await sql`update polls set ballots = voters where id = ${poll.id}`.execute(db);
    }
  }
  await sql`insert into poll_tallies_v2 (poll_id, question, choice, votes, points)
    select poll_id, question, choice, votes, points from poll_tallies`.execute(db);
  await sql`insert into poll_shown_tallies (poll_id, question, choice, votes, points)
    select t.poll_id, t.question, t.choice, t.votes, t.points from poll_tallies t
    join polls p on p.id = t.poll_id where p.anonymous = 1 and p.status = 'open'`.execute(db);
  // Anonymous polls' rendered_at is the last edit after a vote: keep only its day.
  await sql`update polls set rendered_at = (rendered_at / ${DAY_MS}) * ${DAY_MS} where anonymous = 1`.execute(
    db,
  );

  for (const table of ['poll_choices', 'poll_voters', 'poll_tallies', 'poll_texts'])
    await db.schema.dropTable(table).execute();
  for (const table of ['poll_voters', 'poll_choices', 'poll_tallies', 'poll_texts'])
    await db.schema.alterTable(`${table}_v2`).renameTo(table).execute();
  await db.schema
    .createIndex('poll_texts_voter')
    .on('poll_texts')
    .columns(['poll_id', 'voter'])
    .execute();
}

export function down(): Promise<void> {
  // Votes made unlinkable cannot be linked again: there is no way back.
  return Promise.reject(new Error('the anonymity migration cannot be undone'));
}
