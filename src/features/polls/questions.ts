/**
 * Poll questions: the kinds a manager picks (`/poll create kind:`), how each becomes a question of
 * the forms kit, how questions are checked when a poll is created, and how they are read back from
 * `polls.questions`. Polls store the kit's JSON; polls created before the kit stored
 * `{ kind: 'single' | 'multi' | 'rating' | 'nps' | 'text', label, options?, min?, max? }`, which
 * is parsed with zod and mapped here, so those rows keep working untouched. Pure: no Discord.
 *
 * Sites a new poll kind must handle (the typecheck stops at each): `POLL_KINDS` here,
 * `checkQuestion` (how it is checked) and `formQuestion` (what it becomes), and its label in
 * commands/poll.ts (`KIND_KEYS`). A poll kind
 * that is a new kit kind also stops at `FORM_KINDS` here, at the `switch`es over `question.kind`
 * in service.ts (`rawFromBallot`, `vote`'s storage, `pollResults`, `exportRows`), discord.ts
 * (`resultLines`, `renderCharts`) and commands/poll.ts (`/poll results`), and at the `Record` of
 * problem messages in service.ts when the kind brings a problem code of its own.
 */
import { z } from 'zod';
import { parseJson } from '../../core/json.js';
import { UserError } from '../../core/errors.js';
import {
  assertNever,
  formCost,
  MODAL_LIMITS,
  NPS,
  questionSchema,
  RANKING_MAX_POSITIONS,
  RATING,
  type Choice,
  type QuestionOf,
} from '../../forms/index.js';

