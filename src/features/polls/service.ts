/**
 * Feedback polls: single and multiple choice, ratings (1-5), NPS (0-10), rankings and free text,
 * one or several questions answered in one go. Votes are one transaction each: the voter row is
 * unique per poll, tallies are counters updated in the same transaction, and a member changing
 * their vote replaces it.
 *
 * Anonymous polls hold up against a copy of the database (see README, "Feedback polls"):
 * - the voter is a keyed hash under the poll's own key, itself stored only sealed under the
 *   master key (hearth.key, never in the database); each question's answers are stored under a
 *   key derived from it, so the rows of one person's answers cannot be matched up;
 * - no row keeps a time finer than the poll's day, and vote tables are stored in key order (no
 *   rowid, no counter), so nothing tells in which order votes came;
 * - counts, written answers and rankings are shown only once {@link DEFAULT_MIN_RESPONSES} people
 *   answered, and while the poll is open managers see a snapshot that moves in steps of at least
 *   that many ballots, so no change they watch is one person's vote;
 * - at close the poll's key and every voter key are deleted: the votes stay counted (a ranking
 *   ballot whole, under a random id) and can never be linked to anyone again, even with the
 *   database and hearth.key.
 */
import { isInSegment, rosterCount, segmentOf } from '../segments/api.js';
import { getGuild } from '../../core/guilds.js';
import { z } from 'zod';
import { parseJson } from '../../core/json.js';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import { truncateWalInTurn, withSecureDelete } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import * as repo from './repository.js';
import type { Poll, Tally, TextCount } from './repository.js';
import { dedupeKeyOf, enqueue, requeue, stateOf } from '../../core/outbox/store.js';
import {
  pollEditEffect,
  pollMessageEffect,
  pollReminderEffect,
  pollResultsEffect,
} from './effects.js';
import { checkEdit } from './edits.js';
import {
  assertNever,
  describeAnswer,
  optionsOf,
  pickedValues,
  problemParams,
  rawAnswerSchema,
  validateAnswer,
  type Answer,
  type ProblemCode,
  type RawAnswer,
  type SubmittedAnswer,
} from '../../forms/index.js';
import type { Locale, MessageKey } from './messages.js';
import { checkBranches, surveyPages, type Branch } from './branches.js';
import {
  checkQuestions,
  checkSurveyQuestions,
  LIMITS,
  pollQuestionOf,
  type PollFormKind,
  type PollFormQuestion,
  type PollQuestion,
} from './questions.js';

export { LIMITS, POLL_KINDS, splitOptions, type PollKind, type PollQuestion } from './questions.js';
export type { PollFormQuestion } from './questions.js';
export type { Poll } from './repository.js';

type Tx = Transaction<Database>;

/** How many people must have answered an anonymous poll before anything of it is shown. */
export const DEFAULT_MIN_RESPONSES = 5;
const DAY_MS = 86_400_000;

/** The poll's day: the only time an anonymous vote keeps. */
export function pollDay(poll: Pick<Poll, 'createdAt'>): number {
  return Math.floor(poll.createdAt / DAY_MS) * DAY_MS;
}

/** How many choices a question counts votes for: its options, or the points of its scale. */
export function choiceCount(q: PollFormQuestion): number {
  return optionsOf(q).length;
}

/** The value a choice index stands for: its option, or its point on the scale (`4★`, `7`). */
export function choiceLabel(q: PollFormQuestion, choice: number): string {
  return optionsOf(q)[choice]?.label ?? String(choice);
}

/** Checks a poll a manager described; every problem is a message they can act on. */
export function validateQuestions(questions: readonly PollQuestion[]): PollFormQuestion[] {
  return checkQuestions(questions);
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
  /** Options may be added after the first answers (see edits.ts). */
  readonly optionsOpen?: boolean;
  /**
   * A survey: up to 25 questions answered in pages, with skip rules (each question must fit a
   * modal of its own, not all of them one), and the survey it is a round of.
   */
  readonly survey?: {
    readonly id: number | null;
    readonly branches: readonly Branch[];
    /** The round of the survey's pulse series this poll is (unique per survey). */
    readonly round?: number;
  };
}

/**
 * Creates a poll and, in the same transaction, the outbox row that posts its message: a poll can
 * never exist without the post that shows it. Returns the poll, with the row's id (`effectId`) to
 * wait for the post. An anonymous poll gets its own random voter key, stored only sealed under
 * `masterKey` (so the database alone cannot recompute anyone's voter key) and deleted at close.
 * Without `masterKey` an anonymous poll uses the master key directly, as polls made before
 * per-poll keys did.
 */
export async function createPoll(
  db: Db,
  guildId: string,
  input: NewPoll,
  now: number,
  options: { masterKey?: Buffer } = {},
): Promise<Poll & { readonly effectId: number }> {
  return db.transaction().execute((trx) => createPollIn(trx, guildId, input, now, options));
}

/** {@link createPoll} in the caller's transaction (a pulse survey's round is created with its claim). */
export async function createPollIn(
  trx: Tx,
  guildId: string,
  input: NewPoll,
  now: number,
  { masterKey }: { masterKey?: Buffer } = {},
): Promise<Poll & { readonly effectId: number }> {
  // Questions first: `/poll create` titles a poll with its question, so a question too long says so.
  const questions =
    input.survey === undefined
      ? validateQuestions(input.questions)
      : checkSurveyQuestions(input.questions);
  const branches = input.survey?.branches ?? [];
  checkBranches(questions, branches);
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (title.length === 0 || title.length > LIMITS.title)
    throw new UserError('polls.titleLength', { max: LIMITS.title });
  if (input.closesAt !== null && input.closesAt <= now) throw new UserError('polls.closesInPast');
  if ((await repo.countOpenPolls(trx, guildId)) >= LIMITS.open)
    throw new UserError('polls.tooMany', { max: LIMITS.open });
  const poll = await repo.insertPoll(trx, {
    guildId,
    channelId: input.channelId,
    title,
    questions,
    anonymous: input.anonymous,
    results: input.results,
    audience: input.audience,
    segmentId: input.segmentId ?? null,
    closesAt: input.closesAt,
    remindAt: input.remindAt,
    branches,
    surveyId: input.survey?.id ?? null,
    seriesRound: input.survey?.round ?? null,
    createdAt: now,
    optionsOpen: input.optionsOpen === true,
  });
  const { id } = await enqueue(
    trx,
    pollMessageEffect,
    { guildId, key: String(poll.id), payload: { poll: poll.id }, channelId: poll.channelId },
    now,
  );
  if (!input.anonymous || masterKey === undefined) return { ...poll, effectId: id };
  const keyed = await repo.setPollKey(
    trx,
    poll.id,
    sealPollKey(masterKey, poll.id, randomBytes(32)),
  );
  return { ...keyed, effectId: id };
}

const HOUR = 3_600_000;

