/**
 * A guild's bank of discussion prompts: added by managers, imported from a starter deck, or
 * suggested by members and reviewed by managers. The rules, scoped by guild; their SQL is in
 * repository.ts.
 */
import type { Transaction } from 'kysely';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import { enqueue } from '../../core/outbox/store.js';
import { promptReview } from './effects.js';
import type { Locale } from './messages.js';
import * as repo from './repository.js';
import type { Prompt } from './repository.js';

export type { Prompt } from './repository.js';

/** Long enough for a thoughtful question, short enough to post with its credit line. */
export const PROMPT_MAX = 1500;
const TAG = /^[\p{L}\p{N}_-]{1,32}$/u;

export function cleanPromptText(text: string): string {
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (cleaned.length === 0) throw new UserError('prompts.empty');
  if (cleaned.length > PROMPT_MAX)
    throw new UserError('prompts.tooLong', { max: PROMPT_MAX, length: cleaned.length });
  return cleaned;
}

export function cleanTag(tag: string | null | undefined): string | null {
  if (tag === null || tag === undefined || tag.trim() === '') return null;
  const cleaned = tag.trim().toLowerCase();
  if (!TAG.test(cleaned)) throw new UserError('prompts.badTag');
  return cleaned;
}

export async function addPrompt(
  db: Db,
  guildId: string,
  input: {
    text: string;
    tag?: string | null;
    authorId?: string;
    credit?: boolean;
    pending?: boolean;
  },
  now: number,
): Promise<Prompt> {
  return repo.insertPrompt(db, guildId, {
    text: cleanPromptText(input.text),
    tag: cleanTag(input.tag),
    authorId: input.authorId ?? null,
    credit: input.credit === true,
    status: input.pending === true ? 'pending' : 'active',
    createdAt: now,
  });
}

const DAY_MS = 24 * 3_600_000;

/**
 * A member's suggestions in the last 24 hours, and when the oldest of them stops counting. Every
 * suggestion counts, whatever managers did with it, so rejected ones cannot be sent in a loop.
 */
async function recentSuggestions(
  db: Db | Transaction<Database>,
  guildId: string,
  authorId: string,
  now: number,
): Promise<{ count: number; oldest: number | null }> {
  return repo.suggestionsSince(db, guildId, authorId, now - DAY_MS);
}

function refuseOverLimit(recent: { count: number; oldest: number | null }, perDay: number): void {
  if (recent.count < perDay) return;
  const at = (recent.oldest ?? 0) + DAY_MS;
  throw new UserError('prompts.suggestLimit', {
    max: perDay,
    at: `<t:${Math.ceil(at / 1000)}:R>`,
  });
}

/** Refuses up front when a member has no suggestion left today (before they type one). */
export async function checkSuggestionAllowance(
  db: Db,
  guildId: string,
  authorId: string,
  now: number,
  perDay: number,
): Promise<void> {
  refuseOverLimit(await recentSuggestions(db, guildId, authorId, now), perDay);
}

/**
 * A member suggests a prompt: it waits for managers, and the request they review is enqueued in
 * the same transaction, so "the managers will read your suggestion" always holds. At most
 * `perDay` per member in any 24 hours, counted and added in that transaction too, so
 * simultaneous submissions cannot pass the limit.
 */
export async function suggestPrompt(
  db: Db,
  guildId: string,
  input: { text: string; authorId: string; credit: boolean },
  now: number,
  perDay: number,
): Promise<Prompt> {
  const text = cleanPromptText(input.text);
  return db.transaction().execute(async (trx) => {
    refuseOverLimit(await recentSuggestions(trx, guildId, input.authorId, now), perDay);
    const prompt = await repo.insertPrompt(trx, guildId, {
      text,
      tag: null,
      authorId: input.authorId,
      credit: input.credit,
      status: 'pending',
      createdAt: now,
    });
    await enqueue(
      trx,
      promptReview,
      {
        guildId,
        key: String(prompt.id),
        payload: { prompt: prompt.id },
        channelId: await repo.logChannelOf(trx, guildId),
        subjectId: input.authorId,
      },
      now,
    );
    return prompt;
  });
}

export async function promptOf(db: Db, guildId: string, id: number): Promise<Prompt> {
  const prompt = await repo.promptById(db, guildId, id);
  // Removed prompts stay for history, but are unknown to everything else.
  if (prompt === undefined || prompt.status === 'removed') throw new UserError('prompts.unknown');
  return prompt;
}

