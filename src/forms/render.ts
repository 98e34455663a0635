/**
 * The one modal renderer: questions in, a modal's JSON out, typed here (the kit knows nothing of
 * discord.js; the adapters hand this JSON to Discord, and their typecheck holds it against
 * discord-api-types). Which component each question becomes:
 *
 * - text (`short`, `paragraph`): a text input of that style;
 * - `single` and `scale`: a radio group for 2 to 10 options, else a select menu picking one;
 * - `multi`: a checkbox group for up to 10 options, else a select menu picking several;
 * - `ranking`: one input per position ("1st choice", …), each picking one option as `single` does.
 *
 * Every input sits in a label. A question's text is never cut where a member must read it: up to
 * 45 characters it is the label; up to 100 (and without a description of its own) it is the
 * label's description under a short label ("Your answer"); longer, it is a text display above the
 * input. Discord allows 5 top-level components a modal: {@link formCost} says what a form takes,
 * so a feature can refuse (or page) a form that would not fit before anyone opens it.
 */
import { clip } from '../core/text.js';
import type { Translate } from '../core/i18n.js';
import { fieldId, type FieldRef } from './fields.js';
import { assertNever, optionsOf, type Question, type RawAnswer } from './questions.js';
import './messages.js';

/** Discord's modal limits (see /work/shared/notes/discord-limits.md). */
export const MODAL_LIMITS = {
  title: 45,
  components: 5,
  label: 45,
  description: 100,
  textDisplay: 4000,
  /** Radio and checkbox groups hold at most 10 options; longer lists use a select menu. */
  groupOptions: 10,
} as const;

/** Discord's component type numbers, for the components a form uses. */
export const COMPONENT = {
  StringSelect: 3,
  TextInput: 4,
  TextDisplay: 10,
  Label: 18,
  RadioGroup: 21,
  CheckboxGroup: 22,
} as const;

/** Discord's text input styles. */
export const TEXT_STYLE = { short: 1, paragraph: 2 } as const;

export interface OptionJson {
  readonly value: string;
  readonly label: string;
  readonly default?: true;
}
export interface TextInputJson {
  readonly type: typeof COMPONENT.TextInput;
  readonly custom_id: string;
  readonly style: (typeof TEXT_STYLE)[keyof typeof TEXT_STYLE];
  readonly required: boolean;
  readonly max_length: number;
  readonly value?: string;
}
export interface RadioGroupJson {
  readonly type: typeof COMPONENT.RadioGroup;
  readonly custom_id: string;
  readonly required: boolean;
  readonly options: OptionJson[];
}
export interface CheckboxGroupJson {
  readonly type: typeof COMPONENT.CheckboxGroup;
  readonly custom_id: string;
  readonly required: boolean;
  readonly min_values: number;
  readonly max_values: number;
  readonly options: OptionJson[];
}
export interface StringSelectJson {
  readonly type: typeof COMPONENT.StringSelect;
  readonly custom_id: string;
  readonly required: boolean;
  readonly min_values: number;
  readonly max_values: number;
  readonly options: OptionJson[];
  readonly placeholder?: string;
}
export type InputJson = TextInputJson | RadioGroupJson | CheckboxGroupJson | StringSelectJson;
export interface LabelJson {
  readonly type: typeof COMPONENT.Label;
  readonly label: string;
  readonly description?: string;
  readonly component: InputJson;
}
export interface TextDisplayJson {
  readonly type: typeof COMPONENT.TextDisplay;
  readonly content: string;
}
export interface ModalJson {
  readonly custom_id: string;
  readonly title: string;
  readonly components: (LabelJson | TextDisplayJson)[];
}

/** One question of a form, with what identifies it in field ids and what to show filled in. */
export interface FormField {
  readonly question: Question;
  readonly ref: FieldRef;
  readonly prefill?: RawAnswer | undefined;
}