/**
 * When a poll closes and when its one reminder goes: a day before the end, or halfway through a
 * shorter poll. A reminder needs a closing time.
 */
export function pollTiming(
  now: number,
  { hours, reminder }: { readonly hours?: number; readonly reminder?: boolean },
): { readonly closesAt: number | null; readonly remindAt: number | null } {
  const closesAt = hours === undefined ? null : now + hours * HOUR;
  if (reminder === true && closesAt === null) throw new UserError('polls.reminderNeedsClose');
  return {
    closesAt,
    remindAt:
      reminder === true && closesAt !== null
        ? closesAt - Math.min(24 * HOUR, (closesAt - now) / 2)
        : null,
  };
}

/** Whom a poll is for: one segment, or members holding one of `audience`, or (neither) everyone. */
export interface AudienceRef {
  readonly segmentId: number | null;
  readonly audience: readonly string[];
}

/**
 * How many people a poll's audience holds now, counted one way for every kind of audience, at
 * creation and at every vote: a segment's shown count (never a hidden member's activity), a role
 * audience's holders, and for everyone the member role's holders (when one is set) or else the
 * server's members. People only, from the roster Hearth keeps (never a bot, never Hearth).
 */
export async function audienceSize(db: Db, guildId: string, ref: AudienceRef): Promise<number> {
  if (ref.segmentId !== null) return (await segmentOf(db, guildId, ref.segmentId)).shownCount;
  if (ref.audience.length > 0) return rosterCount(db, guildId, ref.audience);
  const memberRole = (await getGuild(db, guildId))?.memberRoleId ?? null;
  return rosterCount(db, guildId, memberRole === null ? null : [memberRole]);
}

/**
 * The anonymity minimum, at creation: an anonymous poll for fewer than `minResponses` people is
 * refused, whatever its audience (a role, a segment, everyone). See {@link checkAnonymousAudience}.
 */
export async function checkAnonymousReach(
  db: Db,
  guildId: string,
  ref: AudienceRef & { readonly anonymous: boolean },
  minResponses = DEFAULT_MIN_RESPONSES,
): Promise<void> {
  if (!ref.anonymous) return;
  checkAnonymousAudience(true, await audienceSize(db, guildId, ref), minResponses);
}

/**
 * Who may vote: everyone, the members holding one of the poll's roles, or the members of its
 * segment now (a removed segment takes no more votes). Throws what the member is told.
 *
 * The shrink guard: an anonymous poll whose audience (of any kind, counted as at creation, see
 * {@link audienceSize}) has fallen below the anonymity minimum since it was created takes no
 * vote, no page and opens no form until it grows again: whoever voted now would be one of too
 * few people. Results stay withheld below the minimum of voters whatever the audience.
 */
export async function checkVoter(
  db: Db,
  poll: Poll,
  voter: { readonly userId: string; readonly roles: readonly string[] },
  now: number,
  minResponses = DEFAULT_MIN_RESPONSES,
): Promise<void> {
  let shrunk: UserError;
  if (poll.segmentId !== null) {
    const segment = await segmentOf(db, poll.guildId, poll.segmentId).catch(() => undefined);
    if (segment === undefined) throw new UserError('polls.segmentGone');
    if (!(await isInSegment(db, poll.guildId, segment.id, voter.userId, now)))
      throw new UserError('polls.notInSegment', { segment: segment.name });
    shrunk = new UserError('polls.audienceShrunk', { segment: segment.name, min: minResponses });
  } else if (poll.audience.length > 0) {
    const roles = poll.audience.map((r) => `<@&${r}>`).join(' ');
    if (!poll.audience.some((r) => voter.roles.includes(r)))
      throw new UserError('polls.notAudience', { roles });
    shrunk = new UserError('polls.audienceShrunkRole', { roles, min: minResponses });
  } else {
    shrunk = new UserError('polls.audienceShrunkServer', { min: minResponses });
  }
  if (poll.anonymous && (await audienceSize(db, poll.guildId, poll)) < minResponses) throw shrunk;
}

/**
 * An anonymous poll needs an audience of at least `minResponses` people: below it, its results
 * could never be shown, and who took part would point at individuals. `size` is the audience as
 * {@link audienceSize} counts it. A named poll may be aimed anywhere.
 */
export function checkAnonymousAudience(
  anonymous: boolean,
  size: number,
  minResponses = DEFAULT_MIN_RESPONSES,
): void {
  if (anonymous && size < minResponses)
    throw new UserError('polls.audienceTooSmall', { count: size, min: minResponses });
}

/** AES-256-GCM under the master key, bound to the poll (a key copied to another poll fails). */
export function sealPollKey(masterKey: Buffer, pollId: number, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(`hearth poll ${pollId}`));
  const sealed = Buffer.concat([cipher.update(key), cipher.final()]);
  return [iv, sealed, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

function openPollKey(masterKey: Buffer, pollId: number, sealed: string): Buffer {
  const [iv, data, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', masterKey, iv!);
  decipher.setAAD(Buffer.from(`hearth poll ${pollId}`));
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(data!), decipher.final()]);
}

/**
 * The key to pass to {@link voterKey} for this poll: its own (unsealed with the master key), or
 * the master key for an older poll without one. A closed anonymous poll has none left.
 */
export function voterSecretOf(poll: Poll, masterKey: Buffer): Buffer {
  if (!poll.anonymous || poll.sealedKey === null) {
    if (poll.anonymous && poll.status === 'closed') throw new UserError('polls.closed');
    return masterKey;
  }
  return openPollKey(masterKey, poll.id, poll.sealedKey);
}

export async function pollOf(db: Db | Tx, guildId: string, pollId: number): Promise<Poll> {
  const poll = await repo.findPoll(db, guildId, pollId);
  if (poll === undefined) throw new UserError('polls.unknown');
  return poll;
}

/** The guild's 25 latest polls (a select menu's worth), newest first. */
/** The rounds of a survey's pulse series in this server, first round first. */
export async function seriesRounds(
  db: Db | Tx,
  guildId: string,
  surveyId: number,
): Promise<Poll[]> {
  return repo.seriesRounds(db, guildId, surveyId);
}

export async function listPolls(db: Db, guildId: string): Promise<Poll[]> {
  return repo.latestPolls(db, guildId, 25);
}

export async function attachMessage(db: Db, pollId: number, messageId: string): Promise<void> {
  await repo.setPollMessage(db, pollId, messageId);
}

/**
 * Who a vote belongs to. Not anonymous: the member's id. Anonymous: a keyed hash of the member
 * and the poll (the key from {@link voterSecretOf}), so votes are still one per member, but no row
 * can be traced back to anyone without the key, and two polls' hashes cannot be linked. It is
 * never stored as such: {@link vote} stores keys derived from it, one per question.
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

/** The forms kit's problems, in polls' words. */
const PROBLEM_KEYS: Record<ProblemCode<PollFormKind>, MessageKey> = {
  required: 'polls.answerRequired',
  invalid: 'polls.answerInvalid',
  tooLong: 'polls.textLong',
  pickOne: 'polls.answerInvalid',
  pickRange: 'polls.pickRange',
  rank: 'polls.rank',
};

