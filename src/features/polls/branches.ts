/**
 * Skip rules of a survey ("if the answer to Q2 is No, skip to Q5") and the pages members answer
 * it in. Pure: no Discord, no database.
 *
 * A rule belongs to a single-choice question and jumps forward only: from question `question`,
 * when its answer is option `choice`, the questions after it up to (not including) `goto` are
 * skipped (`goto` equal to the number of questions skips to the end). Forward-only rules cannot
 * form a cycle, so checking a survey is checking that every rule points forward to a question
 * that exists.
 *
 * Pages: questions in order, as many as fit Discord's 5 top-level components (the forms kit's
 * costs), and a question with a rule always ends its page, so which questions a page holds is
 * known from the answers to the pages before it. A skipped question is on no page and cannot be
 * answered (the vote refuses it).
 */
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { MODAL_LIMITS, questionCost, type Question } from '../../forms/index.js';

export interface Branch {
  /** The question the rule reads (its index), a single-choice question. */
  readonly question: number;
  /** The option (its index) that triggers the skip. */
  readonly choice: number;
  /** The first question asked after the skip (its index); the number of questions: the end. */
  readonly goto: number;
}

export const branchesSchema: z.ZodType<Branch[]> = z.array(
  z.object({
    question: z.number().int().nonnegative(),
    choice: z.number().int().nonnegative(),
    goto: z.number().int().positive(),
  }),
);

/** Checks rules against the questions: every problem is a message a manager can act on. */
export function checkBranches(questions: readonly Question[], branches: readonly Branch[]): void {
  const seen = new Set<string>();
  for (const b of branches) {
    const q = questions[b.question];
    if (q === undefined || q.kind !== 'single') throw new UserError('polls.branchSource');
    if (b.choice >= q.choices.length) throw new UserError('polls.branchChoice');
    // Forward only, and past the next question (a skip to the next question skips nothing).
    if (b.goto <= b.question + 1 || b.goto > questions.length)
      throw new UserError('polls.branchTarget', { max: questions.length });
    const key = `${b.question}:${b.choice}`;
    if (seen.has(key)) throw new UserError('polls.branchTwice');
    seen.add(key);
  }
}

/**
 * The questions skipped given the answers so far (`picked`: the option indexes each answered
 * choice question picked). A skipped question's own rules do not apply (it has no answer).
 */
export function skippedQuestions(
  count: number,
  branches: readonly Branch[],
  picked: (question: number) => readonly number[] | undefined,
): Set<number> {
  const skipped = new Set<number>();
  for (let i = 0; i < count; i++) {
    if (skipped.has(i)) continue;
    const choices = picked(i);
    if (choices === undefined) continue;
    for (const b of branches)
      if (b.question === i && choices.includes(b.choice))
        for (let j = i + 1; j < b.goto; j++) skipped.add(j);
  }
  return skipped;
}

/**
 * The pages of a survey as far as the answers so far tell: question indexes, in order, each page
 * within a modal, a question with a rule last on its page. Pages after an unanswered rule assume
 * no skip (they are laid out again once it is answered).
 */
export function surveyPages(
  questions: readonly Question[],
  branches: readonly Branch[],
  picked: (question: number) => readonly number[] | undefined,
): number[][] {
  const skipped = skippedQuestions(questions.length, branches, picked);
  const sources = new Set(branches.map((b) => b.question));
  const pages: number[][] = [];
  let page: number[] = [];
  let used = 0;
  for (const [i, q] of questions.entries()) {
    if (skipped.has(i)) continue;
    const cost = questionCost(q);
    if (used + cost > MODAL_LIMITS.components && page.length > 0) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(i);
    used += cost;
    if (sources.has(i)) {
      pages.push(page);
      page = [];
      used = 0;
    }
  }
  if (page.length > 0) pages.push(page);
  return pages;
}
