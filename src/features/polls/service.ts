/**
 * Feedback polls: single and multiple choice, ratings (1-5), NPS (0-10) and free text, one or
 * several questions answered in one go. Votes are one transaction each: the voter row is unique
 * per poll, tallies are counters updated in the same transaction, and a member changing their
 * vote replaces it. In an anonymous poll the voter is a keyed hash whose key is not in the
 * database, so no row names a member.
 */
import { createHmac } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import { precompiled } from '../../core/db/precompiled.js';
import type { Database, PollTable } from '../../core/db/schema.js';
import type { Locale } from './messages.js';

type Tx = Transaction<Database>;

export const POLL_KINDS = ['single', 'multi', 'rating', 'nps', 'text'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export interface PollQuestion {
  readonly kind: PollKind;
  readonly label: string;
  /** Choice questions: 2 to 25 options. */
  readonly options?: readonly string[];
  /** Multiple choice: how many may be picked. */
  readonly min?: number;
  readonly max?: number;
  readonly required: boolean;
}

export interface Poll {
  readonly id: number;
  readonly guildId: string;
  readonly channelId: string;
  readonly messageId: string | null;
  readonly title: string;
  readonly questions: readonly PollQuestion[];
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
}

export const LIMITS = {
  title: 100,
  label: 45,
  option: 80,
  options: 25,
  questions: 5,
  text: 1000,
} as const;

/** The choices a question offers, as indexes: options, 1-5 stars, or 0-10. */
export function choiceCount(q: PollQuestion): number {
  return q.kind === 'rating'
    ? 5
    : q.kind === 'nps'
      ? 11
      : q.kind === 'text'
        ? 0
        : (q.options?.length ?? 0);
}

/** The value a choice index stands for: its option, or its number on the scale. */
export function choiceLabel(q: PollQuestion, choice: number): string {
  return q.kind === 'rating'
    ? `${choice + 1}★`
    : q.kind === 'nps'
      ? String(choice)
      : (q.options?.[choice] ?? String(choice));
}

function toPoll(row: Selectable<PollTable>): Poll {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    messageId: row.message_id,
    title: row.title,
    questions: JSON.parse(row.questions) as PollQuestion[],
    anonymous: row.anonymous === 1,
    results: row.results,
    audience: JSON.parse(row.audience) as string[],
    segmentId: row.segment_id,
    status: row.status,
    closesAt: row.closes_at,
    remindAt: row.remind_at,
    voters: row.voters,
    renderedAt: row.rendered_at,
  };
}

/** Checks a poll a manager described; every problem is a message they can act on. */
export function validateQuestions(questions: readonly PollQuestion[]): PollQuestion[] {
  if (questions.length === 0 || questions.length > LIMITS.questions)
    throw new UserError('polls.questionCount', { max: LIMITS.questions });
  return questions.map((q) => {
    const label = q.label.replace(/\s+/g, ' ').trim();
    if (label.length === 0) throw new UserError('polls.labelEmpty');
    if (label.length > LIMITS.label) throw new UserError('polls.labelLong', { max: LIMITS.label });
    if (q.kind === 'single' || q.kind === 'multi') {
      const options = [
        ...new Set(
          (q.options ?? []).map((o) => o.replace(/\s+/g, ' ').trim()).filter((o) => o.length > 0),
        ),
      ];
      if (options.length < 2 || options.length > LIMITS.options)
        throw new UserError('polls.optionCount', { max: LIMITS.options });
      if (options.some((o) => o.length > LIMITS.option))
        throw new UserError('polls.optionLong', { max: LIMITS.option });
      if (q.kind === 'multi') {
        const min = q.min ?? 1;
        const max = q.max ?? options.length;
        if (
          !Number.isInteger(min) ||
          !Number.isInteger(max) ||
          min < 0 ||
          max < 1 ||
          min > max ||
          max > options.length
        )
          throw new UserError('polls.minMax', { count: options.length });
        return { kind: q.kind, label, options, min, max, required: q.required };
      }
      return { kind: q.kind, label, options, required: q.required };
    }
    return { kind: q.kind, label, required: q.required };
  });
}

export interface NewPoll {
  readonly channelId: string;
  readonly title: string;
  readonly questions: readonly PollQuestion[];
  readonly anonymous: boolean;
  readonly results: 'live' | 'hidden';
  readonly audience: readonly string[];
  readonly segmentId?: number | null;
  readonly closesAt: number | null;
  readonly remindAt: number | null;
}