type BallotEntry = Ballot extends ReadonlyMap<number, infer E> ? E : never;

/** A ballot's answer to one question as the forms kit reads answers: text, or option values. */
function rawFromBallot(q: PollFormQuestion, entry: BallotEntry | undefined): RawAnswer | undefined {
  if (entry === undefined) return undefined;
  switch (q.kind) {
    case 'short':
    case 'paragraph':
      return { text: entry.text ?? '' };
    case 'single':
    case 'multi':
    case 'scale':
    case 'ranking': {
      const options = optionsOf(q);
      // An index that is no option (forged) becomes a value no option has: invalid.
      return { picked: (entry.choices ?? []).map((c) => options[c]?.value ?? `#${c}`) };
    }
    default:
      return assertNever(q);
  }
}

/**
 * The Borda points a ranked pick earns: `positions` for a first place, one less for each place
 * below. Nothing for a pick of any other kind of question.
 */
export function rankPoints(q: PollFormQuestion | undefined, rank: number | null): number {
  return q?.kind === 'ranking' && rank !== null ? q.positions - rank + 1 : 0;
}

/** The choice indexes an answer stands for, in order (votes are counted by position). */
function indexesOf(q: PollFormQuestion, answer: Answer | undefined): number[] {
  if (answer === undefined) return [];
  const options = optionsOf(q);
  return pickedValues(q, answer).map((value) => options.findIndex((o) => o.value === value));
}

/**
 * Checks one member's answers against the poll's questions with the forms kit's validator, and
 * returns each question's answer (undefined where an optional question was left empty).
 */
function checkBallot(poll: Poll, ballot: Ballot): (Answer | undefined)[] {
  for (const index of ballot.keys())
    if (index < 0 || index >= poll.questions.length)
      throw new UserError('polls.answerInvalid', { question: String(index) });
  return checkRaw(poll, (index) => rawFromBallot(poll.questions[index]!, ballot.get(index)));
}

/** A question's answer, validated, or the problem the member is told. */
function checkOne(q: PollFormQuestion, raw: RawAnswer | undefined): Answer | undefined {
  const { value, problem } = validateAnswer(q, raw);
  if (problem !== undefined)
    throw new UserError(PROBLEM_KEYS[problem.code], {
      question: q.label,
      ...problemParams(problem),
    });
  return value;
}

/**
 * Every question's answer, validated in order, with the skip rules applied as the answers go: a
 * skipped question has no answer (it cannot be required), and an answer to one is refused.
 */
function checkRaw(
  poll: Poll,
  rawOf: (question: number) => RawAnswer | undefined,
): (Answer | undefined)[] {
  const answers: (Answer | undefined)[] = [];
  const skipped = new Set<number>();
  for (const [index, q] of poll.questions.entries()) {
    const raw = rawOf(index);
    if (skipped.has(index)) {
      if (validateAnswer({ ...q, required: false }, raw).value !== undefined)
        throw new UserError('polls.skipped', { question: q.label });
      answers.push(undefined);
      continue;
    }
    const answer = checkOne(q, raw);
    answers.push(answer);
    const picked = indexesOf(q, answer);
    for (const b of poll.branches)
      if (b.question === index && picked.includes(b.choice))
        for (let j = index + 1; j < b.goto; j++) skipped.add(j);
  }
  return answers;
}

/**
 * The ballot a Vote form carried: each field's question is its index in the poll, and each picked
 * value its option's index (-1 for a value the question does not offer, which validation refuses).
 */
export function ballotFromAnswers(poll: Poll, answers: readonly SubmittedAnswer[]): Ballot {
  const ballot = new Map<number, BallotEntry>();
  for (const { ref, raw } of answers) {
    // The form's version (its fields' revision) is checked in the vote's transaction.
    if (raw === undefined) continue;
    const q = poll.questions[ref.question];
    const options = q === undefined ? [] : optionsOf(q);
    ballot.set(
      ref.question,
      'text' in raw
        ? { text: raw.text }
        : { choices: raw.picked.map((value) => options.findIndex((o) => o.value === value)) },
    );
  }
  return ballot;
}

/**
 * The version of the poll a Vote form was rendered from: its fields' revision (every field
 * carries it), or -1 when they disagree or there are none (a forged form: refused as changed).
 */
export function formVersion(answers: readonly SubmittedAnswer[]): number {
  const versions = new Set(answers.map((a) => a.ref.revision));
  return versions.size === 1 ? [...versions][0]! : -1;
}

/**
 * What a vote is stored under in an anonymous poll: a hash of the voter key and what it is for
 * (`voter` for the one-vote-per-member row, `q0`, `q1`… for each question's answers). Without the
 * voter key the rows of one person cannot be matched up; with it, each row is found again.
 */
export function storageKey(voter: string, scope: string): string {
  return createHash('sha256').update(`${scope}:${voter}`).digest('base64url').slice(0, 32);
}

/** A random id: for written answers and ballots, so no counter tells in which order they came. */
const randomId = () => randomBytes(12).toString('base64url');

/** Each ranking ballot of a poll, by question: its choice indexes, first place first. */
async function rankingBallots(
  trx: Db | Tx,
  pollId: number,
): Promise<{ question: number; choices: number[] }[]> {
  const picks = await repo.rankedPicks(trx, pollId);
  const ballots = new Map<string, { question: number; places: [number, number][] }>();
  for (const p of picks) {
    const key = `${p.question}:${p.voter}`;
    const ballot = ballots.get(key) ?? { question: p.question, places: [] };
    ballot.places.push([p.rank, p.choice]);
    ballots.set(key, ballot);
  }
  return [...ballots.values()].map((b) => ({
    question: b.question,
    choices: b.places.sort((x, y) => x[0] - y[0]).map(([, choice]) => choice),
  }));
}

/**
 * Refreshes what managers see of an open anonymous poll (`poll_shown_*`) once at least
 * `minResponses` people have voted and at least `minResponses` ballots (votes or changes) came
 * since the last refresh: however often a manager looks, what they see moves by at least that
 * many votes at once, never by one person's.
 */
async function releaseSnapshot(trx: Tx, pollId: number, minResponses: number): Promise<void> {
  const row = await repo.ballotCounts(trx, pollId);
  if (row.voters < minResponses || row.ballots - row.shownBallots < minResponses) return;
  const texts = await repo.textsOf(trx, pollId);
  const rankings = await rankingBallots(trx, pollId);
  await repo.clearSnapshot(trx, pollId);
  await repo.copyTalliesToSnapshot(trx, pollId);
  for (const t of texts)
    await repo.addShownText(trx, { pollId, question: t.question, id: randomId(), text: t.text });
  for (const b of rankings)
    await repo.addShownRanking(trx, {
      pollId,
      question: b.question,
      id: randomId(),
      choices: b.choices,
    });
  await repo.markSnapshot(trx, pollId);
}

