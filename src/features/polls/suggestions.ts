/**
 * Members may add an option (issue 16): on a poll created with "options may be added"
 * (`optionsOpen`), a member suggests one; it waits for the managers, who approve it (the option is
 * added at the end of the poll's first choice question through the poll's own edit, version and
 * all) or reject it. No Discord here.
 *
 * - The text is tidied (spaces folded, invisible characters dropped) and refused when empty, only
 *   formatting, a mention, longer than an option may be ({@link LIMITS.option}, which fits a
 *   button label and a select option alike), the same as an option the question has or a
 *   suggestion waiting (by case, width and formatting), or when the question is full.
 * - One pending suggestion per member per poll and at most {@link SUGGESTIONS_PER_HOUR} an hour,
 *   checked and added in one transaction, with unique indexes behind it.
 * - Who suggested is a keyed fingerprint of the poll and the member, distinct from the voter key
 *   (it cannot tie a suggestion to a vote); nothing a suggestion shows names them.
 * - Approval is one transaction: the suggestion leaves `pending` only once, and the edit that
 *   adds the option commits with it (a second press, even at the same moment, adds nothing).
 */
import { createHmac } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import { UserError } from '../../core/errors.js';
import { enqueue } from '../../core/outbox/store.js';
import { pollSuggestionEffect } from './effects.js';
import { LIMITS, pollQuestionOf, type PollFormQuestion } from './questions.js';
import * as repo from './repository.js';
import type { Poll, PollSuggestion } from './repository.js';
import { editPollIn, pollOf } from './service.js';

export type { PollSuggestion } from './repository.js';

/** How many options one member may suggest for one poll in an hour. */
export const SUGGESTIONS_PER_HOUR = 3;
const HOUR = 60 * 60 * 1000;

/** The question suggestions go to: the poll's first choice question, if it has one. */
export function suggestionQuestion(poll: Pick<Poll, 'questions'>): number | undefined {
  const index = poll.questions.findIndex(
    (q: PollFormQuestion) => q.kind === 'single' || q.kind === 'multi' || q.kind === 'ranking',
  );
  return index < 0 ? undefined : index;
}

/** Whether the poll takes suggestions now: open, created so, with a choice question. */
export function takesSuggestions(poll: Poll): boolean {
  return poll.status === 'open' && poll.optionsOpen && suggestionQuestion(poll) !== undefined;
}

