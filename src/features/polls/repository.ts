/**
 * Polls' SQL, all of it: the polls, their voters, picks, tallies, written answers, the snapshot
 * managers see of an anonymous poll, and survey drafts. Rows in, domain values out: JSON columns
 * are parsed through their zod schemas (never cast). No rules live here (who may vote, when a
 * poll closes, what may be shown are the service's); each function takes the database or the
 * caller's transaction, so the service keeps its check-then-change in one transaction. The hot
 * path (a vote) is precompiled.
 */
import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../core/db/database.js';
import { precompiled } from '../../core/db/precompiled.js';
import type { Database, PollTable } from '../../core/db/schema.js';
import { parseJson } from '../../core/json.js';
import { branchesSchema, type Branch } from './branches.js';
import { parseQuestions, type PollFormQuestion } from './questions.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

export interface Poll {
  readonly id: number;
  readonly guildId: string;
  readonly channelId: string;
  readonly messageId: string | null;
  readonly title: string;
  readonly questions: readonly PollFormQuestion[];
  readonly anonymous: boolean;
  readonly results: 'live' | 'hidden';
  readonly audience: readonly string[];
  /** Only this segment's members may vote (and participation is measured against it). */
  readonly segmentId: number | null;
  readonly status: 'open' | 'closed';
  readonly closesAt: number | null;
  readonly remindAt: number | null;
  readonly voters: number;
  readonly renderedAt: number;
  readonly createdAt: number;
  /** The poll's own voter key, sealed under the master key; null for named and closed polls. */
  readonly sealedKey: string | null;
  /** Votes and changed votes so far. */
  readonly ballots: number;
  /** Anonymous polls: the ballots and voters in what managers see now. */
  readonly shownBallots: number;
  readonly shownVoters: number;
  /** Skip rules (surveys): see branches.ts. */
  readonly branches: readonly Branch[];
  /** The survey this poll is a round of; null for a plain poll. */
  readonly surveyId: number | null;
  /** A manager fixed its wording after the first answer. */
  readonly edited: boolean;
  /** Bumped by every edit: a vote is taken only against the version its form was rendered from. */
  readonly version: number;
  /** Options may be added after the first answers (see edits.ts). */
  readonly optionsOpen: boolean;
  /** The round of its survey's pulse series; null for any other poll. */
  readonly seriesRound: number | null;
}

/** The roles a poll is for (none: everyone). */
const audienceSchema = z.array(z.string().regex(/^\d{1,20}$/));
/** A ranking ballot: choice indexes, first place first. */
const rankingSchema = z.array(z.number().int().nonnegative());

function toPoll(row: Selectable<PollTable>): Poll {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    messageId: row.message_id,
    title: row.title,
    questions: parseQuestions(row.questions),
    anonymous: row.anonymous === 1,
    results: row.results,
    audience: parseJson(audienceSchema, row.audience, 'polls.audience'),
    segmentId: row.segment_id,
    status: row.status,
    closesAt: row.closes_at,
    remindAt: row.remind_at,
    voters: row.voters,
    renderedAt: row.rendered_at,
    createdAt: row.created_at,
    sealedKey: row.voter_key,
    ballots: row.ballots,
    shownBallots: row.shown_ballots,
    shownVoters: row.shown_voters,
    branches: parseJson(branchesSchema, row.branches, 'polls.branches'),
    surveyId: row.survey_id,
    edited: row.edited === 1,
    version: row.version,
    optionsOpen: row.options_open === 1,
    seriesRound: row.series_round,
  };
}