/**
 * Records a vote, or replaces the member's earlier one, in one transaction. Refused when the
 * poll is closed or belongs to another guild. Returns whether it replaced an earlier vote.
 * `voter` is the member's id (named polls) or {@link voterKey} (anonymous: never stored as such).
 */
export async function vote(
  db: Db,
  {
    guildId,
    pollId,
    voter,
    ballot,
    now,
    minResponses = DEFAULT_MIN_RESPONSES,
    version,
  }: {
    guildId: string;
    pollId: number;
    voter: string;
    ballot: Ballot;
    now: number;
    /** Anonymous polls: see {@link releaseSnapshot}. */
    minResponses?: number;
    /**
     * The poll's version the ballot was given against (the form's or button's). Checked in this
     * transaction: a manager's edit since then refuses the vote (`polls.changed`), so no vote
     * mixes two versions. Discord's adapters always pass it; omitted, the vote is taken as given
     * against the poll as it is now (callers that read the poll in the same breath).
     */
    version?: number;
  },
): Promise<{ replaced: boolean }> {
  return db.transaction().execute(async (trx) => {
    const poll = await openPollIn(trx, guildId, pollId, now);
    if (version !== undefined && version !== poll.version) throw new UserError('polls.changed');
    return recordVote(trx, poll, voter, checkBallot(poll, ballot), now, minResponses);
  });
}

/** The poll, in the caller's transaction, if it takes answers now; else what the member is told. */
async function openPollIn(trx: Tx, guildId: string, pollId: number, now: number): Promise<Poll> {
  const poll = await pollOf(trx, guildId, pollId);
  if (poll.status !== 'open' || (poll.closesAt !== null && poll.closesAt <= now))
    throw new UserError('polls.closed');
  return poll;
}

/** Stores checked answers as the member's vote (or in place of their earlier one). */
async function recordVote(
  trx: Tx,
  poll: Poll,
  voter: string,
  answers: readonly (Answer | undefined)[],
  now: number,
  minResponses: number,
): Promise<{ replaced: boolean }> {
  const pollId = poll.id;
  {
    // An anonymous vote keeps only the poll's day, and each question its own key.
    const at = poll.anonymous ? pollDay(poll) : now;
    const member = poll.anonymous ? storageKey(voter, 'voter') : voter;
    const replaced = await repo.hasVoter(trx, pollId, member);
    if (replaced) await repo.touchVoter(trx, pollId, member, at);
    else await repo.addVoter(trx, pollId, member, at);
    for (const [question, q] of poll.questions.entries()) {
      const answer = answers[question];
      const key = poll.anonymous ? storageKey(voter, `q${question}`) : voter;
      switch (q.kind) {
        case 'short':
        case 'paragraph': {
          if (replaced) await repo.dropText(trx, pollId, key, question);
          if (answer !== undefined && 'text' in answer)
            await repo.addText(trx, {
              pollId,
              question,
              id: randomId(),
              voter: key,
              text: answer.text,
              at,
            });
          break;
        }
        case 'single':
        case 'multi':
        case 'scale': {
          if (replaced) {
            for (const { choice } of await repo.choicesOf(trx, pollId, key, question))
              await repo.addToTally(trx, { pollId, question, choice, delta: -1 });
            await repo.dropChoices(trx, pollId, key, question);
          }
          for (const choice of indexesOf(q, answer)) {
            await repo.addChoice(trx, { pollId, voter: key, question, choice });
            await repo.addToTally(trx, { pollId, question, choice, delta: 1 });
          }
          break;
        }
        case 'ranking': {
          // Each ranked option keeps its place; its tally counts the ballots ranking it and
          // their Borda points (see rankPoints).
          if (replaced) {
            for (const old of await repo.choicesOf(trx, pollId, key, question))
              await repo.addToTally(trx, {
                pollId,
                question,
                choice: old.choice,
                delta: -1,
                points: -rankPoints(q, old.rank),
              });
            await repo.dropChoices(trx, pollId, key, question);
          }
          for (const [place, choice] of indexesOf(q, answer).entries()) {
            await repo.addRankedChoice(trx, {
              pollId,
              voter: key,
              question,
              choice,
              rank: place + 1,
            });
            await repo.addToTally(trx, {
              pollId,
              question,
              choice,
              delta: 1,
              points: rankPoints(q, place + 1),
            });
          }
          break;
        }
        default:
          assertNever(q);
      }
    }
    if (poll.anonymous) await releaseSnapshot(trx, pollId, minResponses);
    return { replaced };
  }
}

/**
 * Closing an anonymous poll makes its votes unlinkable for good, in the caller's transaction: the
 * poll's key and every voter row go, the picks are kept only as counts (a ranking ballot whole,
 * under a random id), written answers lose their voter key, and what managers saw goes too. Rows
 * are rewritten rather than updated, so nothing of a key is left in the file (`secure_delete`).
 */
async function forgetVoters(trx: Tx, pollId: number): Promise<void> {
  await repo.clearPollKey(trx, pollId);
  const ballots = await rankingBallots(trx, pollId);
  await repo.deleteVotes(trx, pollId);
  for (const b of ballots) {
    const id = randomId();
    for (const [place, choice] of b.choices.entries())
      await repo.addRankedChoice(trx, {
        pollId,
        question: b.question,
        voter: id,
        choice,
        rank: place + 1,
      });
  }
  await repo.clearSnapshot(trx, pollId);
  const texts = await repo.textsOf(trx, pollId);
  await repo.deleteTexts(trx, pollId);
  for (const t of texts)
    await repo.addText(trx, {
      pollId,
      question: t.question,
      id: randomId(),
      voter: null,
      text: t.text,
      at: t.at,
    });
}

/**
 * Closes a poll once, and in the same transaction enqueues its results: a poll never closes
 * without them, whatever fails after. A second close (the timer and a manager at once) changes
 * nothing. Returns the results' outbox row when this call closed it. An anonymous poll's voters
 * are forgotten in that transaction (see `forgetVoters`, with `secure_delete` fully on), and the
 * write-ahead log, which still holds the pages as they were, is truncated before it returns.
 */
export async function closePoll(
  db: Db,
  guildId: string,
  pollId: number,
  now: number,
): Promise<{ poll: Poll; closedNow: boolean; effectId?: number }> {
  const closed = await db.transaction().execute((trx) => closePollIn(trx, guildId, pollId, now));
  if (closed.closedNow && closed.poll.anonymous) await truncateWalInTurn(db);
  return closed;
}

