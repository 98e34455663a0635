/**
 * Polls' part of the data map: the votes and written answers a member gave by name. Anonymous
 * votes are not in it: they are stored under a keyed hash of the member and the poll, which no
 * query on the database can turn back into a member, so no export can find them and an erase
 * leaves them counting, as the member was promised when they voted.
 */
import type { Db } from '../../core/db/database.js';
import type { MemberData, Row } from '../../core/member-data.js';
import * as repo from './repository.js';
import { choiceLabel, rankPoints } from './service.js';
import './messages.js';

const viaPoll = { column: 'poll_id', parent: 'polls', parentKey: 'id' } as const;

/** The poll's title and the question's (and choice's) words, beside the stored numbers. */
async function withPoll(db: Db, guildId: string, rows: Row[]): Promise<Row[]> {
  const byId = await repo.pollWordings(db, guildId, [
    ...new Set(rows.map((r) => Number(r.poll_id))),
  ]);
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
    {
      // A manager's edit of a poll: kept when they erase (the community's poll says it was
      // edited), under a random stand-in, its time kept to the day.
      table: 'poll_edits',
      column: 'edited_by',
      via: viaPoll,
      erase: 'pseudonymize',
      linkage: 'row',
      times: ['edited_at'],
      label: 'polls.data.edits',
    },
  ],
  /**
   * In a poll still open, a named vote is withdrawn (its counts go down), so a member who votes
   * again after erasing is counted once. In a closed poll the results stay as they were
   * announced: the counters keep the vote, without the name.
   */
  async erase({ trx, guildId, userId }) {
    for (const id of await repo.openNamedPollsVotedBy(trx, guildId, userId)) {
      const asked = await repo.pollQuestions(trx, id);
      for (const pick of await repo.picksOf(trx, id, userId)) {
        // A ranked pick also gave its option Borda points: they go with the vote.
        const points = rankPoints(asked[pick.question], pick.rank);
        await repo.withdrawPick(trx, {
          pollId: id,
          question: pick.question,
          choice: pick.choice,
          points,
        });
      }
      await repo.uncountVoter(trx, id);
    }
  },
};