/** The kinds `/poll create` offers, in the order Discord lists them. */
export const POLL_KINDS = ['single', 'multi', 'rating', 'nps', 'text', 'short', 'ranking'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

/** The kit's kinds a poll can hold. */
const FORM_KINDS = ['single', 'multi', 'scale', 'paragraph', 'short', 'ranking'] as const;
export type PollFormKind = (typeof FORM_KINDS)[number];

/** A question of a poll, as stored and asked. */
export type PollFormQuestion = QuestionOf<PollFormKind>;

export const LIMITS = {
  /** Open polls per server at once: one server cannot fill the queue everyone shares. */
  open: 25,
  /** `/poll create` titles a poll with its question. */
  title: 300,
  /** Discord's own polls allow 300; the Vote form shows a long question in full (see src/forms). */
  label: 300,
  option: 80,
  options: 25,
  questions: 5,
  text: 1000,
  /** A short written answer: one line (`short`). */
  short: 100,
  /** A survey (a poll answered in pages): up to 25 questions, each within one modal. */
  surveyQuestions: 25,
} as const;

/** A question as a manager describes it (from `/poll create`, or a template). */
export interface PollQuestion {
  readonly kind: PollKind;
  readonly label: string;
  /** Choice questions: 2 to 25 options. */
  readonly options?: readonly string[];
  /** Multiple choice: how many may be picked. */
  readonly min?: number;
  readonly max?: number;
  /** Ranking: how many of the options to order (default: as many as fit, up to 5). */
  readonly positions?: number;
  readonly required: boolean;
}

/** Choices get keys by position: `c1`, `c2`, … (votes are counted by position). */
const choicesFrom = (options: readonly string[]): Choice[] =>
  options.map((label, i) => ({ key: `c${i + 1}`, label }));

/** What a manager's question becomes (no checks: see {@link checkQuestions}). */
export function formQuestion(q: PollQuestion): PollFormQuestion {
  const base = { label: q.label, required: q.required };
  switch (q.kind) {
    case 'single':
      return { kind: 'single', ...base, choices: choicesFrom(q.options ?? []) };
    case 'multi': {
      const choices = choicesFrom(q.options ?? []);
      return {
        kind: 'multi',
        ...base,
        choices,
        minValues: q.min ?? 1,
        maxValues: q.max ?? choices.length,
      };
    }
    case 'rating':
      return { kind: 'scale', ...base, scale: RATING };
    case 'nps':
      return { kind: 'scale', ...base, scale: NPS };
    case 'text':
      return { kind: 'paragraph', ...base, maxLength: LIMITS.text };
    case 'short':
      return { kind: 'short', ...base, maxLength: LIMITS.short };
    case 'ranking': {
      const choices = choicesFrom(q.options ?? []);
      return {
        kind: 'ranking',
        ...base,
        choices,
        positions: q.positions ?? Math.min(choices.length, RANKING_MAX_POSITIONS),
      };
    }
    default:
      return assertNever(q.kind);
  }
}

/**
 * A stored question as a manager describes it, so an edit can patch it and check it again with
 * {@link checkQuestion}: the inverse of {@link formQuestion}, with every setting explicit.
 */
export function pollQuestionOf(q: PollFormQuestion): PollQuestion {
  const base = { label: q.label, required: q.required };
  switch (q.kind) {
    case 'single':
      return { kind: 'single', ...base, options: q.choices.map((c) => c.label) };
    case 'multi':
      return {
        kind: 'multi',
        ...base,
        options: q.choices.map((c) => c.label),
        min: q.minValues,
        max: q.maxValues,
      };
    case 'scale':
      return { kind: q.scale.preset === 'nps' ? 'nps' : 'rating', ...base };
    case 'paragraph':
      return { kind: 'text', ...base };
    case 'short':
      return { kind: 'short', ...base };
    case 'ranking':
      return {
        kind: 'ranking',
        ...base,
        options: q.choices.map((c) => c.label),
        positions: q.positions,
      };
    default:
      return assertNever(q);
  }
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Checks the questions a manager described; every problem is a message they can act on. The
 * questions must fit one Vote form: Discord allows 5 top-level components a modal, and a question
 * longer than 100 characters takes two (its text above its input).
 */
/** Options as a manager types them in one field: separated by semicolons or lines, blanks dropped. */
export function splitOptions(typed: string | undefined): string[] {
  return (typed ?? '')
    .split(/[;\n]/)
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}

export function checkQuestions(questions: readonly PollQuestion[]): PollFormQuestion[] {
  if (questions.length === 0 || questions.length > LIMITS.questions)
    throw new UserError('polls.questionCount', { max: LIMITS.questions });
  const checked = questions.map(checkQuestion);
  // A ranking left to its default orders fewer options rather than not fit (a "why?" after it).
  for (const [i, q] of checked.entries()) {
    const over = formCost(checked) - MODAL_LIMITS.components;
    if (over > 0 && q.kind === 'ranking' && questions[i]!.positions === undefined)
      checked[i] = { ...q, positions: Math.max(2, q.positions - over) };
  }
  if (formCost(checked) > MODAL_LIMITS.components)
    throw new UserError('polls.formTooBig', { max: MODAL_LIMITS.components });
  return checked;
}

/**
 * Checks a survey's questions: up to {@link LIMITS.surveyQuestions}, answered in pages (see
 * branches.ts), so each question must fit a modal of its own rather than all of them one.
 */
export function checkSurveyQuestions(questions: readonly PollQuestion[]): PollFormQuestion[] {
  if (questions.length === 0 || questions.length > LIMITS.surveyQuestions)
    throw new UserError('polls.questionCount', { max: LIMITS.surveyQuestions });
  const checked = questions.map(checkQuestion);
  if (checked.some((q) => formCost([q]) > MODAL_LIMITS.components))
    throw new UserError('polls.formTooBig', { max: MODAL_LIMITS.components });
  return checked;
}

export function checkQuestion(q: PollQuestion): PollFormQuestion {
  const label = clean(q.label);
  if (label.length === 0) throw new UserError('polls.labelEmpty');
  if (label.length > LIMITS.label) throw new UserError('polls.labelLong', { max: LIMITS.label });
  const base = { label, required: q.required };
  switch (q.kind) {
    case 'rating':
    case 'nps':
    case 'text':
    case 'short':
      return formQuestion({ kind: q.kind, ...base });
    case 'single':
      return formQuestion({ kind: q.kind, ...base, options: checkOptions(q) });
    case 'multi': {
      const options = checkOptions(q);
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
      return formQuestion({ kind: q.kind, ...base, options, min, max });
    }
    case 'ranking': {
      const options = checkOptions(q);
      const most = Math.min(options.length, RANKING_MAX_POSITIONS);
      const positions = q.positions ?? most;
      if (!Number.isInteger(positions) || positions < 1 || positions > most)
        throw new UserError('polls.rankPositions', { count: options.length, max: most });
      return formQuestion({ kind: q.kind, ...base, options, positions });
    }
    default:
      return assertNever(q.kind);
  }
}

/** A choice question's options, cleaned: 2 to 25 different ones, each short enough for a button. */
function checkOptions(q: PollQuestion): string[] {
  const options = [...new Set((q.options ?? []).map(clean).filter((o) => o.length > 0))];
  if (options.length < 2 || options.length > LIMITS.options)
    throw new UserError('polls.optionCount', { max: LIMITS.options });
  if (options.some((o) => o.length > LIMITS.option))
    throw new UserError('polls.optionLong', { max: LIMITS.option });
  return options;
}

/** A question as polls stored it before the forms kit. */
const legacySchema = z
  .object({
    kind: z.enum(['single', 'multi', 'rating', 'nps', 'text']),
    label: z.string(),
    options: z.array(z.string()).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    required: z.boolean(),
  })
  .transform((q) =>
    formQuestion({
      kind: q.kind,
      label: q.label,
      required: q.required,
      ...(q.options === undefined ? {} : { options: q.options }),
      ...(q.min === undefined ? {} : { min: q.min }),
      ...(q.max === undefined ? {} : { max: q.max }),
    }),
  );

const kitSchema = questionSchema(FORM_KINDS);

/**
 * One stored question: the kit's shape, or the old one. The old kinds `rating`, `nps` and `text`
 * and the old `options` list only ever appear in old rows (the kit says `scale`, `paragraph` and
 * `choices`), so they tell which is which.
 */
const storedQuestionSchema = z.looseObject({ kind: z.string() }).transform((row, ctx) => {
  const legacy = ['rating', 'nps', 'text'].includes(row.kind) || 'options' in row;
  const result = (legacy ? legacySchema : kitSchema).safeParse(row);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});
const storedSchema = z.array(storedQuestionSchema);

const parsed = new Map<string, readonly PollFormQuestion[]>();

/**
 * A poll's questions from `polls.questions`, memoized by their text (bounded), which keeps the
 * parse off the hot path of a vote (an edit writes new text, so it is parsed anew).
 */
export function parseQuestions(json: string): readonly PollFormQuestion[] {
  let questions = parsed.get(json);
  if (questions === undefined) {
    questions = Object.freeze(parseJson(storedSchema, json, 'polls.questions'));
    if (parsed.size >= 1_000) parsed.delete(parsed.keys().next().value!);
    parsed.set(json, questions);
  }
  return questions;
}
