/**
 * Polls' part of the data map: the votes and written answers a member gave by name. Anonymous
 * votes are not in it: they are stored under a keyed hash of the member and the poll, which no
 * query on the database can turn back into a member, so no export can find them and an erase
 * leaves them counting, as the member was promised when they voted.
 */
import type { Db } from '../../core/db/database.js';
import type { MemberData, Row } from '../../core/member-data.js';
import { parseQuestions } from './questions.js';
import { choiceLabel, rankPoints } from './service.js';
import './messages.js';

const viaPoll = { column: 'poll_id', parent: 'polls', parentKey: 'id' } as const;

/** The poll's title and the question's (and choice's) words, beside the stored numbers. */
async function withPoll(db: Db, guildId: string, rows: Row[]): Promise<Row[]> {
  const polls = await db
    .selectFrom('polls')
    .select(['id', 'title', 'questions'])
    .where('guild_id', '=', guildId)
    .where('id', 'in', [...new Set(rows.map((r) => Number(r.poll_id)))].concat([-1]))
    .execute();
  const byId = new Map(
    polls.map((p) => [p.id, { title: p.title, questions: parseQuestions(p.questions) }]),
  );
  return rows.map((row) => {
    const poll = byId.get(Number(row.poll_id));
    if (poll === undefined) return row;
    const question = typeof row.question === 'number' ? poll.questions[row.question] : undefined;
    return {
      ...row,
      poll: poll.title,
      ...(question === undefined ? {} : { question_label: question.label }),
      ...(question !== undefined && typeof row.choice === 'number'
        ? { choice_label: choiceLabel(question, row.choice) }
        : {}),
    };
  });
}

export const pollsMemberData: MemberData = {
  columns: [
    {
      table: 'poll_voters',
      column: 'voter',
      via: viaPoll,
      erase: 'delete',
      label: 'polls.data.votes',
      enrich: (db, { guildId }, rows) => withPoll(db, guildId, rows),
    },
    {
      table: 'poll_choices',
      column: 'voter',
      via: viaPoll,
      erase: 'delete',
      label: 'polls.data.choices',
      enrich: (db, { guildId }, rows) => withPoll(db, guildId, rows),
    },
    {
      table: 'poll_texts',
      column: 'voter',
      via: viaPoll,
      erase: 'delete',
      // A written answer can say who wrote it: it goes, rather than stay without a name.
      label: 'polls.data.texts',
      enrich: (db, { guildId }, rows) => withPoll(db, guildId, rows),
    },
    {
      // Pages saved of a named survey not finished yet. An anonymous survey's drafts are under a
      // hash of the voter key and sealed: no query by member finds them (see service.ts).
      table: 'poll_drafts',
      column: 'voter',
      via: viaPoll,
      erase: 'delete',
      label: 'polls.data.drafts',
      enrich: (db, { guildId }, rows) => withPoll(db, guildId, rows),
    },
  ],
  /**
   * In a poll still open, a named vote is withdrawn (its counts go down), so a member who votes
   * again after erasing is counted once. In a closed poll the results stay as they were
   * announced: the counters keep the vote, without the name.
   */
  async erase({ trx, guildId, userId }) {
    const open = await trx
      .selectFrom('poll_voters as v')
      .innerJoin('polls as p', 'p.id', 'v.poll_id')
      .select('p.id')
      .where('p.guild_id', '=', guildId)
      .where('p.status', '=', 'open')
      .where('p.anonymous', '=', 0)
      .where('v.voter', '=', userId)
      .execute();
    for (const { id } of open) {
      const { questions } = await trx
        .selectFrom('polls')
        .select('questions')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const asked = parseQuestions(questions);
      const picks = await trx
        .selectFrom('poll_choices')
        .select(['question', 'choice', 'rank'])
        .where('poll_id', '=', id)
        .where('voter', '=', userId)
        .execute();
      for (const pick of picks) {
        // A ranked pick also gave its option Borda points: they go with the vote.
        const points = rankPoints(asked[pick.question], pick.rank);
        await trx
          .updateTable('poll_tallies')
          .set((eb) => ({ votes: eb('votes', '-', 1), points: eb('points', '-', points) }))
          .where('poll_id', '=', id)
          .where('question', '=', pick.question)
          .where('choice', '=', pick.choice)
          .execute();
      }
      await trx
        .updateTable('polls')
        .set((eb) => ({ voters: eb('voters', '-', 1), dirty: 1 }))
        .where('id', '=', id)
        .execute();
    }
  },
};