export async function editPrompt(
  db: Db,
  guildId: string,
  id: number,
  change: { text?: string; tag?: string | null },
): Promise<Prompt> {
  await promptOf(db, guildId, id);
  return repo.updatePrompt(db, guildId, id, {
    ...(change.text === undefined ? {} : { text: cleanPromptText(change.text) }),
    ...(change.tag === undefined ? {} : { tag: cleanTag(change.tag) }),
  });
}

/** Removed prompts stay for history and statistics, but are never posted again. */
export async function removePrompt(db: Db, guildId: string, id: number): Promise<Prompt> {
  const prompt = await promptOf(db, guildId, id);
  await repo.markPromptRemoved(db, guildId, id);
  return prompt;
}

export async function listPrompts(
  db: Db,
  guildId: string,
  status: Prompt['status'] = 'active',
): Promise<Prompt[]> {
  return repo.promptsWithStatus(db, guildId, status);
}

/** A manager approves or rejects a member's suggestion; only the first decision counts. */
export async function reviewSuggestion(
  db: Db,
  guildId: string,
  id: number,
  approve: boolean,
): Promise<Prompt> {
  const result = await repo.decidePendingPrompt(db, guildId, id, approve ? 'active' : 'rejected');
  if (result === undefined) throw new UserError('prompts.alreadyReviewed');
  return result;
}

/** Adds the starter deck in the server's language, skipping prompts the bank already has. */
export async function importDeck(
  db: Db,
  guildId: string,
  locale: Locale,
  now: number,
): Promise<number> {
  const existing = new Set(await repo.activePromptTexts(db, guildId));
  const fresh = STARTER_DECK[locale].filter(([text]) => !existing.has(text));
  if (fresh.length === 0) return 0;
  await repo.insertPrompts(
    db,
    guildId,
    fresh.map(([text, tag]) => ({
      text,
      tag,
      authorId: null,
      credit: false,
      status: 'active' as const,
      createdAt: now,
    })),
  );
  return fresh.length;
}

/** Starter prompts for purpose-driven communities: [text, tag]. */
export const STARTER_DECK: Readonly<Record<Locale, readonly (readonly [string, string])[]>> = {
  en: [
    ['What made you join this community, and has that changed since?', 'purpose'],
    ['What is one thing you learned this week that others here could use?', 'learning'],
    [
      'What are you working on right now, and where could you use a second pair of eyes?',
      'projects',
    ],
    ['Share a small win from the last few days. What made it possible?', 'wins'],
    ['What question do you wish more people in our field would ask?', 'purpose'],
    ['Which resource (a book, a tool, a person) changed how you work?', 'learning'],
    ['What is a mistake you made that taught you something useful?', 'learning'],
    ['If this community had one shared project for a month, what should it be?', 'projects'],
    ['Who here helped you recently? Tell them, and tell us how.', 'community'],
    ['What would you like to get better at this season, and how could we help?', 'community'],
    ['What is an opinion you hold that most people around you disagree with?', 'conversation'],
    ['What does a good week look like for you?', 'conversation'],
  ],
  it: [
    ['Cosa ti ha fatto entrare in questa community, ed è cambiato qualcosa da allora?', 'scopo'],
    [
      'Qual è una cosa che hai imparato questa settimana e che potrebbe servire anche agli altri?',
      'imparare',
    ],
    [
      'Su cosa stai lavorando adesso, e dove ti farebbe comodo un secondo paio d’occhi?',
      'progetti',
    ],
    ['Racconta un piccolo successo degli ultimi giorni. Cosa lo ha reso possibile?', 'successi'],
    ['Quale domanda vorresti che più persone del nostro settore si facessero?', 'scopo'],
    [
      'Quale risorsa (un libro, uno strumento, una persona) ha cambiato il tuo modo di lavorare?',
      'imparare',
    ],
    ['Qual è un errore che hai fatto e che ti ha insegnato qualcosa di utile?', 'imparare'],
    [
      'Se questa community avesse un progetto comune per un mese, quale dovrebbe essere?',
      'progetti',
    ],
    ['Chi qui ti ha aiutato di recente? Diglielo, e raccontaci come.', 'community'],
    ['In cosa vorresti migliorare in questa stagione, e come potremmo aiutarti?', 'community'],
    [
      'Qual è un’opinione che hai e su cui la maggior parte delle persone intorno a te non è d’accordo?',
      'conversazione',
    ],
    ['Com’è, per te, una buona settimana?', 'conversazione'],
  ],
};