/**
 * {@link closePoll} in the caller's transaction (a pulse round closes as the next one opens). An
 * anonymous poll closed here leaves the write-ahead log to the caller: truncate it after commit.
 */
export async function closePollIn(
  trx: Tx,
  guildId: string,
  pollId: number,
  now: number,
): Promise<{ poll: Poll; closedNow: boolean; effectId?: number }> {
  const changed = await repo.closeOpenPoll(trx, guildId, pollId, now);
  if (changed === undefined) return { poll: await pollOf(trx, guildId, pollId), closedNow: false };
  // Unfinished answers are not counted: they go with the close (named and anonymous alike).
  await repo.deleteDrafts(trx, pollId);
  // Suggestions still waiting can no longer be added: they go, fingerprints and all.
  await repo.deleteSuggestions(trx, pollId);
  // What the close deletes or rewrites is zeroed in the file, not left in its free space.
  if (changed.anonymous) await withSecureDelete(trx, () => forgetVoters(trx, pollId));
  const { id } = await enqueue(
    trx,
    pollResultsEffect,
    { guildId, key: String(pollId), payload: { poll: pollId }, channelId: changed.channelId },
    now,
  );
  return { poll: await pollOf(trx, guildId, pollId), closedNow: true, effectId: id };
}

/** A manager's edit of a published poll: one question's patch, and the poll's settings. */
export interface PollEdit {
  /** The question to patch (0 first), when `patch` is given. */
  readonly question?: number;
  readonly patch?: Partial<Omit<PollQuestion, 'kind'>> & { readonly kind?: PollQuestion['kind'] };
  readonly results?: 'live' | 'hidden';
  /** Only ever refused when it differs: see edits.ts. */
  readonly anonymous?: boolean;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Edits an open poll, in one transaction (see edits.ts for what may change): before anyone
 * answered (no vote, no saved page), anything its checks accept; after, only wording fixes (and
 * new options at the end when the poll allows it), and then the poll shows as edited. The poll's
 * version goes up by one, an edit row records who, when and the wording before and after, every
 * unfinished response goes back to its first page (answers kept, to be sent again under the new
 * wording), and the edit effect shows the poll message again. A poll titled with its first
 * question keeps its title following it. Returns the poll as edited and the effect's row.
 */
export async function editPoll(
  db: Db,
  guildId: string,
  pollId: number,
  edit: PollEdit,
  by: string,
  now: number,
): Promise<{ poll: Poll; afterAnswers: boolean; effectId: number }> {
  return db.transaction().execute((trx) => editPollIn(trx, guildId, pollId, edit, by, now));
}

/** {@link editPoll} within a transaction the caller holds (an approved suggestion's, say). */
export async function editPollIn(
  trx: Tx,
  guildId: string,
  pollId: number,
  edit: PollEdit,
  by: string,
  now: number,
): Promise<{ poll: Poll; afterAnswers: boolean; effectId: number }> {
  {
    const poll = await pollOf(trx, guildId, pollId);
    if (poll.status !== 'open') throw new UserError('polls.edit.closed');
    const answered = poll.voters > 0 || (await repo.hasDrafts(trx, poll.id));
    let title = poll.title;
    let questions = poll.questions;
    if (edit.patch !== undefined) {
      const index = edit.question ?? 0;
      const old = poll.questions[index];
      if (old === undefined || !Number.isInteger(index))
        throw new UserError('polls.edit.noQuestion', { count: poll.questions.length });
      const described = poll.questions.map(pollQuestionOf);
      described[index] = { ...described[index]!, ...edit.patch };
      questions = isPaged(poll) ? checkSurveyQuestions(described) : checkQuestions(described);
      checkBranches(questions, poll.branches);
      // `/poll create` titles a poll with its question: the title follows it.
      if (index === 0 && oneLine(poll.title) === oneLine(old.label)) title = questions[0]!.label;
    }
    const before = {
      title: poll.title,
      questions: poll.questions,
      results: poll.results,
      anonymous: poll.anonymous,
    };
    const after = {
      title,
      questions,
      results: edit.results ?? poll.results,
      anonymous: edit.anonymous ?? poll.anonymous,
    };
    checkEdit(before, after, { answered, optionsOpen: poll.optionsOpen });
    const wording = (p: { title: string; questions: readonly PollFormQuestion[] }) =>
      JSON.stringify({ title: p.title, questions: p.questions });
    if (wording(before) === wording(after) && before.results === after.results)
      throw new UserError('polls.edit.nothing');
    const updated = await repo.updatePollWording(trx, poll.id, poll.version, {
      title,
      questions,
      results: after.results,
      edited: poll.edited || answered,
    });
    // Another edit or the close got there first (not within one process: transactions queue).
    if (updated === undefined) throw new UserError('polls.changed');
    await repo.addEdit(trx, {
      pollId: poll.id,
      version: updated.version,
      by,
      at: now,
      afterAnswers: answered,
      oldText: wording(before),
      newText: wording(after),
    });
    await repo.restartDrafts(trx, poll.id);
    const { id } = await enqueue(
      trx,
      pollEditEffect,
      {
        guildId,
        key: `${poll.id}:${updated.version}`,
        payload: { poll: poll.id },
        channelId: poll.channelId,
      },
      now,
    );
    return { poll: updated, afterAnswers: answered, effectId: id };
  }
}

/** A poll's edits, oldest first: who, when, and the wording before and after (as JSON). */
export async function pollEdits(db: Db, poll: Poll) {
  return repo.editsOf(db, poll.id);
}

/**
 * The results of a closed poll were given up (a permission since fixed): asked for again.
 * Returns true when they are queued again.
 */
export async function retryResults(db: Db, pollId: number, now: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const key = dedupeKeyOf(pollResultsEffect, String(pollId));
    return (await stateOf(trx, key))?.state === 'failed' && requeue(trx, key, now);
  });
}

/** A poll whose message could not be posted at all is withdrawn: closed, with no results. */
export async function withdrawPoll(
  trx: Tx,
  pollId: number,
  now: number,
): Promise<Poll | undefined> {
  const poll = await repo.withdrawOpenPoll(trx, pollId, now);
  if (poll === undefined) return undefined;
  await repo.deleteDrafts(trx, pollId);
  await repo.deleteSuggestions(trx, pollId);
  if (poll.anonymous) await forgetVoters(trx, pollId);
  return { ...poll, sealedKey: null };
}

export async function dueClosures(
  db: Db,
  now: number,
): Promise<{ guildId: string; pollId: number }[]> {
  return repo.pollsClosingBy(db, now);
}

/** Polls whose one reminder is due: each is marked reminded and its reminder enqueued, once. */
export async function claimReminders(db: Db, now: number): Promise<Poll[]> {
  return db.transaction().execute(async (trx) => {
    const polls = await repo.pollsToRemindBy(trx, now);
    for (const poll of polls) {
      await repo.markReminded(trx, poll.id);
      await enqueue(
        trx,
        pollReminderEffect,
        {
          guildId: poll.guildId,
          key: String(poll.id),
          payload: { poll: poll.id },
          channelId: poll.channelId,
        },
        now,
      );
    }
    return polls;
  });
}

