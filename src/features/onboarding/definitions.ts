/**
 * What a question is, what a valid answer to it is, and the starter templates. Questions are the
 * forms kit's (src/forms/); onboarding offers the kinds below. Pure: no database, no Discord.
 * Limits follow what a Discord modal can show (labels 45 characters, descriptions and options 100,
 * text answers 4,000, at most 25 options).
 */
import {
  assertNever,
  describeAnswer as describeFormAnswer,
  problemParams,
  validateAnswer as validateFormAnswer,
  type AnswerOf,
  type Choice,
  type ProblemCode,
  type QuestionKind as FormKind,
  type QuestionOf,
  type RawAnswer,
} from '../../forms/index.js';
import type { MessageKey, MessageParams } from './messages.js';
import type { Locale } from './messages.js';

export type { Choice, RawAnswer };

/** The kinds onboarding offers, in the order `/onboarding add` lists them. */
export const QUESTION_KINDS = [
  'short',
  'paragraph',
  'single',
  'multi',
  'scale',
] as const satisfies readonly FormKind[];
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const LIMITS = {
  label: 45,
  description: 100,
  choiceLabel: 100,
  choices: 25,
  textAnswer: 4000,
  shortDefault: 200,
  paragraphDefault: 1000,
  questions: 50,
} as const;

/** A question of the questionnaire (one revision of it). */
export type QuestionDefinition = QuestionOf<QuestionKind>;

/** What a member answered: text, the picked choice keys, or a point on the scale (as stored). */
export type AnswerValue = AnswerOf<QuestionKind>;

export interface Problem {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A definition as a manager typed it, before keys are assigned and limits are checked. */
export interface DefinitionInput {
  kind: QuestionKind;
  label: string;
  description?: string | undefined;
  required: boolean;
  /** One choice per line. */
  choicesText?: string | undefined;
  minValues?: number | undefined;
  maxValues?: number | undefined;
  scaleMax?: 5 | 10 | undefined;
  lowLabel?: string | undefined;
  highLabel?: string | undefined;
}

/**
 * Checks and normalizes a question a manager wrote. Choices keep the keys of `previous` choices
 * with the same label, so an edit that only adds or reorders choices keeps role mappings. A new
 * choice gets a key no revision of the question ever used (`usedKeys`: every key of every
 * earlier revision), so a removed choice's key is retired for good and an old answer can never
 * be read as a new choice. Returns the definition, or the problems to show (all of them).
 */
export function buildDefinition(
  input: DefinitionInput,
  previous?: QuestionDefinition,
  usedKeys: readonly string[] = [],
): { definition?: QuestionDefinition; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!(QUESTION_KINDS as readonly string[]).includes(input.kind))
    return { problems: [{ key: 'onboarding.def.kind' }] };
  const label = clean(input.label);
  if (label.length === 0) problems.push({ key: 'onboarding.def.labelEmpty' });
  if (label.length > LIMITS.label)
    problems.push({
      key: 'onboarding.def.labelLong',
      params: { max: LIMITS.label, length: label.length },
    });
  const description = input.description === undefined ? '' : clean(input.description);
  if (description.length > LIMITS.description)
    problems.push({ key: 'onboarding.def.descriptionLong', params: { max: LIMITS.description } });

  const base = {
    label,
    required: input.required,
    ...(description.length > 0 ? { description } : {}),
  };
  switch (input.kind) {
    case 'short':
      return finish({ kind: 'short', ...base, maxLength: LIMITS.shortDefault }, problems);
    case 'paragraph':
      return finish({ kind: 'paragraph', ...base, maxLength: LIMITS.paragraphDefault }, problems);
    case 'scale': {
      const low = clean(input.lowLabel ?? '');
      const high = clean(input.highLabel ?? '');
      if (low.length > LIMITS.choiceLabel - 5 || high.length > LIMITS.choiceLabel - 5)
        problems.push({
          key: 'onboarding.def.scaleLabelLong',
          params: { max: LIMITS.choiceLabel - 5 },
        });
      const max = input.scaleMax ?? 5;
      return finish(
        {
          kind: 'scale',
          ...base,
          scale: {
            min: max === 10 ? 0 : 1,
            max,
            ...(low ? { lowLabel: low } : {}),
            ...(high ? { highLabel: high } : {}),
          },
        },
        problems,
      );
    }
    case 'single':
    case 'multi':
      break;
    default:
      return assertNever(input.kind);
  }

