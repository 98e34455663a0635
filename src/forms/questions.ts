/**
 * What a question members answer in a modal is, and what an answer to it is. One discriminated
 * union for every feature that asks (onboarding, polls, and next surveys and events); each feature
 * stores these shapes as JSON and picks the kinds it offers. Pure: no Discord, no database.
 *
 * Adding a kind: add its interface to {@link Question}, then follow the typecheck (README.md lists
 * every site it stops at).
 */
import { z } from 'zod';

export interface Choice {
  /** Stable across edits of the label, so answers (and onboarding's role mappings) survive a rename. */
  readonly key: string;
  readonly label: string;
}

interface Common {
  /** The question as members read it. Shown in full: see render.ts for where it goes. */
  readonly label: string;
  /** A line under the label (at most 100 characters, Discord's limit for a label's description). */
  readonly description?: string;
  readonly required: boolean;
}

/** Kinds without choices say so, so `question.choices` reads as "its choices, if any". */
interface NoChoices {
  readonly choices?: never;
}

/** A one-line text answer. */
export interface ShortQuestion extends Common, NoChoices {
  readonly kind: 'short';
  readonly maxLength: number;
}

/** A free-text answer of several lines (Discord's "paragraph" text input). */
export interface ParagraphQuestion extends Common, NoChoices {
  readonly kind: 'paragraph';
  readonly maxLength: number;
}

/** Exactly one of the choices. */
export interface SingleQuestion extends Common {
  readonly kind: 'single';
  readonly choices: readonly Choice[];
}

/** Between `minValues` and `maxValues` of the choices. */
export interface MultiQuestion extends Common {
  readonly kind: 'multi';
  readonly choices: readonly Choice[];
  readonly minValues: number;
  readonly maxValues: number;
}

export interface Scale {
  readonly min: 0 | 1;
  readonly max: 5 | 10;
  readonly lowLabel?: string;
  readonly highLabel?: string;
  /**
   * A fixed scale with a meaning of its own: `rating` is 1-5 stars (results show the average),
   * `nps` is 0-10 "how likely are you to recommend" (results show the Net Promoter Score).
   */
  readonly preset?: 'rating' | 'nps';
}

/** A point on a scale: 1-5 or 0-10, with optional words at both ends. */
export interface ScaleQuestion extends Common, NoChoices {
  readonly kind: 'scale';
  readonly scale: Scale;
}

/**
 * The choices in order of preference: the member ranks `positions` of them (at most 5, one input
 * each), first to last. A valid answer is an ordering of exactly that many different choices.
 */
export interface RankingQuestion extends Common {
  readonly kind: 'ranking';
  readonly choices: readonly Choice[];
  readonly positions: number;
}

/** A ranking orders at most 5 choices: one input per position, in a modal of 5 components. */
export const RANKING_MAX_POSITIONS = 5;

export type Question =
  | ShortQuestion
  | ParagraphQuestion
  | SingleQuestion
  | MultiQuestion
  | ScaleQuestion
  | RankingQuestion;

export type QuestionKind = Question['kind'];
export type QuestionOf<K extends QuestionKind> = Extract<Question, { readonly kind: K }>;

/** Every kind, once (a `Record` so that a kind missing here fails the typecheck). */
const KINDS: Record<QuestionKind, true> = {
  short: true,
  paragraph: true,
  single: true,
  multi: true,
  scale: true,
  ranking: true,
};
export const QUESTION_KINDS = Object.keys(KINDS) as readonly QuestionKind[];

/** A fixed scale: 1-5 stars. */
export const RATING: Scale = { min: 1, max: 5, preset: 'rating' };
/** A fixed scale: 0-10, scored as a Net Promoter Score. */
export const NPS: Scale = { min: 0, max: 10, preset: 'nps' };

export type TextAnswer = { readonly text: string };
export type ChoiceAnswer = { readonly choices: readonly string[] };
export type ScaleAnswer = { readonly scale: number };
/** The choice keys from first to last place. */
export type RankingAnswer = { readonly ranking: readonly string[] };

/**
 * What a valid answer to each kind is. These are also the shapes onboarding stores, so they stay
 * readable by old rows. Indexed by kind: a kind missing here fails the typecheck at {@link AnswerOf}.
 */
export interface AnswerByKind {
  short: TextAnswer;
  paragraph: TextAnswer;
  single: ChoiceAnswer;
  multi: ChoiceAnswer;
  scale: ScaleAnswer;
  ranking: RankingAnswer;
}
export type AnswerOf<K extends QuestionKind> = AnswerByKind[K];
export type Answer = AnswerOf<QuestionKind>;

