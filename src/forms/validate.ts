/**
 * The one validator: checks a raw answer against the question the member was shown, and returns
 * the answer in its stored shape, or a problem. Never trusts the client: Discord's app enforces
 * most of these limits, but a forged submission reaches the bot unchecked.
 *
 * Problems are codes with their numbers; each feature turns them into its own messages (a
 * `Record` over {@link FormProblem}'s codes, so a new code fails the typecheck there too).
 */
import {
  assertNever,
  scaleValues,
  type AnswerOf,
  type QuestionKind,
  type QuestionOf,
  type RawAnswer,
} from './questions.js';

type Required = { readonly code: 'required' };
type Invalid = { readonly code: 'invalid' };
type TooLong = { readonly code: 'tooLong'; readonly max: number; readonly length: number };
type PickOne = { readonly code: 'pickOne' };
type PickRange = { readonly code: 'pickRange'; readonly min: number; readonly max: number };
/** A ranking must order exactly `count` different choices. */
type Rank = { readonly code: 'rank'; readonly count: number };

/**
 * What can be wrong with an answer to each kind. Indexed by kind, so a feature's `Record` of
 * messages covers the problems of the kinds it offers, and a kind missing here fails the typecheck.
 */
export interface ProblemsByKind {
  short: Required | Invalid | TooLong;
  paragraph: Required | Invalid | TooLong;
  single: Required | Invalid | PickOne;
  multi: Required | Invalid | PickRange;
  scale: Required | Invalid;
  ranking: Required | Invalid | Rank;
}
export type ProblemOf<K extends QuestionKind> = ProblemsByKind[K];
export type FormProblem = ProblemOf<QuestionKind>;
/** The problem codes answers to questions of kinds `K` can have. */
export type ProblemCode<K extends QuestionKind = QuestionKind> = ProblemOf<K>['code'];

/** A problem's numbers as message parameters (besides the question, which the feature adds). */
export function problemParams(problem: FormProblem): Record<string, number> {
  const { code: _code, ...numbers } = problem;
  return numbers;
}

/** The answer (absent when an optional question was left empty), or what is wrong with it. */
export type Validated<K extends QuestionKind> =
  | { readonly value?: AnswerOf<K>; readonly problem?: undefined }
  | { readonly value?: undefined; readonly problem: ProblemOf<K> };

const isEmpty = (raw: RawAnswer | undefined) =>
  raw === undefined || ('text' in raw ? raw.text.trim().length === 0 : raw.picked.length === 0);

/**
 * Validates one answer. `undefined` (or blank text, or nothing picked) is an empty answer: a
 * problem when the question is required, else no value. Repeated picks count once (except in a
 * ranking, where they are a problem).
 */
export function validateAnswer<K extends QuestionKind>(
  question: QuestionOf<K>,
  raw: RawAnswer | undefined,
): Validated<K>;
export function validateAnswer(
  question: QuestionOf<QuestionKind>,
  raw: RawAnswer | undefined,
): Validated<QuestionKind> {
  if (raw === undefined || isEmpty(raw))
    return question.required ? { problem: { code: 'required' } } : {};
  const invalid = { problem: { code: 'invalid' } } as const;
  switch (question.kind) {
    case 'short':
    case 'paragraph': {
      if (!('text' in raw)) return invalid;
      const text = raw.text.trim();
      if (text.length > question.maxLength)
        return { problem: { code: 'tooLong', max: question.maxLength, length: text.length } };
      return { value: { text } };
    }
    case 'scale': {
      if (!('picked' in raw)) return invalid;
      const point = raw.picked.length === 1 ? Number(raw.picked[0]) : Number.NaN;
      return scaleValues(question.scale).includes(point) ? { value: { scale: point } } : invalid;
    }
    case 'single':
    case 'multi': {
      if (!('picked' in raw)) return invalid;
      const keys = new Set(question.choices.map((c) => c.key));
      const picked = [...new Set(raw.picked)];
      if (picked.some((key) => !keys.has(key))) return invalid;
      if (question.kind === 'single')
        return picked.length === 1
          ? { value: { choices: picked } }
          : { problem: { code: 'pickOne' } };
      const { minValues: min, maxValues: max } = question;
      if (picked.length < min || picked.length > max)
        return { problem: { code: 'pickRange', min, max } };
      return { value: { choices: picked } };
    }
    case 'ranking': {
      // Order matters and nothing is merged: a choice ranked twice is a mistake to point out.
      if (!('picked' in raw)) return invalid;
      const keys = new Set(question.choices.map((c) => c.key));
      if (raw.picked.some((key) => !keys.has(key))) return invalid;
      const count = question.positions;
      if (raw.picked.length !== count || new Set(raw.picked).size !== count)
        return { problem: { code: 'rank', count } };
      return { value: { ranking: [...raw.picked] } };
    }
    default:
      return assertNever(question);
  }
}