// Lone invisible and combining marks are what it strips.
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF]/gu;
const MENTION = /<@[!&]?\d+>|<#\d+>|<\/[^>\s]+:\d+>|@(everyone|here)\b/iu;
/** Markdown that alone says nothing: emphasis, code, spoilers, quotes, headings, list marks. */
const MARKUP = /[*_~`|>#\-\\[\]()]/gu;

/** The form two options are compared in: case, width, spaces and formatting folded. */
export function optionKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(MARKUP, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** A suggestion's text tidied, or the refusal the member is shown. */
export function cleanSuggestion(raw: string): { label: string; key: string } {
  const label = raw.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  if (MENTION.test(label)) throw new UserError('polls.suggest.mention');
  const key = optionKey(label);
  if (key.length === 0) throw new UserError('polls.suggest.empty');
  const length = [...label].length;
  if (length > LIMITS.option)
    throw new UserError('polls.suggest.tooLong', { length, max: LIMITS.option });
  return { label, key };
}

/** The member's fingerprint in one poll's suggestions (keyed: names nobody without the key). */
export function suggesterKey(pollId: number, userId: string, masterKey: Buffer): string {
  return createHmac('sha256', masterKey)
    .update(`poll-suggestion:${pollId}:${userId}`)
    .digest('base64url')
    .slice(0, 32);
}

function refuseUnlessOpen(poll: Poll): number {
  if (poll.status !== 'open') throw new UserError('polls.closed');
  const question = suggestionQuestion(poll);
  if (!poll.optionsOpen || question === undefined) throw new UserError('polls.suggest.notAllowed');
  return question;
}

/** Refuses a member before they type: the poll takes no suggestions, or theirs is pending. */
export async function checkCanSuggest(
  db: Db,
  poll: Poll,
  userId: string,
  masterKey: Buffer,
  now: number,
): Promise<void> {
  refuseUnlessOpen(poll);
  const facts = await repo.suggestionFacts(
    db,
    poll.id,
    suggesterKey(poll.id, userId, masterKey),
    -1,
    '',
    now - HOUR,
  );
  if (facts.pendingMine) throw new UserError('polls.suggest.pending');
  if (facts.recentMine >= SUGGESTIONS_PER_HOUR)
    throw new UserError('polls.suggest.tooMany', { count: SUGGESTIONS_PER_HOUR });
}

/** A unique index refused the row: someone's (or this member's) suggestion got there first. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === '23505' ||
    (typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed'))
  );
}

/**
 * A member suggests an option: checked, stored pending, and the review managers read enqueued in
 * the same transaction (so "sent to the managers" always holds).
 */
export async function suggestOption(
  db: Db,
  input: {
    guildId: string;
    pollId: number;
    userId: string;
    text: string;
    now: number;
    masterKey: Buffer;
  },
): Promise<PollSuggestion> {
  const { label, key } = cleanSuggestion(input.text);
  try {
    return await db.transaction().execute(async (trx) => {
      const poll = await pollOf(trx, input.guildId, input.pollId);
      const question = refuseUnlessOpen(poll);
      const asked = poll.questions[question]!;
      const options = pollQuestionOf(asked).options ?? [];
      if (options.some((o) => optionKey(o) === key))
        throw new UserError('polls.suggest.duplicate', { option: label });
      if (options.length >= LIMITS.options)
        throw new UserError('polls.suggest.full', { max: LIMITS.options });
      const mine = suggesterKey(poll.id, input.userId, input.masterKey);
      const facts = await repo.suggestionFacts(trx, poll.id, mine, question, key, input.now - HOUR);
      if (facts.pendingMine) throw new UserError('polls.suggest.pending');
      if (facts.recentMine >= SUGGESTIONS_PER_HOUR)
        throw new UserError('polls.suggest.tooMany', { count: SUGGESTIONS_PER_HOUR });
      if (facts.pendingSame) throw new UserError('polls.suggest.duplicate', { option: label });
      const suggestion = await repo.insertSuggestion(trx, {
        guildId: poll.guildId,
        pollId: poll.id,
        question,
        label,
        labelKey: key,
        suggesterKey: mine,
        createdAt: input.now,
      });
      await enqueue(
        trx,
        pollSuggestionEffect,
        {
          guildId: poll.guildId,
          key: String(suggestion.id),
          payload: { suggestion: suggestion.id },
          channelId: await repo.logChannelOf(trx, poll.guildId),
        },
        input.now,
      );
      return suggestion;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserError('polls.suggest.pending');
    throw error;
  }
}

export async function suggestionOf(db: Db, guildId: string, id: number): Promise<PollSuggestion> {
  const suggestion = await repo.findSuggestion(db, guildId, id);
  if (suggestion === undefined) throw new UserError('polls.suggest.unknown');
  return suggestion;
}

/**
 * A manager approves or rejects a suggestion, once. Approving adds the option at the end of its
 * question through the poll's edit (its rules, its version, its message shown again), in the
 * same transaction. Returns the decision and, when approved, the edit's outbox row.
 */
export async function decideSuggestion(
  db: Db,
  input: { guildId: string; id: number; approve: boolean; by: string; now: number },
): Promise<{ suggestion: PollSuggestion; poll: Poll; effectId?: number }> {
  return db.transaction().execute(async (trx: Transaction<Database>) => {
    const found = await repo.findSuggestion(trx, input.guildId, input.id);
    if (found === undefined) throw new UserError('polls.suggest.unknown');
    const poll = await pollOf(trx, input.guildId, found.pollId);
    if (poll.status !== 'open') throw new UserError('polls.closed');
    const decided = await repo.decidePendingSuggestion(
      trx,
      input.guildId,
      input.id,
      input.approve ? 'approved' : 'rejected',
    );
    if (decided === undefined) throw new UserError('polls.suggest.alreadyReviewed');
    if (!input.approve) return { suggestion: decided, poll };
    const asked = poll.questions[decided.question];
    if (asked === undefined) throw new UserError('polls.suggest.unknown');
    const options = pollQuestionOf(asked).options ?? [];
    const key = optionKey(decided.label);
    // Added by hand (or by another suggestion) meanwhile.
    if (options.some((o) => optionKey(o) === key))
      throw new UserError('polls.suggest.duplicate', { option: decided.label });
    if (options.length >= LIMITS.options)
      throw new UserError('polls.suggest.full', { max: LIMITS.options });
    const edited = await editPollIn(
      trx,
      input.guildId,
      poll.id,
      { question: decided.question, patch: { options: [...options, decided.label] } },
      input.by,
      input.now,
    );
    return { suggestion: decided, poll: edited.poll, effectId: edited.effectId };
  });
}