export interface FormOptions {
  /** The modal's custom id (the feature's route). */
  readonly customId: string;
  /** Cut to Discord's 45 characters: the questions themselves are shown in full below it. */
  readonly title: string;
  readonly fields: readonly FormField[];
  /** The member's language, for the few words the kit adds. */
  readonly t: Translate;
  /** Placeholder of a select menu that picks one value (none by default). */
  readonly selectPlaceholder?: string;
}

/** A ranking's positions, as their labels read ("1st choice", …). */
const RANK_KEYS = [
  'forms.rank.1',
  'forms.rank.2',
  'forms.rank.3',
  'forms.rank.4',
  'forms.rank.5',
] as const;

/** How many inputs a question takes. */
function partsOf(question: Question): number {
  switch (question.kind) {
    case 'short':
    case 'paragraph':
    case 'single':
    case 'multi':
    case 'scale':
      return 1;
    case 'ranking':
      return question.positions;
    default:
      return assertNever(question);
  }
}

/**
 * Whether a question's text must go in a text display: it is too long for a label and a label's
 * description, or (a question of several inputs, whose labels name the parts) has a description.
 */
function needsDisplay(question: Question): boolean {
  const { label, description } = question;
  if (label.length > MODAL_LIMITS.description) return true;
  if (partsOf(question) > 1) return description !== undefined;
  return label.length > MODAL_LIMITS.label && description !== undefined;
}

/** How many of a modal's 5 top-level components a question takes at least. */
export function questionCost(question: Question): number {
  return partsOf(question) + (needsDisplay(question) ? 1 : 0);
}

/** Where a question's text goes, and each of its inputs' label and description. */
interface Placement {
  readonly display?: string;
  readonly labels: readonly { readonly label: string; readonly description?: string }[];
}

/**
 * Up to 45 characters the question is its input's label; up to 100 the label's description; else
 * (or with `display`) a text display above. A question of several inputs (a ranking) labels them
 * by position and puts its text in a display when the modal has room, else in the first
 * position's description.
 */
function placement(question: Question, t: Translate, display: boolean): Placement {
  const { label, description } = question;
  const shown = clip(
    description === undefined ? label : `${label}\n${description}`,
    MODAL_LIMITS.textDisplay,
  );
  const parts = partsOf(question);
  if (parts > 1) {
    const labels = RANK_KEYS.slice(0, parts).map((key) => ({ label: t(key) }));
    if (display) return { display: shown, labels };
    return { labels: labels.map((l, i) => (i === 0 ? { ...l, description: label } : l)) };
  }
  if (display)
    return {
      display: clip(label, MODAL_LIMITS.textDisplay),
      labels: [{ label: t('forms.answer'), ...(description === undefined ? {} : { description }) }],
    };
  if (label.length <= MODAL_LIMITS.label)
    return { labels: [description === undefined ? { label } : { label, description }] };
  return { labels: [{ label: t('forms.answer'), description: label }] };
}

/** How many top-level components a form of these questions takes (Discord allows 5). */
export function formCost(questions: readonly Question[]): number {
  return questions.reduce((sum, q) => sum + questionCost(q), 0);
}

/**
 * Splits questions into modal pages, in order, each within Discord's 5 top-level components
 * (onboarding's questions take one each, so its pages hold five).
 */