const q = {
  poll: precompiled<Database, { guildId: string; pollId: number }>()((db, p) =>
    db.selectFrom('polls').selectAll().where('guild_id', '=', p.guildId).where('id', '=', p.pollId),
  ),
  voter: precompiled<Database, { pollId: number; voter: string }>()((db, p) =>
    db
      .selectFrom('poll_voters')
      .select('voter')
      .where('poll_id', '=', p.pollId)
      .where('voter', '=', p.voter),
  ),
  addVoter: precompiled<Database, { pollId: number; voter: string; at: number }>()((db, p) =>
    db.insertInto('poll_voters').values({ poll_id: p.pollId, voter: p.voter, voted_at: p.at }),
  ),
  touchVoter: precompiled<Database, { pollId: number; voter: string; at: number }>()((db, p) =>
    db
      .updateTable('poll_voters')
      .set({ voted_at: p.at })
      .where('poll_id', '=', p.pollId)
      .where('voter', '=', p.voter),
  ),
  countVoter: precompiled<Database, { pollId: number }>()((db, p) =>
    db
      .updateTable('polls')
      .set((eb) => ({ voters: eb('voters', '+', 1), ballots: eb('ballots', '+', 1), dirty: 1 }))
      .where('id', '=', p.pollId),
  ),
  countBallot: precompiled<Database, { pollId: number }>()((db, p) =>
    db
      .updateTable('polls')
      .set((eb) => ({ ballots: eb('ballots', '+', 1), dirty: 1 }))
      .where('id', '=', p.pollId),
  ),
  dropChoices: precompiled<Database, { pollId: number; voter: string; question: number }>()(
    (db, p) =>
      db
        .deleteFrom('poll_choices')
        .where('poll_id', '=', p.pollId)
        .where('voter', '=', p.voter)
        .where('question', '=', p.question),
  ),
  addChoice: precompiled<
    Database,
    { pollId: number; voter: string; question: number; choice: number }
  >()((db, p) =>
    db
      .insertInto('poll_choices')
      .values({ poll_id: p.pollId, voter: p.voter, question: p.question, choice: p.choice }),
  ),
  oldRanks: precompiled<Database, { pollId: number; voter: string; question: number }>()((db, p) =>
    db
      .selectFrom('poll_choices')
      .select(['choice', 'rank'])
      .where('poll_id', '=', p.pollId)
      .where('voter', '=', p.voter)
      .where('question', '=', p.question),
  ),
  addRanked: precompiled<
    Database,
    { pollId: number; voter: string; question: number; choice: number; rank: number }
  >()((db, p) =>
    db.insertInto('poll_choices').values({
      poll_id: p.pollId,
      voter: p.voter,
      question: p.question,
      choice: p.choice,
      rank: p.rank,
    }),
  ),
  rankTally: precompiled<
    Database,
    { pollId: number; question: number; choice: number; delta: number; points: number }
  >()((db, p) =>
    db
      .insertInto('poll_tallies')
      .values({
        poll_id: p.pollId,
        question: p.question,
        choice: p.choice,
        votes: p.delta,
        points: p.points,
      })
      .onConflict((oc) =>
        oc.columns(['poll_id', 'question', 'choice']).doUpdateSet((eb) => ({
          votes: eb('poll_tallies.votes', '+', eb.ref('excluded.votes')),
          points: eb('poll_tallies.points', '+', eb.ref('excluded.points')),
        })),
      ),
  ),
  tally: precompiled<
    Database,
    { pollId: number; question: number; choice: number; delta: number }
  >()((db, p) =>
    db
      .insertInto('poll_tallies')
      .values({ poll_id: p.pollId, question: p.question, choice: p.choice, votes: p.delta })
      .onConflict((oc) =>
        oc.columns(['poll_id', 'question', 'choice']).doUpdateSet((eb) => ({
          votes: eb('poll_tallies.votes', '+', eb.ref('excluded.votes')),
        })),
      ),
  ),
  dropText: precompiled<Database, { pollId: number; voter: string; question: number }>()((db, p) =>
    db
      .deleteFrom('poll_texts')
      .where('poll_id', '=', p.pollId)
      .where('voter', '=', p.voter)
      .where('question', '=', p.question),
  ),
};

// ---- polls ----------------------------------------------------------------------------------

export async function findPoll(
  db: Conn,
  guildId: string,
  pollId: number,
): Promise<Poll | undefined> {
  const row = await q.poll.first(db, { guildId, pollId });
  return row === undefined ? undefined : toPoll(row);
}