/** Polls whose message shows stale counts. */
export async function dirtyPolls(
  db: Db,
): Promise<{ guildId: string; pollId: number; renderedAt: number }[]> {
  return repo.dirtyPolls(db);
}

/** The message was re-rendered. An anonymous poll keeps only the day of it (it follows a vote). */
export async function markRendered(db: Db, poll: Poll, now: number): Promise<void> {
  await repo.markRendered(db, poll.id, poll.anonymous ? Math.floor(now / DAY_MS) * DAY_MS : now);
}

export interface QuestionResult {
  readonly question: PollFormQuestion;
  /** Votes per choice index. */
  readonly counts: readonly number[];
  /** How many answered (-1 for multiple choice, where a member counts once per pick). */
  readonly answered: number;
  /** NPS only: promoters minus detractors, in percent. */
  readonly nps?: number;
  /** Rating only: the average of 1-5. */
  readonly average?: number;
  /** Ranking only: every option, best first (by Borda points). */
  readonly ranking?: readonly RankedOption[];
}

export interface RankedOption {
  /** The option's index. */
  readonly choice: number;
  /** 1 for the most points; options with equal points share a place. */
  readonly place: number;
  /** Borda points: `positions` for each first place, one less for each place below. */
  readonly points: number;
  /** On how many ballots the option is ranked at all. */
  readonly ranked: number;
  /** Its average place where it is ranked (1 is first); null when nobody ranked it. */
  readonly averageRank: number | null;
}

/** The results from the counters (no recount of the votes), as they stand now. */
export async function pollResults(db: Db, poll: Poll): Promise<QuestionResult[]> {
  const tallies = await repo.talliesOf(db, poll.id, 'counted');
  const texts = await repo.textCounts(db, poll.id, 'counted');
  return resultsFrom(poll, tallies, texts);
}

function resultsFrom(
  poll: Poll,
  tallies: readonly Tally[],
  texts: readonly TextCount[],
): QuestionResult[] {
  return poll.questions.map((question, index): QuestionResult => {
    const counts = Array.from({ length: choiceCount(question) }, () => 0);
    for (const t of tallies)
      if (t.question === index && t.choice < counts.length) counts[t.choice] = t.votes;
    const sum = counts.reduce((a, b) => a + b, 0);
    switch (question.kind) {
      case 'short':
      case 'paragraph':
        return {
          question,
          counts,
          answered: Number(texts.find((t) => t.question === index)?.n ?? 0),
        };
      case 'multi':
        return { question, counts, answered: -1 };
      case 'single':
        return { question, counts, answered: sum };
      case 'scale': {
        const result = { question, counts, answered: sum };
        if (sum === 0) return result;
        const { min, preset } = question.scale;
        if (preset === 'nps') {
          const promoters = counts[9]! + counts[10]!;
          const detractors = counts.slice(0, 7).reduce((a, b) => a + b, 0);
          return { ...result, nps: Math.round(((promoters - detractors) / sum) * 100) };
        }
        if (preset === 'rating')
          return {
            ...result,
            average: counts.reduce((total, n, i) => total + n * (min + i), 0) / sum,
          };
        return result;
      }
      case 'ranking': {
        const k = question.positions;
        const points = counts.map(() => 0);
        for (const t of tallies)
          if (t.question === index && t.choice < points.length) points[t.choice] = t.points;
        const options = counts.map((ranked, choice) => ({
          choice,
          points: points[choice]!,
          ranked,
          // Each ballot's places sum to ranked × (k + 1) − points for this option.
          averageRank: ranked === 0 ? null : (ranked * (k + 1) - points[choice]!) / ranked,
        }));
        const ranking = options
          .map((o) => ({ ...o, place: 1 + options.filter((x) => x.points > o.points).length }))
          .sort(
            (x, y) =>
              y.points - x.points ||
              (x.averageRank ?? Infinity) - (y.averageRank ?? Infinity) ||
              x.choice - y.choice,
          );
        // Every valid ballot ranks exactly k options.
        return { question, counts, answered: sum / k, ranking };
      }
      default:
        return assertNever(question);
    }
  });
}

/** What may be shown of a poll now, to managers or in its messages. */
export interface VisibleResults {
  /** An anonymous poll with fewer than `minResponses` people counted: nothing to show yet. */
  readonly withheld: boolean;
  /** How many people the figures count. */
  readonly voters: number;
  readonly results: readonly QuestionResult[];
}

/**
 * The results that may be shown. A named poll: as they stand. An anonymous poll: withheld until
 * `minResponses` people answered; while open, the last snapshot (see {@link releaseSnapshot});
 * once closed, the final counts.
 */
export async function visibleResults(
  db: Db,
  poll: Poll,
  minResponses = DEFAULT_MIN_RESPONSES,
): Promise<VisibleResults> {
  if (!poll.anonymous || poll.status === 'closed') {
    const results = await pollResults(db, poll);
    return { withheld: poll.anonymous && poll.voters < minResponses, voters: poll.voters, results };
  }
  const tallies = await repo.talliesOf(db, poll.id, 'shown');
  const texts = await repo.textCounts(db, poll.id, 'shown');
  return {
    withheld: poll.shownVoters < minResponses,
    voters: poll.shownVoters,
    results: resultsFrom(poll, tallies, texts),
  };
}

const alphabetically = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * The written answers to one question that may be shown: a named poll's in the order they came;
 * an anonymous poll's only with its figures (see {@link visibleResults}), from the snapshot while
 * it is open, and in alphabetical order, which says nothing about who wrote them or when.
 */
export async function visibleTexts(
  db: Db,
  poll: Poll,
  question: number,
  minResponses = DEFAULT_MIN_RESPONSES,
): Promise<{ text: string; voter: string | null; at: number }[]> {
  if (!poll.anonymous) return repo.namedTexts(db, poll.id, question);
  if ((await visibleResults(db, poll, minResponses)).withheld) return [];
  const texts = await repo.answerTexts(
    db,
    poll.id,
    question,
    poll.status === 'open' ? 'shown' : 'counted',
  );
  return texts.sort(alphabetically).map((text) => ({ text, voter: null, at: pollDay(poll) }));
}

/**
 * An anonymous poll's ranking ballots for one question, each its choice indexes first place
 * first, as they may be shown: with its figures, from the snapshot while it is open, in an order
 * that says nothing of who ranked what or when (sorted by the ballots themselves; the export
 * sorts them again by their words).
 */