export function paginate<T>(items: readonly T[], questionOf: (item: T) => Question): T[][] {
  const pages: T[][] = [];
  let page: T[] = [];
  let used = 0;
  for (const item of items) {
    const cost = questionCost(questionOf(item));
    if (cost > MODAL_LIMITS.components) throw new Error('a question does not fit in a modal');
    if (used + cost > MODAL_LIMITS.components) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(item);
    used += cost;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

function picked(prefill: RawAnswer | undefined): ReadonlySet<string> {
  return new Set(prefill !== undefined && 'picked' in prefill ? prefill.picked : []);
}

/** A choice input by the rule: radio or checkbox group up to 10 options, else a select menu. */
function choiceInput(
  customId: string,
  question: Question,
  multiple: { min: number; max: number } | undefined,
  defaults: ReadonlySet<string>,
  placeholder: string | undefined,
): InputJson {
  const options: OptionJson[] = optionsOf(question).map((o) => ({
    value: o.value,
    label: o.label,
    ...(defaults.has(o.value) ? { default: true as const } : {}),
  }));
  const fitsGroup = options.length <= MODAL_LIMITS.groupOptions;
  if (multiple === undefined && fitsGroup && options.length >= 2)
    return {
      type: COMPONENT.RadioGroup,
      custom_id: customId,
      required: question.required,
      options,
    };
  if (multiple !== undefined && fitsGroup)
    return {
      type: COMPONENT.CheckboxGroup,
      custom_id: customId,
      required: question.required,
      min_values: multiple.min,
      max_values: multiple.max,
      options,
    };
  return {
    type: COMPONENT.StringSelect,
    custom_id: customId,
    required: question.required,
    min_values: multiple === undefined ? (question.required ? 1 : 0) : multiple.min,
    max_values: multiple === undefined ? 1 : multiple.max,
    options,
    ...(multiple === undefined && placeholder !== undefined ? { placeholder } : {}),
  };
}

/** The inputs of one question, one per part. */
function inputsOf(field: FormField, placeholder: string | undefined): InputJson[] {
  const { question, ref, prefill } = field;
  const id = fieldId(ref);
  switch (question.kind) {
    case 'short':
    case 'paragraph': {
      const text = prefill !== undefined && 'text' in prefill ? prefill.text : undefined;
      return [
        {
          type: COMPONENT.TextInput,
          custom_id: id,
          style: TEXT_STYLE[question.kind],
          required: question.required,
          max_length: question.maxLength,
          // A draft longer than the field allows is still shown, cut to fit, rather than lost.
          ...(text === undefined ? {} : { value: text.slice(0, question.maxLength) }),
        },
      ];
    }
    case 'single':
    case 'scale':
      return [choiceInput(id, question, undefined, picked(prefill), placeholder)];
    case 'multi':
      return [
        choiceInput(
          id,
          question,
          { min: question.minValues, max: question.maxValues },
          picked(prefill),
          placeholder,
        ),
      ];
    case 'ranking': {
      // One single pick per position, each offering every choice: the validator refuses a choice
      // ranked twice (Discord cannot take an option out of the next menu).
      const order = prefill !== undefined && 'picked' in prefill ? prefill.picked : [];
      return Array.from({ length: question.positions }, (_, position) => {
        const chosen = order[position];
        return choiceInput(
          fieldId(ref, position),
          question,
          undefined,
          new Set(chosen === undefined ? [] : [chosen]),
          placeholder,
        );
      });
    }
    default:
      return assertNever(question);
  }
}

/**
 * The modal for a form, exactly as members see it (previews use the same function). Room left
 * within the 5 components goes to the text of questions of several inputs, in order.
 */
export function renderModal(options: FormOptions): ModalJson {
  let room = MODAL_LIMITS.components - formCost(options.fields.map((f) => f.question));
  const components: (LabelJson | TextDisplayJson)[] = [];
  for (const field of options.fields) {
    const { question } = field;
    let display = needsDisplay(question);
    if (!display && partsOf(question) > 1 && room > 0) {
      display = true;
      room -= 1;
    }
    const place = placement(question, options.t, display);
    if (place.display !== undefined)
      components.push({ type: COMPONENT.TextDisplay, content: place.display });
    for (const [part, input] of inputsOf(field, options.selectPlaceholder).entries()) {
      const { label, description } = place.labels[part]!;
      components.push({
        type: COMPONENT.Label,
        label,
        ...(description === undefined ? {} : { description }),
        component: input,
      });
    }
  }
  if (components.length > MODAL_LIMITS.components)
    throw new Error(
      `a form of ${components.length} components does not fit a modal (${MODAL_LIMITS.components})`,
    );
  return {
    custom_id: options.customId,
    title: clip(options.title, MODAL_LIMITS.title),
    components,
  };
}