/**
 * What one modal field carried, before validation: typed text, or the values picked (in order) in
 * a select menu, a radio group or a checkbox group. Onboarding keeps these as drafts.
 */
export type RawAnswer = { readonly text: string } | { readonly picked: readonly string[] };

const textAnswerSchema = z.object({ text: z.string() });
const choiceAnswerSchema = z.object({ choices: z.array(z.string()) });

/** Stored answers of each kind, read with zod rather than cast. */
export const answerSchemas: { readonly [K in QuestionKind]: z.ZodType<AnswerOf<K>> } = {
  short: textAnswerSchema,
  paragraph: textAnswerSchema,
  single: choiceAnswerSchema,
  multi: choiceAnswerSchema,
  scale: z.object({ scale: z.number() }),
  ranking: z.object({ ranking: z.array(z.string()) }),
};

/** A schema for stored answers to questions of some kinds only. */
export function answerSchema<K extends QuestionKind>(kinds: readonly K[]): z.ZodType<AnswerOf<K>> {
  const schemas = kinds.map((kind) => answerSchemas[kind] as z.ZodType<AnswerOf<K>>);
  return z.unknown().transform((value, ctx): AnswerOf<K> => {
    for (const schema of schemas) {
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
    }
    ctx.addIssue({ code: 'custom', message: 'not an answer to these kinds of question' });
    return z.NEVER;
  });
}

/** Raw answers kept as JSON (onboarding's drafts), read with zod rather than cast. */
export const rawAnswerSchema: z.ZodType<RawAnswer> = z.union([
  z.object({ text: z.string() }),
  z.object({ picked: z.array(z.string()) }),
]);

/** Fails the typecheck when a `switch` over a kind misses one; throws if a forged value gets here. */
export function assertNever(value: never, what = 'kind'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** The values a scale offers, low to high. */
export function scaleValues(scale: Scale): number[] {
  return Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
}

/** How a point on a scale reads in a menu or a result: `4★`, `1 · Now and then`, or `7`. */
export function scaleLabel(scale: Scale, point: number): string {
  if (scale.preset === 'rating') return `${point}★`;
  if (point === scale.min && scale.lowLabel) return `${point} · ${scale.lowLabel}`;
  if (point === scale.max && scale.highLabel) return `${point} · ${scale.highLabel}`;
  return String(point);
}

export interface Option {
  /** What a menu sends back: a choice's key, or a point of a scale as text. */
  readonly value: string;
  readonly label: string;
}

/**
 * The options a question offers, in order (empty for text). A feature that counts answers by
 * position (polls do) counts by the index in this list.
 */
export function optionsOf(question: Question): readonly Option[] {
  switch (question.kind) {
    case 'short':
    case 'paragraph':
      return [];
    case 'single':
    case 'multi':
    case 'ranking':
      return question.choices.map((c) => ({ value: c.key, label: c.label }));
    case 'scale':
      return scaleValues(question.scale).map((n) => ({
        value: String(n),
        label: scaleLabel(question.scale, n),
      }));
    default:
      return assertNever(question);
  }
}

/** The option values an answer picked, in order (none for text). */
export function pickedValues(question: Question, answer: Answer): readonly string[] {
  switch (question.kind) {
    case 'short':
    case 'paragraph':
      return [];
    case 'single':
    case 'multi':
      return 'choices' in answer ? answer.choices : [];
    case 'scale':
      return 'scale' in answer ? [String(answer.scale)] : [];
    case 'ranking':
      return 'ranking' in answer ? answer.ranking : [];
    default:
      return assertNever(question);
  }
}

/** An answer as a person reads it, in the words of the question as the member saw it. */
export function describeAnswer(question: Question, answer: Answer): string {
  switch (question.kind) {
    case 'short':
    case 'paragraph':
      return 'text' in answer ? answer.text : '';
    case 'single':
    case 'multi': {
      if (!('choices' in answer)) return '';
      const labels = new Map(question.choices.map((c) => [c.key, c.label]));
      return answer.choices.map((key) => labels.get(key) ?? key).join('; ');
    }
    case 'scale': {
      if (!('scale' in answer)) return '';
      const { scale } = question;
      const end =
        answer.scale === scale.min
          ? scale.lowLabel
          : answer.scale === scale.max
            ? scale.highLabel
            : undefined;
      return end === undefined
        ? `${answer.scale}/${scale.max}`
        : `${answer.scale}/${scale.max} (${end})`;
    }
    case 'ranking': {
      if (!('ranking' in answer)) return '';
      const labels = new Map(question.choices.map((c) => [c.key, c.label]));
      return answer.ranking.map((key, i) => `${i + 1}. ${labels.get(key) ?? key}`).join('; ');
    }
    default:
      return assertNever(question);
  }
}

/** Text answers cannot be longer than a Discord text input holds. */
export const TEXT_ANSWER_MAX = 4000;

const optionalText = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.length === 0 ? undefined : s));
const choice = z.object({ key: z.string().min(1), label: z.string() });