async function visibleRankings(
  db: Db,
  poll: Poll,
  question: number,
  minResponses: number,
): Promise<number[][]> {
  if ((await visibleResults(db, poll, minResponses)).withheld) return [];
  const ballots =
    poll.status === 'open'
      ? await repo.shownRankings(db, poll.id, question)
      : (await rankingBallots(db, poll.id))
          .filter((b) => b.question === question)
          .map((b) => b.choices);
  return ballots.sort((x, y) => alphabetically(JSON.stringify(x), JSON.stringify(y)));
}

export interface ExportRow {
  readonly at: number;
  /** The time column as written: the vote's time, or for an anonymous poll only the poll's day. */
  readonly time: string;
  readonly question: string;
  readonly answer: string;
  readonly member: string;
}

/**
 * One row per answer (per question for surveys). A named poll: time, question, answer and the
 * member, in the order the votes came; a ranking is one row per ballot, its options in order
 * ("1. Pizza; 2. Sushi"). An anonymous poll: what {@link visibleResults} allows, with the poll's
 * day as the only time, one row per counted pick in question and choice order, then ranking
 * ballots and written answers alphabetically: no order, time or grouping in it says anything
 * about who voted what, or which answers came from the same person.
 */
export async function exportRows(
  db: Db,
  poll: Poll,
  minResponses = DEFAULT_MIN_RESPONSES,
): Promise<ExportRow[]> {
  if (poll.anonymous) return anonymousExportRows(db, poll, minResponses);
  return (await namedExportRows(db, poll)).map((r) => ({
    ...r,
    time: new Date(r.at).toISOString(),
  }));
}

async function anonymousExportRows(db: Db, poll: Poll, minResponses: number): Promise<ExportRow[]> {
  const visible = await visibleResults(db, poll, minResponses);
  if (visible.withheld) return [];
  const at = pollDay(poll);
  const time = new Date(at).toISOString().slice(0, 10);
  const rows: ExportRow[] = [];
  for (const [index, r] of visible.results.entries()) {
    const q = r.question;
    const row = (answer: string) => ({ at, time, question: q.label, answer, member: '' });
    switch (q.kind) {
      case 'short':
      case 'paragraph':
        for (const t of await visibleTexts(db, poll, index, minResponses)) rows.push(row(t.text));
        break;
      case 'ranking':
        for (const ballot of (await visibleRankings(db, poll, index, minResponses))
          .map((choices) =>
            describeAnswer(q, { ranking: choices.map((c) => q.choices[c]?.key ?? '') }),
          )
          .sort(alphabetically))
          rows.push(row(ballot));
        break;
      case 'single':
      case 'multi':
      case 'scale':
        for (const [choice, count] of r.counts.entries())
          for (let n = 0; n < count; n++) rows.push(row(choiceLabel(q, choice)));
        break;
      default:
        assertNever(q);
    }
  }
  return rows;
}