  const labels = (input.choicesText ?? '')
    .split('\n')
    .map(clean)
    .filter((l) => l.length > 0);
  const unique = [...new Set(labels)];
  if (unique.length !== labels.length) problems.push({ key: 'onboarding.def.choicesDuplicate' });
  if (unique.length < 2) problems.push({ key: 'onboarding.def.choicesFew' });
  if (unique.length > LIMITS.choices)
    problems.push({
      key: 'onboarding.def.choicesMany',
      params: { max: LIMITS.choices, count: unique.length },
    });
  const tooLong = unique.find((l) => l.length > LIMITS.choiceLabel);
  if (tooLong !== undefined)
    problems.push({
      key: 'onboarding.def.choiceLong',
      params: { max: LIMITS.choiceLabel, choice: tooLong.slice(0, 40) },
    });
  const choices = assignKeys(unique, choicesOf(previous), usedKeys);
  if (input.kind === 'single') return finish({ kind: 'single', ...base, choices }, problems);

  const minValues = input.minValues ?? (input.required ? 1 : 0);
  const maxValues = input.maxValues ?? choices.length;
  if (
    !Number.isInteger(minValues) ||
    !Number.isInteger(maxValues) ||
    minValues < 0 ||
    maxValues < 1 ||
    minValues > maxValues ||
    maxValues > Math.max(choices.length, 1)
  ) {
    problems.push({ key: 'onboarding.def.minMax', params: { count: choices.length } });
  }
  if (input.required && minValues === 0) problems.push({ key: 'onboarding.def.requiredMin' });
  return finish({ kind: 'multi', ...base, choices, minValues, maxValues }, problems);
}

function finish(definition: QuestionDefinition, problems: Problem[]) {
  return problems.length > 0 ? { problems } : { definition, problems };
}

/** The choices a question offers (role mappings hang on their keys); none for text and scales. */
export function choicesOf(definition: QuestionDefinition | undefined): readonly Choice[] {
  return definition?.choices ?? [];
}

/**
 * The revisions in which a stored choice key means one choice: the latest unbroken run of
 * revisions offering that key under the same label. Keys are never reused (see
 * `buildDefinition`), but answers are kept with the revision they answered, and a database
 * written by an older Hearth may hold a key that was removed and later given to another choice.
 */
export interface ChoiceSpan {
  readonly from: number;
  readonly to: number;
}

/**
 * The one rule for reading a stored choice (role mappings, segments, introductions and segment
 * suggestions all use it): for each key, the span of revisions where it means the choice it names
 * last. A revision that drops the key, or offers it under another label, breaks the span; so an
 * answer given before that never counts as the choice offered after it.
 */
export function choiceSpans(
  revisions: readonly { readonly revision: number; readonly definition: QuestionDefinition }[],
): Map<string, ChoiceSpan> {
  const spans = new Map<string, ChoiceSpan & { label: string }>();
  const ordered = [...revisions].sort((x, y) => x.revision - y.revision);
  let previous: Map<string, string> | undefined;
  let previousRevision = 0;
  for (const { revision, definition } of ordered) {
    const offered = new Map(choicesOf(definition).map((c) => [c.key, c.label.toLowerCase()]));
    for (const [key, label] of offered) {
      const span = spans.get(key);
      const unbroken =
        span !== undefined &&
        span.to === previousRevision &&
        previous?.get(key) === label &&
        span.label === label;
      spans.set(key, { from: unbroken ? span.from : revision, to: revision, label });
    }
    previous = offered;
    previousRevision = revision;
  }
  return new Map([...spans].map(([key, s]) => [key, { from: s.from, to: s.to }]));
}

/** Whether an answer of `revision` that picked a key picked the choice that key names ({@link choiceSpans}). */
export function picksChoice(span: ChoiceSpan | undefined, revision: number): boolean {
  return span !== undefined && revision >= span.from && revision <= span.to;
}

function assignKeys(
  labels: readonly string[],
  previous: readonly Choice[],
  usedKeys: readonly string[],
): Choice[] {
  const byLabel = new Map(previous.map((c) => [c.label.toLowerCase(), c.key]));
  const used = new Set<string>();
  let next =
    [...previous.map((c) => c.key), ...usedKeys].reduce(
      (max, key) => Math.max(max, Number(key.slice(1)) || 0),
      0,
    ) + 1;
  return labels.map((label) => {
    const existing = byLabel.get(label.toLowerCase());
    if (existing !== undefined && !used.has(existing)) {
      used.add(existing);
      return { key: existing, label };
    }
    const key = `c${next++}`;
    used.add(key);
    return { key, label };
  });
}