/** The guild's most recent polls, newest first. */
export async function latestPolls(db: Conn, guildId: string, limit: number): Promise<Poll[]> {
  return (
    await db
      .selectFrom('polls')
      .selectAll()
      .where('guild_id', '=', guildId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
  ).map(toPoll);
}

export async function countOpenPolls(db: Conn, guildId: string): Promise<number> {
  const open = await db
    .selectFrom('polls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(open.n);
}

export interface PollRow {
  readonly guildId: string;
  readonly channelId: string;
  readonly title: string;
  readonly questions: readonly PollFormQuestion[];
  readonly anonymous: boolean;
  readonly results: 'live' | 'hidden';
  readonly audience: readonly string[];
  readonly segmentId: number | null;
  readonly closesAt: number | null;
  readonly remindAt: number | null;
  readonly branches: readonly Branch[];
  readonly surveyId: number | null;
  readonly createdAt: number;
  readonly optionsOpen?: boolean;
  readonly seriesRound?: number | null;
}

/** A new open poll, without its message yet. */
export async function insertPoll(db: Conn, poll: PollRow): Promise<Poll> {
  const row = await db
    .insertInto('polls')
    .values({
      guild_id: poll.guildId,
      channel_id: poll.channelId,
      message_id: null,
      title: poll.title,
      questions: JSON.stringify(poll.questions),
      anonymous: poll.anonymous ? 1 : 0,
      results: poll.results,
      audience: JSON.stringify(poll.audience),
      segment_id: poll.segmentId,
      status: 'open',
      closes_at: poll.closesAt,
      remind_at: poll.remindAt,
      created_at: poll.createdAt,
      closed_at: null,
      voter_key: null,
      branches: JSON.stringify(poll.branches),
      survey_id: poll.surveyId,
      options_open: poll.optionsOpen === true ? 1 : 0,
      series_round: poll.seriesRound ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPoll(row);
}

/** Stores the poll's sealed voter key (null: forget it). */
export async function setPollKey(db: Conn, pollId: number, sealed: string): Promise<Poll> {
  return toPoll(
    await db
      .updateTable('polls')
      .set({ voter_key: sealed })
      .where('id', '=', pollId)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

export async function clearPollKey(db: Conn, pollId: number): Promise<void> {
  await db.updateTable('polls').set({ voter_key: null }).where('id', '=', pollId).execute();
}

export async function setPollMessage(db: Conn, pollId: number, messageId: string): Promise<void> {
  await db.updateTable('polls').set({ message_id: messageId }).where('id', '=', pollId).execute();
}

/** Closes the poll if it is open; what the close needs of it, or undefined if it was not open. */
export async function closeOpenPoll(
  db: Conn,
  guildId: string,
  pollId: number,
  now: number,
): Promise<{ channelId: string; anonymous: boolean } | undefined> {
  const row = await db
    .updateTable('polls')
    .set({ status: 'closed', closed_at: now, dirty: 1 })
    .where('guild_id', '=', guildId)
    .where('id', '=', pollId)
    .where('status', '=', 'open')
    .returning(['channel_id', 'anonymous'])
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { channelId: row.channel_id, anonymous: row.anonymous === 1 };
}

/** Closes the poll if it is open, without results or reminder; the poll as it was, if it was. */
export async function withdrawOpenPoll(
  db: Conn,
  pollId: number,
  now: number,
): Promise<Poll | undefined> {
  const row = await db
    .updateTable('polls')
    .set({ status: 'closed', closed_at: now, remind_at: null })
    .where('id', '=', pollId)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toPoll(row);
}

/** Open polls whose closing time is at or before `now`, in every guild. */
export async function pollsClosingBy(
  db: Conn,
  now: number,
): Promise<{ guildId: string; pollId: number }[]> {
  const rows = await db
    .selectFrom('polls')
    .select(['guild_id', 'id'])
    .where('status', '=', 'open')
    .where('closes_at', '<=', now)
    .execute();
  return rows.map((r) => ({ guildId: r.guild_id, pollId: r.id }));
}

/** Open polls not reminded yet whose reminder time is at or before `now`. */
export async function pollsToRemindBy(db: Conn, now: number): Promise<Poll[]> {
  const rows = await db
    .selectFrom('polls')
    .selectAll()
    .where('status', '=', 'open')
    .where('reminded', '=', 0)
    .where('remind_at', '<=', now)
    .execute();
  return rows.map(toPoll);
}

export async function markReminded(db: Conn, pollId: number): Promise<void> {
  await db.updateTable('polls').set({ reminded: 1 }).where('id', '=', pollId).execute();
}

/** Posted polls whose message shows stale counts. */
export async function dirtyPolls(
  db: Conn,
): Promise<{ guildId: string; pollId: number; renderedAt: number }[]> {
  const rows = await db
    .selectFrom('polls')
    .select(['guild_id', 'id', 'rendered_at'])
    .where('dirty', '=', 1)
    .where('message_id', 'is not', null)
    .execute();
  return rows.map((r) => ({ guildId: r.guild_id, pollId: r.id, renderedAt: r.rendered_at }));
}

export async function markRendered(db: Conn, pollId: number, renderedAt: number): Promise<void> {
  await db
    .updateTable('polls')
    .set({ dirty: 0, rendered_at: renderedAt })
    .where('id', '=', pollId)
    .execute();
}

/** What the results' give-up notice names of a poll. */
export async function pollHeading(
  db: Conn,
  pollId: number,
): Promise<{ id: number; title: string; channelId: string } | undefined> {
  const row = await db
    .selectFrom('polls')
    .select(['id', 'title', 'channel_id'])
    .where('id', '=', pollId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { id: row.id, title: row.title, channelId: row.channel_id };
}

/** Titles and questions of some of a guild's polls, by id. */
export async function pollWordings(
  db: Conn,
  guildId: string,
  pollIds: readonly number[],
): Promise<Map<number, { title: string; questions: readonly PollFormQuestion[] }>> {
  const polls = await db
    .selectFrom('polls')
    .select(['id', 'title', 'questions'])
    .where('guild_id', '=', guildId)
    .where('id', 'in', [...pollIds, -1])
    .execute();
  return new Map(
    polls.map((p) => [p.id, { title: p.title, questions: parseQuestions(p.questions) }]),
  );
}

export async function pollQuestions(
  db: Conn,
  pollId: number,
): Promise<readonly PollFormQuestion[]> {
  const { questions } = await db
    .selectFrom('polls')
    .select('questions')
    .where('id', '=', pollId)
    .executeTakeFirstOrThrow();
  return parseQuestions(questions);
}

// ---- votes ----------------------------------------------------------------------------------

export async function hasVoter(db: Conn, pollId: number, voter: string): Promise<boolean> {
  return (await q.voter.first(db, { pollId, voter })) !== undefined;
}

/** A first vote: the voter row, and the poll counts one more voter and ballot. */
export async function addVoter(db: Conn, pollId: number, voter: string, at: number): Promise<void> {
  await q.addVoter.run(db, { pollId, voter, at });
  await q.countVoter.run(db, { pollId });
}

/** A changed vote: the voter row's time, and the poll counts one more ballot. */
export async function touchVoter(
  db: Conn,
  pollId: number,
  voter: string,
  at: number,
): Promise<void> {
  await q.touchVoter.run(db, { pollId, voter, at });
  await q.countBallot.run(db, { pollId });
}

/** The choices one voter (key) picked for a question. */
export async function choicesOf(
  db: Conn,
  pollId: number,
  voter: string,
  question: number,
): Promise<{ choice: number; rank: number | null }[]> {
  return q.oldRanks.all(db, { pollId, voter, question });
}

export async function dropChoices(
  db: Conn,
  pollId: number,
  voter: string,
  question: number,
): Promise<void> {
  await q.dropChoices.run(db, { pollId, voter, question });
}

export async function addChoice(
  db: Conn,
  pick: { pollId: number; voter: string; question: number; choice: number },
): Promise<void> {
  await q.addChoice.run(db, pick);
}

export async function addRankedChoice(
  db: Conn,
  pick: { pollId: number; voter: string; question: number; choice: number; rank: number },
): Promise<void> {
  await q.addRanked.run(db, pick);
}

/** Adds `delta` votes (and `points` Borda points, if any) to a choice's counter. */
export async function addToTally(
  db: Conn,
  t: { pollId: number; question: number; choice: number; delta: number; points?: number },
): Promise<void> {
  if (t.points === undefined) await q.tally.run(db, { ...t });
  else await q.rankTally.run(db, { ...t, points: t.points });
}

/** A member's vote withdrawn: each pick's counter goes down (with its points), the voter goes. */
export async function withdrawPick(
  db: Conn,
  pick: { pollId: number; question: number; choice: number; points: number },
): Promise<void> {
  await db
    .updateTable('poll_tallies')
    .set((eb) => ({ votes: eb('votes', '-', 1), points: eb('points', '-', pick.points) }))
    .where('poll_id', '=', pick.pollId)
    .where('question', '=', pick.question)
    .where('choice', '=', pick.choice)
    .execute();
}

export async function uncountVoter(db: Conn, pollId: number): Promise<void> {
  await db
    .updateTable('polls')
    .set((eb) => ({ voters: eb('voters', '-', 1), dirty: 1 }))
    .where('id', '=', pollId)
    .execute();
}

/** The open named polls of a guild the member voted in. */
export async function openNamedPollsVotedBy(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('poll_voters as v')
    .innerJoin('polls as p', 'p.id', 'v.poll_id')
    .select('p.id')
    .where('p.guild_id', '=', guildId)
    .where('p.status', '=', 'open')
    .where('p.anonymous', '=', 0)
    .where('v.voter', '=', userId)
    .execute();
  return rows.map((r) => r.id);
}

/** Every pick of a voter in a poll. */
export async function picksOf(
  db: Conn,
  pollId: number,
  voter: string,
): Promise<{ question: number; choice: number; rank: number | null }[]> {
  return db
    .selectFrom('poll_choices')
    .select(['question', 'choice', 'rank'])
    .where('poll_id', '=', pollId)
    .where('voter', '=', voter)
    .execute();
}

/** Every ranked pick of a poll. */
export async function rankedPicks(
  db: Conn,
  pollId: number,
): Promise<{ question: number; voter: string; choice: number; rank: number }[]> {
  const rows = await db
    .selectFrom('poll_choices')
    .select(['question', 'voter', 'choice', 'rank'])
    .where('poll_id', '=', pollId)
    .where('rank', 'is not', null)
    .execute();
  return rows.map((r) => ({ ...r, rank: r.rank ?? 0 }));
}

export async function deleteVotes(db: Conn, pollId: number): Promise<void> {
  await db.deleteFrom('poll_voters').where('poll_id', '=', pollId).execute();
  await db.deleteFrom('poll_choices').where('poll_id', '=', pollId).execute();
}

// ---- written answers ------------------------------------------------------------------------

export async function addText(
  db: Conn,
  t: {
    pollId: number;
    question: number;
    id: string;
    voter: string | null;
    text: string;
    at: number;
  },
): Promise<void> {
  await db
    .insertInto('poll_texts')
    .values({
      poll_id: t.pollId,
      question: t.question,
      id: t.id,
      voter: t.voter,
      text: t.text,
      at: t.at,
    })
    .execute();
}

export async function dropText(
  db: Conn,
  pollId: number,
  voter: string,
  question: number,
): Promise<void> {
  await q.dropText.run(db, { pollId, voter, question });
}

/** Every written answer of a poll, in the order they came. */
export async function textsOf(
  db: Conn,
  pollId: number,
): Promise<{ voter: string | null; question: number; text: string; at: number }[]> {
  return db
    .selectFrom('poll_texts')
    .select(['voter', 'question', 'text', 'at'])
    .where('poll_id', '=', pollId)
    .orderBy('at')
    .execute();
}

export async function deleteTexts(db: Conn, pollId: number): Promise<void> {
  await db.deleteFrom('poll_texts').where('poll_id', '=', pollId).execute();
}

/** A named poll's written answers to one question, in the order they came. */
export async function namedTexts(
  db: Conn,
  pollId: number,
  question: number,
): Promise<{ text: string; voter: string | null; at: number }[]> {
  return db
    .selectFrom('poll_texts')
    .select(['text', 'voter', 'at'])
    .where('poll_id', '=', pollId)
    .where('question', '=', question)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The words of one question's written answers, counted (`poll_texts`) or shown (the snapshot). */
export async function answerTexts(
  db: Conn,
  pollId: number,
  question: number,
  from: 'counted' | 'shown',
): Promise<string[]> {
  const rows = await db
    .selectFrom(from === 'shown' ? 'poll_shown_texts' : 'poll_texts')
    .select('text')
    .where('poll_id', '=', pollId)
    .where('question', '=', question)
    .execute();
  return rows.map((r) => r.text);
}

/** A named poll's picks with their voter and the time of the vote, oldest vote first. */
export async function namedPicks(
  db: Conn,
  pollId: number,
): Promise<
  { voter: string; question: number; choice: number; rank: number | null; votedAt: number }[]
> {
  const rows = await db
    .selectFrom('poll_choices as c')
    .innerJoin('poll_voters as v', (j) =>
      j.onRef('v.poll_id', '=', 'c.poll_id').onRef('v.voter', '=', 'c.voter'),
    )
    .select(['c.voter', 'c.question', 'c.choice', 'c.rank', 'v.voted_at'])
    .where('c.poll_id', '=', pollId)
    .orderBy('v.voted_at')
    .execute();
  return rows.map((r) => ({
    voter: r.voter,
    question: r.question,
    choice: r.choice,
    rank: r.rank,
    votedAt: r.voted_at,
  }));
}

// ---- counters and what managers see ---------------------------------------------------------

export type Tally = { question: number; choice: number; votes: number; points: number };
export type TextCount = { question: number; n: number | string | bigint };

/** The counters, as they stand (`counted`) or as last shown of an anonymous poll (`shown`). */
export async function talliesOf(
  db: Conn,
  pollId: number,
  from: 'counted' | 'shown',
): Promise<Tally[]> {
  return db
    .selectFrom(from === 'shown' ? 'poll_shown_tallies' : 'poll_tallies')
    .select(['question', 'choice', 'votes', 'points'])
    .where('poll_id', '=', pollId)
    .execute();
}

/** How many written answers each question has, counted or shown. */
export async function textCounts(
  db: Conn,
  pollId: number,
  from: 'counted' | 'shown',
): Promise<TextCount[]> {
  return db
    .selectFrom(from === 'shown' ? 'poll_shown_texts' : 'poll_texts')
    .select(['question', (eb) => eb.fn.countAll<number>().as('n')])
    .where('poll_id', '=', pollId)
    .groupBy('question')
    .execute();
}

/** The ranking ballots of one question in an anonymous poll's snapshot. */
export async function shownRankings(
  db: Conn,
  pollId: number,
  question: number,
): Promise<number[][]> {
  const rows = await db
    .selectFrom('poll_shown_rankings')
    .select('choices')
    .where('poll_id', '=', pollId)
    .where('question', '=', question)
    .execute();
  return rows.map((r) => parseJson(rankingSchema, r.choices, 'poll_shown_rankings.choices'));
}

/** The poll's voters and ballots now, and the ballots in what managers see. */
export async function ballotCounts(
  db: Conn,
  pollId: number,
): Promise<{ voters: number; ballots: number; shownBallots: number }> {
  const row = await db
    .selectFrom('polls')
    .select(['voters', 'ballots', 'shown_ballots'])
    .where('id', '=', pollId)
    .executeTakeFirstOrThrow();
  return { voters: row.voters, ballots: row.ballots, shownBallots: row.shown_ballots };
}

/** Forgets what managers were shown of the poll (the snapshot's tallies, texts and rankings). */
export async function clearSnapshot(db: Conn, pollId: number): Promise<void> {
  for (const table of ['poll_shown_tallies', 'poll_shown_texts', 'poll_shown_rankings'] as const)
    await db.deleteFrom(table).where('poll_id', '=', pollId).execute();
}

/** The snapshot's tallies become the counters as they stand. */
export async function copyTalliesToSnapshot(db: Conn, pollId: number): Promise<void> {
  await db
    .insertInto('poll_shown_tallies')
    .columns(['poll_id', 'question', 'choice', 'votes', 'points'])
    .expression((eb) =>
      eb
        .selectFrom('poll_tallies')
        .select(['poll_id', 'question', 'choice', 'votes', 'points'])
        .where('poll_id', '=', pollId),
    )
    .execute();
}

export async function addShownText(
  db: Conn,
  t: { pollId: number; question: number; id: string; text: string },
): Promise<void> {
  await db
    .insertInto('poll_shown_texts')
    .values({ poll_id: t.pollId, question: t.question, id: t.id, text: t.text })
    .execute();
}

export async function addShownRanking(
  db: Conn,
  r: { pollId: number; question: number; id: string; choices: readonly number[] },
): Promise<void> {
  await db
    .insertInto('poll_shown_rankings')
    .values({
      poll_id: r.pollId,
      question: r.question,
      id: r.id,
      choices: JSON.stringify(r.choices),
    })
    .execute();
}

/** What managers see now counts the poll's ballots and voters as they stand. */
export async function markSnapshot(db: Conn, pollId: number): Promise<void> {
  await db
    .updateTable('polls')
    .set((eb) => ({ shown_ballots: eb.ref('ballots'), shown_voters: eb.ref('voters') }))
    .where('id', '=', pollId)
    .execute();
}

// ---- edits ---------------------------------------------------------------------------------

/**
 * Writes an edit of the poll's wording and settings as version `version + 1`, only if the poll is
 * still open at `version` (an edit racing another, or the close, changes nothing). Marks the
 * message stale, so the renderer shows it even if the edit effect ran before the message was
 * posted. Returns the poll as it now is, or undefined when the version had moved.
 */
export async function updatePollWording(
  db: Conn,
  pollId: number,
  version: number,
  change: {
    readonly title: string;
    readonly questions: readonly PollFormQuestion[];
    readonly results: 'live' | 'hidden';
    readonly edited: boolean;
  },
): Promise<Poll | undefined> {
  const row = await db
    .updateTable('polls')
    .set({
      title: change.title,
      questions: JSON.stringify(change.questions),
      results: change.results,
      edited: change.edited ? 1 : 0,
      version: version + 1,
      dirty: 1,
    })
    .where('id', '=', pollId)
    .where('version', '=', version)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toPoll(row);
}

export async function addEdit(
  db: Conn,
  e: {
    pollId: number;
    version: number;
    by: string | null;
    at: number;
    afterAnswers: boolean;
    oldText: string;
    newText: string;
  },
): Promise<void> {
  await db
    .insertInto('poll_edits')
    .values({
      poll_id: e.pollId,
      version: e.version,
      edited_by: e.by,
      edited_at: e.at,
      after_answers: e.afterAnswers ? 1 : 0,
      old_text: e.oldText,
      new_text: e.newText,
    })
    .execute();
}

/** The poll's edits, oldest first. */
export async function editsOf(
  db: Conn,
  pollId: number,
): Promise<
  {
    version: number;
    by: string | null;
    at: number;
    afterAnswers: boolean;
    oldText: string;
    newText: string;
  }[]
> {
  const rows = await db
    .selectFrom('poll_edits')
    .selectAll()
    .where('poll_id', '=', pollId)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    by: r.edited_by,
    at: r.edited_at,
    afterAnswers: r.after_answers === 1,
    oldText: r.old_text,
    newText: r.new_text,
  }));
}

// ---- survey drafts --------------------------------------------------------------------------

/** A member's saved pages: the page next and the answers as stored (sealed when anonymous). */
export async function findDraft(
  db: Conn,
  pollId: number,
  voter: string,
): Promise<{ page: number; answers: string } | undefined> {
  return db
    .selectFrom('poll_drafts')
    .select(['page', 'answers'])
    .where('poll_id', '=', pollId)
    .where('voter', '=', voter)
    .executeTakeFirst();
}

export async function saveDraft(
  db: Conn,
  d: { pollId: number; voter: string; page: number; answers: string },
): Promise<void> {
  await db
    .insertInto('poll_drafts')
    .values({ poll_id: d.pollId, voter: d.voter, page: d.page, answers: d.answers })
    .onConflict((oc) =>
      oc.columns(['poll_id', 'voter']).doUpdateSet({ page: d.page, answers: d.answers }),
    )
    .execute();
}

export async function deleteDraft(db: Conn, pollId: number, voter: string): Promise<void> {
  await db
    .deleteFrom('poll_drafts')
    .where('poll_id', '=', pollId)
    .where('voter', '=', voter)
    .execute();
}

/** Whether anyone has saved a page of the poll. */
export async function hasDrafts(db: Conn, pollId: number): Promise<boolean> {
  const row = await db
    .selectFrom('poll_drafts')
    .select('poll_id')
    .where('poll_id', '=', pollId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Sends every unfinished response back to its first page, answers kept (an edit: each page is
 * answered again under the new wording, so no response mixes two versions).
 */
export async function restartDrafts(db: Conn, pollId: number): Promise<void> {
  await db.updateTable('poll_drafts').set({ page: 0 }).where('poll_id', '=', pollId).execute();
}

/** Every unfinished response of the poll. */
export async function deleteDrafts(db: Conn, pollId: number): Promise<void> {
  await db.deleteFrom('poll_drafts').where('poll_id', '=', pollId).execute();
}

/** The rounds of a survey's pulse series, first round first. */
export async function seriesRounds(db: Conn, guildId: string, surveyId: number): Promise<Poll[]> {
  const rows = await db
    .selectFrom('polls')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('survey_id', '=', surveyId)
    .where('series_round', 'is not', null)
    .orderBy('series_round')
    .execute();
  return rows.map(toPoll);
}

/** A member's suggested option, as managers review it (the suggester is never named). */
export interface PollSuggestion {
  readonly id: number;
  readonly guildId: string;
  readonly pollId: number;
  readonly question: number;
  readonly label: string;
  readonly status: 'pending' | 'approved' | 'rejected';
}

const suggestionOf = (row: {
  id: number;
  guild_id: string;
  poll_id: number;
  question: number;
  label: string;
  status: 'pending' | 'approved' | 'rejected';
}): PollSuggestion => ({
  id: row.id,
  guildId: row.guild_id,
  pollId: row.poll_id,
  question: row.question,
  label: row.label,
  status: row.status,
});

/** Inserts a pending suggestion; the unique indexes refuse a second pending one (see migration). */
export async function insertSuggestion(
  db: Conn,
  s: {
    guildId: string;
    pollId: number;
    question: number;
    label: string;
    labelKey: string;
    suggesterKey: string;
    createdAt: number;
  },
): Promise<PollSuggestion> {
  const row = await db
    .insertInto('poll_suggestions')
    .values({
      guild_id: s.guildId,
      poll_id: s.pollId,
      question: s.question,
      label: s.label,
      label_key: s.labelKey,
      suggester_key: s.suggesterKey,
      status: 'pending',
      created_at: s.createdAt,
    })
    .returning(['id', 'guild_id', 'poll_id', 'question', 'label', 'status'])
    .executeTakeFirstOrThrow();
  return suggestionOf(row);
}

/** What stands in the way of a member's new suggestion: their pending one, their recent ones, a pending twin. */
export async function suggestionFacts(
  db: Conn,
  pollId: number,
  suggesterKey: string,
  question: number,
  labelKey: string,
  since: number,
): Promise<{ pendingMine: boolean; recentMine: number; pendingSame: boolean }> {
  const mine = await db
    .selectFrom('poll_suggestions')
    .select(['status', 'created_at'])
    .where('poll_id', '=', pollId)
    .where('suggester_key', '=', suggesterKey)
    .execute();
  const same = await db
    .selectFrom('poll_suggestions')
    .select('id')
    .where('poll_id', '=', pollId)
    .where('question', '=', question)
    .where('label_key', '=', labelKey)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return {
    pendingMine: mine.some((r) => r.status === 'pending'),
    recentMine: mine.filter((r) => Number(r.created_at) >= since).length,
    pendingSame: same !== undefined,
  };
}

export async function findSuggestion(
  db: Conn,
  guildId: string,
  id: number,
): Promise<PollSuggestion | undefined> {
  const row = await db
    .selectFrom('poll_suggestions')
    .select(['id', 'guild_id', 'poll_id', 'question', 'label', 'status'])
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : suggestionOf(row);
}

/** Decides a pending suggestion; undefined when it was not pending (decided meanwhile). */
export async function decidePendingSuggestion(
  db: Conn,
  guildId: string,
  id: number,
  status: 'approved' | 'rejected',
): Promise<PollSuggestion | undefined> {
  const row = await db
    .updateTable('poll_suggestions')
    .set({ status })
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning(['id', 'guild_id', 'poll_id', 'question', 'label', 'status'])
    .executeTakeFirst();
  return row === undefined ? undefined : suggestionOf(row);
}

/** A poll's suggestions, gone with its close (their fingerprints with them). */
export async function deleteSuggestions(db: Conn, pollId: number): Promise<void> {
  await db.deleteFrom('poll_suggestions').where('poll_id', '=', pollId).execute();
}

/** The server's manager log, where suggestions are reviewed (null: not set). */
export async function logChannelOf(db: Conn, guildId: string): Promise<string | null> {
  const row = await db
    .selectFrom('guilds')
    .select('log_channel_id')
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row?.log_channel_id ?? null;
}