/** A named poll's rows for {@link exportRows}, in the order the votes came. */
async function namedExportRows(
  db: Db,
  poll: Poll,
): Promise<{ at: number; question: string; answer: string; member: string }[]> {
  const choices = await repo.namedPicks(db, poll.id);
  const texts = await repo.textsOf(db, poll.id);
  const member = (voter: string | null) => voter ?? '';
  type Row = { at: number; question: string; answer: string; member: string };
  const rows: Row[] = [];
  const ballots = new Map<string, { row: Row; places: { rank: number; choice: number }[] }>();
  for (const c of choices) {
    const q = poll.questions[c.question];
    if (q === undefined) continue;
    const row = { at: c.votedAt, question: q.label, answer: '', member: member(c.voter) };
    switch (q.kind) {
      case 'single':
      case 'multi':
      case 'scale':
        rows.push({ ...row, answer: choiceLabel(q, c.choice) });
        break;
      case 'ranking': {
        const key = `${c.question}:${c.voter}`;
        let ballot = ballots.get(key);
        if (ballot === undefined) {
          ballot = { row, places: [] };
          ballots.set(key, ballot);
          rows.push(row);
        }
        ballot.places.push({ rank: c.rank ?? 0, choice: c.choice });
        ballot.row.answer = describeAnswer(q, {
          ranking: [...ballot.places]
            .sort((x, y) => x.rank - y.rank)
            .map((p) => q.choices[p.choice]?.key ?? ''),
        });
        break;
      }
      case 'short':
      case 'paragraph':
        break;
      default:
        assertNever(q);
    }
  }
  for (const t of texts)
    rows.push({
      at: t.at,
      question: poll.questions[t.question]?.label ?? '',
      answer: t.text,
      member: member(t.voter),
    });
  return rows.sort((x, y) => x.at - y.at);
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

const draftAnswersSchema = z.record(z.string(), rawAnswerSchema);
type DraftAnswers = Readonly<Record<string, RawAnswer>>;

/**
 * The key a draft is sealed under in an anonymous poll: derived from the voter key, which only
 * the poll's own key (under hearth.key) gives. A copy of the database alone opens no draft, and
 * cannot tell whose draft a row is (its `voter` is another hash of the same voter key).
 */
const draftKey = (voter: string) => createHash('sha256').update(`draft-key:${voter}`).digest();

function sealDraft(voter: string, answers: DraftAnswers): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', draftKey(voter), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(answers)), cipher.final()]);
  return [iv, data, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

function openDraft(voter: string, sealed: string): string {
  const [iv, data, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', draftKey(voter), iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
}

interface Draft {
  readonly page: number;
  readonly answers: DraftAnswers;
}

async function draftOf(trx: Db | Tx, poll: Poll, voter: string): Promise<Draft | undefined> {
  const row = await repo.findDraft(
    trx,
    poll.id,
    poll.anonymous ? storageKey(voter, 'draft') : voter,
  );
  if (row === undefined) return undefined;
  const json = poll.anonymous ? openDraft(voter, row.answers) : row.answers;
  return { page: row.page, answers: parseJson(draftAnswersSchema, json, 'poll_drafts.answers') };
}

/** The option indexes a draft's answer to a choice question picked (for the skip rules). */
function pickedIndexes(q: PollFormQuestion, raw: RawAnswer | undefined): number[] | undefined {
  if (raw === undefined || !('picked' in raw)) return undefined;
  const options = optionsOf(q);
  return raw.picked.map((value) => options.findIndex((o) => o.value === value));
}

function pagesWith(poll: Poll, answers: DraftAnswers): number[][] {
  return surveyPages(poll.questions, poll.branches, (i) =>
    pickedIndexes(poll.questions[i]!, answers[String(i)]),
  );
}

/** Where a member stands in a poll answered in pages: the page to answer next, and of how many. */
export interface SurveyProgress {
  /** The page to answer next (0 first). */
  readonly page: number;
  /** How many pages there are, as far as the answers so far tell (skips can shorten it). */
  readonly pages: number;
  /** The questions of that page, by index. */
  readonly questions: readonly number[];
  /**
   * What the member saved of that page before (after an edit, every unfinished response starts
   * again at the first page, its answers kept): the form is filled with it.
   */
  readonly saved?: Readonly<Record<string, RawAnswer>>;
}

/** Whether a poll is answered in pages (a survey whose questions do not fit one modal). */
export function isPaged(poll: Poll): boolean {
  return poll.surveyId !== null || pagesWith(poll, {}).length > 1;
}

/** The page a member answers next: where they stopped, or the first. */
export async function surveyProgress(db: Db, poll: Poll, voter: string): Promise<SurveyProgress> {
  const draft = await draftOf(db, poll, voter);
  const pages = pagesWith(poll, draft?.answers ?? {});
  const page = Math.min(draft?.page ?? 0, pages.length - 1);
  return { page, pages: pages.length, questions: pages[page] ?? [], saved: draft?.answers ?? {} };
}

/**
 * Saves one page of a member's answers, in one transaction. Only the page they are on is taken
 * (a page sent out of order, or a field of another page, is refused), each answer is checked
 * with the forms kit, and the skip rules decide the next page. The last page records the whole
 * response as their vote (replacing an earlier one) and deletes the draft. Refused when the poll
 * is closed or belongs to another guild. `voter` as for {@link vote}.
 */
export async function saveSurveyPage(
  db: Db,
  {
    guildId,
    pollId,
    voter,
    page,
    answers,
    now,
    minResponses = DEFAULT_MIN_RESPONSES,
  }: {
    guildId: string;
    pollId: number;
    voter: string;
    page: number;
    answers: readonly SubmittedAnswer[];
    now: number;
    minResponses?: number;
  },
): Promise<
  | { readonly done: false; readonly next: SurveyProgress }
  | { readonly done: true; readonly replaced: boolean }
> {
  return db.transaction().execute(async (trx) => {
    const poll = await openPollIn(trx, guildId, pollId, now);
    const draft = await draftOf(trx, poll, voter);
    const saved = draft?.answers ?? {};
    const expected = draft?.page ?? 0;
    if (page !== expected) throw new UserError('polls.pageOutOfOrder', { page: expected + 1 });
    const onPage = pagesWith(poll, saved)[page];
    if (onPage === undefined) throw new UserError('polls.pageOutOfOrder', { page: expected + 1 });
    const merged: Record<string, RawAnswer> = { ...saved };
    const submitted = new Map<number, RawAnswer | undefined>();
    for (const { ref, raw } of answers) {
      // A page rendered before an edit: refused whole, so no response mixes two versions.
      if (ref.revision !== poll.version) throw new UserError('polls.changed');
      if (!onPage.includes(ref.question))
        throw new UserError('polls.answerInvalid', { question: String(ref.question) });
      submitted.set(ref.question, raw);
    }
    for (const index of onPage) {
      const raw = submitted.get(index);
      // Checked now, so the member hears of a problem on the page they can still fix.
      checkOne(poll.questions[index]!, raw);
      if (raw === undefined) delete merged[String(index)];
      else merged[String(index)] = raw;
    }
    const pages = pagesWith(poll, merged);
    const draftVoter = poll.anonymous ? storageKey(voter, 'draft') : voter;
    if (page + 1 < pages.length) {
      const stored = poll.anonymous ? sealDraft(voter, merged) : JSON.stringify(merged);
      await repo.saveDraft(trx, {
        pollId: poll.id,
        voter: draftVoter,
        page: page + 1,
        answers: stored,
      });
      return {
        done: false as const,
        next: { page: page + 1, pages: pages.length, questions: pages[page + 1]! },
      };
    }
    // The whole response, as one vote: questions on no page (skipped) have no answer.
    const asked = new Set(pages.flat());
    const checked = checkRaw(poll, (i) => (asked.has(i) ? merged[String(i)] : undefined));
    const { replaced } = await recordVote(trx, poll, voter, checked, now, minResponses);
    await repo.deleteDraft(trx, poll.id, draftVoter);
    return { done: true as const, replaced };
  });
}

/** One member's whole response to a named poll or survey: an answer per question (null: none). */
export interface NamedResponse {
  readonly member: string;
  /** When the response was last given. */
  readonly at: number;
  /** Per question, in the poll's order: the answer as written in exports, or null (skipped). */
  readonly answers: readonly (string | null)[];
  /** Per question: the picked choice indexes (choice questions; empty for text or none). */
  readonly choices: readonly (readonly number[])[];
}

/**
 * A named poll's responses, one per member, in the order they came (then by member id). Refused
 * for an anonymous poll: its answers are stored under one key per question, so nothing can put
 * one person's answers together (see {@link storageKey}), and no export tries.
 */
export async function namedResponses(db: Db, poll: Poll): Promise<NamedResponse[]> {
  if (poll.anonymous) throw new UserError('polls.anonymousResponses');
  const n = poll.questions.length;
  type Acc = { at: number; places: { question: number; choice: number; rank: number }[] };
  const byMember = new Map<string, Acc>();
  const accOf = (member: string, at: number) => {
    let acc = byMember.get(member);
    if (acc === undefined) {
      acc = { at, places: [] };
      byMember.set(member, acc);
    }
    return acc;
  };
  for (const p of await repo.namedPicks(db, poll.id))
    accOf(p.voter, p.votedAt).places.push({
      question: p.question,
      choice: p.choice,
      rank: p.rank ?? 0,
    });
  const texts = new Map<string, string>();
  for (const t of await repo.textsOf(db, poll.id)) {
    if (t.voter === null) continue;
    accOf(t.voter, t.at);
    texts.set(`${t.voter}:${t.question}`, t.text);
  }
  const responses: NamedResponse[] = [];
  for (const [member, acc] of byMember) {
    const answers: (string | null)[] = [];
    const choices: number[][] = [];
    for (let index = 0; index < n; index++) {
      const q = poll.questions[index]!;
      const picked = acc.places
        .filter((p) => p.question === index)
        .sort((x, y) => x.rank - y.rank || x.choice - y.choice);
      choices.push(q.kind === 'short' || q.kind === 'paragraph' ? [] : picked.map((p) => p.choice));
      switch (q.kind) {
        case 'short':
        case 'paragraph':
          answers.push(texts.get(`${member}:${index}`) ?? null);
          break;
        case 'ranking':
          answers.push(
            picked.length === 0
              ? null
              : describeAnswer(q, { ranking: picked.map((p) => q.choices[p.choice]?.key ?? '') }),
          );
          break;
        case 'single':
        case 'multi':
        case 'scale':
          answers.push(
            picked.length === 0 ? null : picked.map((p) => choiceLabel(q, p.choice)).join('; '),
          );
          break;
        default:
          assertNever(q);
      }
    }
    responses.push({ member, at: acc.at, answers, choices });
  }
  return responses.sort(
    (x, y) => x.at - y.at || (x.member < y.member ? -1 : x.member > y.member ? 1 : 0),
  );
}