/** The forms kit's problems, in onboarding's words. */
const PROBLEM_KEYS: Record<ProblemCode<QuestionKind>, MessageKey> = {
  required: 'onboarding.answer.required',
  invalid: 'onboarding.answer.invalid',
  tooLong: 'onboarding.answer.tooLong',
  pickOne: 'onboarding.answer.pickOne',
  pickRange: 'onboarding.answer.pickRange',
};

/**
 * Validates one submitted answer against the definition the member saw (the forms kit's
 * validator). `undefined` means the member left an optional question empty. Never trusts the
 * client: Discord checks these limits in its own app, but a forged submission reaches us unchecked.
 */
export function validateAnswer(
  definition: QuestionDefinition,
  raw: RawAnswer | undefined,
): { value?: AnswerValue; problem?: Problem } {
  const { value, problem } = validateFormAnswer(definition, raw);
  if (problem === undefined) return value === undefined ? {} : { value };
  return {
    problem: {
      key: PROBLEM_KEYS[problem.code],
      params: { question: definition.label, ...problemParams(problem) },
    },
  };
}

/** An answer as a person reads it, in the words of the revision the member answered. */
export function describeAnswer(definition: QuestionDefinition, value: AnswerValue): string {
  return describeFormAnswer(definition, value);
}

/** Starter questionnaires for purpose-driven communities, in the server's language. */
export function template(locale: Locale): DefinitionInput[] {
  return locale === 'it'
    ? [
        {
          kind: 'paragraph',
          label: 'Cosa ti porta in questa community?',
          description: 'In poche righe: perché vuoi farne parte?',
          required: true,
        },
        {
          kind: 'multi',
          label: 'Cosa ti interessa di più?',
          required: true,
          choicesText:
            'Confronto tra pari\nImparare cose nuove\nCollaborare a progetti\nDare feedback sui prodotti\nEventi e incontri\nAiutare gli altri',
          minValues: 1,
          maxValues: 3,
        },
        {
          kind: 'single',
          label: 'Quanta esperienza hai nel nostro ambito?',
          required: true,
          choicesText: 'Sto iniziando\nHo qualche esperienza\nLo faccio da anni\nÈ il mio lavoro',
        },
        {
          kind: 'paragraph',
          label: 'Cosa speri di dare e di ricevere?',
          description: 'Per esempio: consigli, competenze, contatti, idee.',
          required: false,
        },
        {
          kind: 'single',
          label: 'Come ci hai conosciuto?',
          required: false,
          choicesText:
            'Tramite amici o colleghi\nSui social\nCercando online\nA un evento\nIn un altro modo',
        },
        {
          kind: 'scale',
          label: 'Quanto pensi di partecipare?',
          required: false,
          scaleMax: 5,
          lowLabel: 'Ogni tanto',
          highLabel: 'Ogni giorno',
        },
        { kind: 'short', label: 'Come vuoi che ti chiamiamo?', required: false },
      ]
    : [
        {
          kind: 'paragraph',
          label: 'What brings you to this community?',
          description: 'The purpose that made you join us, in a few lines.',
          required: true,
        },
        {
          kind: 'multi',
          label: 'What interests you most?',
          required: true,
          choicesText:
            'Learning from peers\nLearning new skills\nWorking on projects together\nGiving product feedback\nEvents and meetups\nHelping others',
          minValues: 1,
          maxValues: 3,
        },
        {
          kind: 'single',
          label: 'How experienced are you in our topic?',
          required: true,
          choicesText: 'Just starting\nSome experience\nDoing it for years\nIt is my job',
        },
        {
          kind: 'paragraph',
          label: 'What do you hope to give and get?',
          description: 'For example: advice, skills, contacts, ideas.',
          required: false,
        },
        {
          kind: 'single',
          label: 'How did you find us?',
          required: false,
          choicesText:
            'A friend or colleague\nSocial media\nSearching online\nAt an event\nSomething else',
        },
        {
          kind: 'scale',
          label: 'How active do you plan to be?',
          required: false,
          scaleMax: 5,
          lowLabel: 'Now and then',
          highLabel: 'Every day',
        },
        { kind: 'short', label: 'What should we call you?', required: false },
      ];
}