export async function createPoll(
  db: Db,
  guildId: string,
  input: NewPoll,
  now: number,
): Promise<Poll> {
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (title.length === 0 || title.length > LIMITS.title)
    throw new UserError('polls.titleLength', { max: LIMITS.title });
  const questions = validateQuestions(input.questions);
  if (input.closesAt !== null && input.closesAt <= now) throw new UserError('polls.closesInPast');
  const row = await db
    .insertInto('polls')
    .values({
      guild_id: guildId,
      channel_id: input.channelId,
      message_id: null,
      title,
      questions: JSON.stringify(questions),
      anonymous: input.anonymous ? 1 : 0,
      results: input.results,
      audience: JSON.stringify(input.audience),
      segment_id: input.segmentId ?? null,
      status: 'open',
      closes_at: input.closesAt,
      remind_at: input.remindAt,
      created_at: now,
      closed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPoll(row);
}

export async function pollOf(db: Db | Tx, guildId: string, pollId: number): Promise<Poll> {
  const row = await db
    .selectFrom('polls')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('id', '=', pollId)
    .executeTakeFirst();
  if (row === undefined) throw new UserError('polls.unknown');
  return toPoll(row);
}

export async function listPolls(db: Db, guildId: string): Promise<Poll[]> {
  return (
    await db
      .selectFrom('polls')
      .selectAll()
      .where('guild_id', '=', guildId)
      .orderBy('id', 'desc')
      .limit(25)
      .execute()
  ).map(toPoll);
}

export async function attachMessage(db: Db, pollId: number, messageId: string): Promise<void> {
  await db.updateTable('polls').set({ message_id: messageId }).where('id', '=', pollId).execute();
}

/**
 * Who a vote belongs to. Not anonymous: the member's id. Anonymous: a keyed hash of the member
 * and the poll, so votes are still one per member, but without the key (kept outside the
 * database) no row can be traced back to anyone, and two polls' hashes cannot be linked.
 */
export function voterKey(
  poll: Pick<Poll, 'id' | 'anonymous'>,
  userId: string,
  secret: Buffer,
): string {
  return poll.anonymous
    ? createHmac('sha256', secret).update(`${poll.id}:${userId}`).digest('base64url').slice(0, 32)
    : userId;
}

/** One member's answers: picked choice indexes, or text. */
export type Ballot = ReadonlyMap<
  number,
  { readonly choices?: readonly number[]; readonly text?: string }
>;

const sql = {
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
      .set((eb) => ({ voters: eb('voters', '+', 1), dirty: 1 }))
      .where('id', '=', p.pollId),
  ),
  markDirty: precompiled<Database, { pollId: number }>()((db, p) =>
    db.updateTable('polls').set({ dirty: 1 }).where('id', '=', p.pollId),
  ),
  oldChoices: precompiled<Database, { pollId: number; voter: string; question: number }>()(
    (db, p) =>
      db
        .selectFrom('poll_choices')
        .select('choice')
        .where('poll_id', '=', p.pollId)
        .where('voter', '=', p.voter)
        .where('question', '=', p.question),
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

/** Checks one member's answers against the poll's questions. */
function checkBallot(poll: Poll, ballot: Ballot): void {
  for (const [index, q] of poll.questions.entries()) {
    const answer = ballot.get(index);
    const picked = answer?.choices ?? [];
    const text = answer?.text?.trim() ?? '';
    const empty = q.kind === 'text' ? text.length === 0 : picked.length === 0;
    if (empty) {
      if (q.required) throw new UserError('polls.answerRequired', { question: q.label });
      continue;
    }
    if (q.kind === 'text') {
      if (text.length > LIMITS.text)
        throw new UserError('polls.textLong', { question: q.label, max: LIMITS.text });
      continue;
    }
    const count = choiceCount(q);
    if (
      picked.some((c) => !Number.isInteger(c) || c < 0 || c >= count) ||
      new Set(picked).size !== picked.length
    )
      throw new UserError('polls.answerInvalid', { question: q.label });
    if (q.kind !== 'multi' && picked.length !== 1)
      throw new UserError('polls.answerInvalid', { question: q.label });
    if (q.kind === 'multi' && (picked.length < (q.min ?? 1) || picked.length > (q.max ?? count)))
      throw new UserError('polls.pickRange', {
        question: q.label,
        min: q.min ?? 1,
        max: q.max ?? count,
      });
  }
  for (const index of ballot.keys())
    if (index < 0 || index >= poll.questions.length)
      throw new UserError('polls.answerInvalid', { question: String(index) });
}

/**
 * Records a vote, or replaces the member's earlier one, in one transaction. Refused when the
 * poll is closed or belongs to another guild. Returns whether it replaced an earlier vote.
 */
export async function vote(
  db: Db,
  {
    guildId,
    pollId,
    voter,
    ballot,
    now,
  }: { guildId: string; pollId: number; voter: string; ballot: Ballot; now: number },
): Promise<{ replaced: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await sql.poll.first(trx, { guildId, pollId });
    if (row === undefined) throw new UserError('polls.unknown');
    const poll = toPoll(row);
    if (poll.status !== 'open' || (poll.closesAt !== null && poll.closesAt <= now))
      throw new UserError('polls.closed');
    checkBallot(poll, ballot);
    const replaced = (await sql.voter.first(trx, { pollId, voter })) !== undefined;
    if (replaced) {
      await sql.touchVoter.run(trx, { pollId, voter, at: now });
      await sql.markDirty.run(trx, { pollId });
    } else {
      await sql.addVoter.run(trx, { pollId, voter, at: now });
      await sql.countVoter.run(trx, { pollId });
    }
    for (const [question, q] of poll.questions.entries()) {
      const answer = ballot.get(question);
      if (q.kind === 'text') {
        if (replaced) await sql.dropText.run(trx, { pollId, voter, question });
        const text = answer?.text?.trim() ?? '';
        if (text.length > 0)
          await trx
            .insertInto('poll_texts')
            .values({ poll_id: pollId, question, voter, text, at: now })
            .execute();
        continue;
      }
      if (replaced) {
        for (const { choice } of await sql.oldChoices.all(trx, { pollId, voter, question }))
          await sql.tally.run(trx, { pollId, question, choice, delta: -1 });
        await sql.dropChoices.run(trx, { pollId, voter, question });
      }
      for (const choice of answer?.choices ?? []) {
        await sql.addChoice.run(trx, { pollId, voter, question, choice });
        await sql.tally.run(trx, { pollId, question, choice, delta: 1 });
      }
    }
    return { replaced };
  });
}

/** Closes a poll once; a second close (the timer and a manager at once) changes nothing. */
export async function closePoll(
  db: Db,
  guildId: string,
  pollId: number,
  now: number,
): Promise<{ poll: Poll; closedNow: boolean }> {
  const changed = await db
    .updateTable('polls')
    .set({ status: 'closed', closed_at: now, dirty: 1 })
    .where('guild_id', '=', guildId)
    .where('id', '=', pollId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return { poll: await pollOf(db, guildId, pollId), closedNow: changed.numUpdatedRows > 0n };
}

export async function dueClosures(
  db: Db,
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

/** Polls whose one reminder is due; marks them reminded so each reminds once. */
export async function claimReminders(db: Db, now: number): Promise<Poll[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('polls')
      .selectAll()
      .where('status', '=', 'open')
      .where('reminded', '=', 0)
      .where('remind_at', '<=', now)
      .execute();
    if (rows.length > 0)
      await trx
        .updateTable('polls')
        .set({ reminded: 1 })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    return rows.map(toPoll);
  });
}

/** Polls whose message shows stale counts. */
export async function dirtyPolls(
  db: Db,
): Promise<{ guildId: string; pollId: number; renderedAt: number }[]> {
  const rows = await db
    .selectFrom('polls')
    .select(['guild_id', 'id', 'rendered_at'])
    .where('dirty', '=', 1)
    .where('message_id', 'is not', null)
    .execute();
  return rows.map((r) => ({ guildId: r.guild_id, pollId: r.id, renderedAt: r.rendered_at }));
}

export async function markRendered(db: Db, pollId: number, now: number): Promise<void> {
  await db
    .updateTable('polls')
    .set({ dirty: 0, rendered_at: now })
    .where('id', '=', pollId)
    .execute();
}

export interface QuestionResult {
  readonly question: PollQuestion;
  /** Votes per choice index. */
  readonly counts: readonly number[];
  readonly answered: number;
  /** NPS only: promoters minus detractors, in percent. */
  readonly nps?: number;
  /** Rating only: the average of 1-5. */
  readonly average?: number;
}

/** The results from the counters (no recount of the votes). */
export async function pollResults(db: Db, poll: Poll): Promise<QuestionResult[]> {
  const tallies = await db
    .selectFrom('poll_tallies')
    .select(['question', 'choice', 'votes'])
    .where('poll_id', '=', poll.id)
    .execute();
  const texts = await db
    .selectFrom('poll_texts')
    .select(['question', (eb) => eb.fn.countAll<number>().as('n')])
    .where('poll_id', '=', poll.id)
    .groupBy('question')
    .execute();
  return poll.questions.map((question, index) => {
    const counts = Array.from({ length: choiceCount(question) }, () => 0);
    for (const t of tallies)
      if (t.question === index && t.choice < counts.length) counts[t.choice] = t.votes;
    const answered =
      question.kind === 'text'
        ? Number(texts.find((t) => t.question === index)?.n ?? 0)
        : question.kind === 'multi'
          ? -1
          : counts.reduce((a, b) => a + b, 0);
    const result: QuestionResult = { question, counts, answered };
    if (question.kind === 'nps' && answered > 0) {
      const promoters = counts[9]! + counts[10]!;
      const detractors = counts.slice(0, 7).reduce((a, b) => a + b, 0);
      return { ...result, nps: Math.round(((promoters - detractors) / answered) * 100) };
    }
    if (question.kind === 'rating' && answered > 0)
      return { ...result, average: counts.reduce((sum, n, i) => sum + n * (i + 1), 0) / answered };
    return result;
  });
}

export async function pollTexts(
  db: Db,
  pollId: number,
  question: number,
): Promise<{ text: string; voter: string | null; at: number }[]> {
  return db
    .selectFrom('poll_texts')
    .select(['text', 'voter', 'at'])
    .where('poll_id', '=', pollId)
    .where('question', '=', question)
    .orderBy('at')
    .execute();
}

/** One row per answer (per question for surveys): time, question, answer, and the member only when not anonymous. */
export async function exportRows(
  db: Db,
  poll: Poll,
): Promise<{ at: number; question: string; answer: string; member: string }[]> {
  const choices = await db
    .selectFrom('poll_choices as c')
    .innerJoin('poll_voters as v', (j) =>
      j.onRef('v.poll_id', '=', 'c.poll_id').onRef('v.voter', '=', 'c.voter'),
    )
    .select(['c.voter', 'c.question', 'c.choice', 'v.voted_at'])
    .where('c.poll_id', '=', poll.id)
    .orderBy('v.voted_at')
    .execute();
  const texts = await db
    .selectFrom('poll_texts')
    .select(['voter', 'question', 'text', 'at'])
    .where('poll_id', '=', poll.id)
    .orderBy('at')
    .execute();
  const member = (voter: string | null) => (poll.anonymous || voter === null ? '' : voter);
  return [
    ...choices.map((c) => ({
      at: c.voted_at,
      question: poll.questions[c.question]?.label ?? '',
      answer: choiceLabel(poll.questions[c.question]!, c.choice),
      member: member(c.voter),
    })),
    ...texts.map((t) => ({
      at: t.at,
      question: poll.questions[t.question]?.label ?? '',
      answer: t.text,
      member: member(t.voter),
    })),
  ].sort((x, y) => x.at - y.at);
}

/** Ready-made surveys brands ask their community most, in the server's language. */
export function pollTemplate(
  name: 'product' | 'event' | 'feature' | 'nps',
  locale: Locale,
  topic: string,
): { title: string; questions: PollQuestion[] } {
  const it = locale === 'it';
  switch (name) {
    case 'product':
      return {
        title: it ? `Cosa ne pensi di ${topic}?` : `What do you think of ${topic}?`,
        questions: [
          {
            kind: 'rating',
            label: it ? 'Quanto ti piace, da 1 a 5?' : 'How much do you like it, 1 to 5?',
            required: true,
          },
          { kind: 'text', label: it ? 'Perché?' : 'Why?', required: false },
        ],
      };
    case 'event':
      return {
        // The topic's gender is unknown: the Italian title does not agree with it.
        title: it ? `${topic}: com’è andata?` : `How was ${topic}?`,
        questions: [
          {
            kind: 'rating',
            label: it ? 'Voto complessivo, da 1 a 5' : 'Overall, 1 to 5',
            required: true,
          },
          {
            kind: 'single',
            label: it ? 'Parteciperesti di nuovo?' : 'Would you come again?',
            options: it ? ['Sì', 'Forse', 'No'] : ['Yes', 'Maybe', 'No'],
            required: true,
          },
          {
            kind: 'text',
            label: it ? 'Cosa miglioreresti?' : 'What would you improve?',
            required: false,
          },
        ],
      };
    case 'feature':
      return {
        title: it
          ? `Su cosa dovremmo lavorare per ${topic}?`
          : `What should we work on for ${topic}?`,
        questions: [
          {
            kind: 'multi',
            label: it ? 'Scegli fino a 3 priorità' : 'Pick up to 3 priorities',
            options: it
              ? [
                  'Velocità',
                  'Facilità d’uso',
                  'Nuove funzioni',
                  'Prezzo',
                  'Assistenza',
                  'Integrazioni',
                ]
              : ['Speed', 'Ease of use', 'New features', 'Price', 'Support', 'Integrations'],
            min: 1,
            max: 3,
            required: true,
          },
          { kind: 'text', label: it ? 'Altro?' : 'Anything else?', required: false },
        ],
      };
    case 'nps':
      return {
        title: it ? `Consiglieresti ${topic}?` : `Would you recommend ${topic}?`,
        questions: [
          {
            kind: 'nps',
            label: it ? 'Da 0 a 10, lo consiglieresti?' : 'From 0 to 10, would you recommend it?',
            required: true,
          },
          {
            kind: 'text',
            label: it ? 'Qual è il motivo principale?' : 'What is the main reason?',
            required: false,
          },
        ],
      };
  }
}
