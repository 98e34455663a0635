/**
 * What an edit of a published poll may change (issue 16). Pure: no Discord, no database.
 *
 * - **Before the first answer** (no vote and no saved page), anything the poll's own checks
 *   accept: question text, options, kinds, whether a question is required, and whether results
 *   are live or hidden. The one setting that never changes is anonymity, in either direction:
 *   a poll announced as anonymous stays anonymous, and a named one stays named (its audience was
 *   told so, and an anonymous poll needs its own key and an audience of at least the anonymity
 *   minimum from the start; create a new poll instead).
 * - **After it**, only a *wording fix*, defined mechanically by {@link wordingProblem}: the same
 *   questions, kinds, settings and options in the same order (nothing added, removed or
 *   reordered), and each changed text (the title, a question, an option) within a small edit
 *   distance of what it was. The one exception: a poll created with "options may be added"
 *   (`optionsOpen`) takes new options at the end of a choice question (they shift nothing, so
 *   every answer given keeps its meaning).
 *
 * Every refusal is a {@link UserError} the manager can act on.
 */
import { UserError } from '../../core/errors.js';
import type { PollFormQuestion } from './questions.js';

/** How far a wording fix may go: at most 10 characters, and at most 20 % of the text. */
export const WORDING = { maxChars: 10, share: 0.2 } as const;

/**
 * The optimal string alignment distance between two texts, in characters (code points): the
 * fewest insertions, deletions, substitutions and swaps of two neighbours that turn one into the
 * other ("teh" → "the" is 1, as a typo is).
 */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const rows: number[][] = [];
  for (let i = 0; i <= x.length; i++) rows.push([i, ...Array.from({ length: y.length }, () => 0)]);
  for (let j = 0; j <= y.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= x.length; i++)
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  return rows[x.length]![y.length]!;
}

/**
 * How many characters a wording fix may change in a text: 20 % of the longer of the two
 * versions, at least 1 and at most 10. "Piza" → "Pizza" passes; "Yes" → "No" does not.
 */
export function wordingAllowance(before: string, after: string): number {
  const length = Math.max([...before].length, [...after].length);
  return Math.min(WORDING.maxChars, Math.max(1, Math.floor(length * WORDING.share)));
}

/** Words that turn a sentence around, in English and Italian. */
const NEGATION =
  /(?<![\p{L}\p{N}])(not|no|never|none|nobody|nothing|non|mai|nessun[oa]?|niente|nulla|né)(?![\p{L}\p{N}])|n['’]t(?![\p{L}\p{N}])/giu;
const negations = (text: string) => (text.match(NEGATION) ?? []).length;
const numbers = (text: string) => (text.match(/\p{N}+/gu) ?? []).join(' ');

/**
 * Why changing `before` to `after` is not a wording fix, or undefined when it is (or nothing
 * changed). A wording fix keeps every number and every negation ("not", "non", "never", …) and
 * changes at most {@link wordingAllowance} characters.
 */
export function wordingProblem(
  before: string,
  after: string,
):
  | { key: 'polls.edit.numbers' | 'polls.edit.negation' | 'polls.edit.notWording'; max: number }
  | undefined {
  if (before === after) return undefined;
  const max = wordingAllowance(before, after);
  if (editDistance(before, after) > max) return { key: 'polls.edit.notWording', max };
  if (numbers(before) !== numbers(after)) return { key: 'polls.edit.numbers', max };
  if (negations(before) !== negations(after)) return { key: 'polls.edit.negation', max };
  return undefined;
}

/** What a poll looks like to an edit. */
export interface PollShape {
  readonly title: string;
  readonly questions: readonly PollFormQuestion[];
  readonly results: 'live' | 'hidden';
  readonly anonymous: boolean;
}

/** A value with its object keys sorted, so two equal questions stringify the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

/** A question without its words: what a wording fix must keep exactly. */
function structureOf(q: PollFormQuestion, choices: number): string {
  return JSON.stringify(
    canonical({
      ...q,
      label: '',
      description: undefined,
      choices: q.choices?.slice(0, choices).map((c) => c.key),
    }),
  );
}

function checkWording(before: string, after: string): void {
  const problem = wordingProblem(before, after);
  if (problem !== undefined) throw new UserError(problem.key, { before, after, max: problem.max });
}

/**
 * Checks an edit of a published poll against the rules above; `answered` says whether anyone
 * has answered (a vote, or a saved page of a survey). Throws what the manager is told.
 */
export function checkEdit(
  before: PollShape,
  after: PollShape,
  { answered, optionsOpen }: { readonly answered: boolean; readonly optionsOpen: boolean },
): void {
  if (before.anonymous !== after.anonymous)
    throw new UserError(before.anonymous ? 'polls.edit.staysAnonymous' : 'polls.edit.staysNamed');
  if (!answered) return;
  if (before.results !== after.results) throw new UserError('polls.edit.settingsAfterAnswers');
  if (before.questions.length !== after.questions.length)
    throw new UserError('polls.edit.structure');
  for (const [i, old] of before.questions.entries()) {
    const now = after.questions[i]!;
    const had = old.choices?.length ?? 0;
    const has = now.choices?.length ?? 0;
    if (has > had && old.kind === now.kind && !optionsOpen)
      throw new UserError('polls.edit.optionsClosed');
    if (has < had || structureOf(old, had) !== structureOf(now, had))
      throw new UserError('polls.edit.structure');
    checkWording(old.label, now.label);
    for (const [c, choice] of (old.choices ?? []).entries())
      checkWording(choice.label, now.choices![c]!.label);
  }
  checkWording(before.title, after.title);
}