/**
 * Builds the question from what zod read, leaving optional fields out rather than `undefined`
 * (the types are exact about optional properties).
 */
function common(row: { label: string; description?: string | undefined; required: boolean }) {
  return {
    label: row.label,
    required: row.required,
    ...(row.description === undefined ? {} : { description: row.description }),
  };
}

/**
 * One zod schema per kind for stored questions. Tolerant of the rows onboarding wrote before the
 * kit existed (every field but the kind and label was optional then): a missing field gets the
 * value the old code assumed, so old rows read exactly as they used to.
 */
export const questionSchemas: { readonly [K in QuestionKind]: z.ZodType<QuestionOf<K>> } = {
  short: z
    .object({
      kind: z.literal('short'),
      label: z.string(),
      description: optionalText,
      required: z.boolean(),
      maxLength: z.number().int().positive().default(TEXT_ANSWER_MAX),
    })
    .transform((q): ShortQuestion => ({ kind: 'short', ...common(q), maxLength: q.maxLength })),
  paragraph: z
    .object({
      kind: z.literal('paragraph'),
      label: z.string(),
      description: optionalText,
      required: z.boolean(),
      maxLength: z.number().int().positive().default(TEXT_ANSWER_MAX),
    })
    .transform((q): ParagraphQuestion => ({
      kind: 'paragraph',
      ...common(q),
      maxLength: q.maxLength,
    })),
  single: z
    .object({
      kind: z.literal('single'),
      label: z.string(),
      description: optionalText,
      required: z.boolean(),
      choices: z.array(choice).default([]),
    })
    .transform((q): SingleQuestion => ({ kind: 'single', ...common(q), choices: q.choices })),
  multi: z
    .object({
      kind: z.literal('multi'),
      label: z.string(),
      description: optionalText,
      required: z.boolean(),
      choices: z.array(choice).default([]),
      minValues: z.number().int().nonnegative().optional(),
      maxValues: z.number().int().positive().optional(),
    })
    .transform((q): MultiQuestion => ({
      kind: 'multi',
      ...common(q),
      choices: q.choices,
      minValues: q.minValues ?? 0,
      maxValues: q.maxValues ?? q.choices.length,
    })),
  scale: z
    .object({
      kind: z.literal('scale'),
      label: z.string(),
      description: optionalText,
      required: z.boolean(),
      scale: z
        .object({
          min: z.union([z.literal(0), z.literal(1)]),
          max: z.union([z.literal(5), z.literal(10)]),
          lowLabel: optionalText,
          highLabel: optionalText,
          preset: z.enum(['rating', 'nps']).optional(),
        })
        .default({ min: 1, max: 5, lowLabel: undefined, highLabel: undefined }),
    })
    .transform((q): ScaleQuestion => ({
      kind: 'scale',
      ...common(q),
      scale: {
        min: q.scale.min,
        max: q.scale.max,
        ...(q.scale.lowLabel === undefined ? {} : { lowLabel: q.scale.lowLabel }),
        ...(q.scale.highLabel === undefined ? {} : { highLabel: q.scale.highLabel }),
        ...(q.scale.preset === undefined ? {} : { preset: q.scale.preset }),
      },
    })),
  ranking: z
    .object({
      kind: z.literal('ranking'),
      label: z.string(),
      description: optionalText,
      required: z.boolean(),
      choices: z.array(choice),
      positions: z.number().int().min(1).max(RANKING_MAX_POSITIONS),
    })
    .transform((q): RankingQuestion => ({
      kind: 'ranking',
      ...common(q),
      choices: q.choices,
      positions: q.positions,
    })),
};

/** A schema for stored questions of some kinds only (a feature offers the kinds it handles). */
export function questionSchema<K extends QuestionKind>(
  kinds: readonly K[],
): z.ZodType<QuestionOf<K>> {
  const byKind = new Map<string, z.ZodType<QuestionOf<K>>>(
    kinds.map((kind) => [kind, questionSchemas[kind] as z.ZodType<QuestionOf<K>>]),
  );
  return z.looseObject({ kind: z.string() }).transform((row, ctx): QuestionOf<K> => {
    const schema = byKind.get(row.kind);
    if (schema === undefined) {
      ctx.addIssue({ code: 'custom', message: `unknown question kind ${row.kind}` });
      return z.NEVER;
    }
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return parsed.data;
  });
}
