/**
 * The one submission decoder: a modal submit's components in, each question's raw answer out.
 * Field ids are parsed by the codec's {@link fieldRoute}; values are narrowed with zod, never cast,
 * because a forged submission can carry any shape: a field that is not what it should be comes
 * back as `undefined` (no answer), and validation then explains what is missing to the member.
 *
 * Takes the components as `unknown`: either as Discord sends them (`custom_id`) or as discord.js
 * hands them over on `ModalSubmitInteraction.components` (`customId`); labels and action rows are
 * looked into, text displays carry nothing.
 */
import { z } from 'zod';
import { fieldRoute, type FieldRef } from './fields.js';
import type { RawAnswer } from './questions.js';
import { COMPONENT } from './render.js';

const leafSchema = z.looseObject({
  type: z.number(),
  customId: z.string().optional(),
  custom_id: z.string().optional(),
  value: z.unknown().optional(),
  values: z.unknown().optional(),
});
type Leaf = z.infer<typeof leafSchema>;

const boxSchema = z.looseObject({
  component: z.unknown().optional(),
  components: z.array(z.unknown()).optional(),
});
const listSchema = z.array(z.unknown());
const stringsSchema = z.array(z.string());

/** The interactive components of a submission, in order (labels and rows are opened, twice deep at most). */
function leaves(components: unknown, depth = 0): Leaf[] {
  const list = listSchema.safeParse(components);
  if (!list.success || depth > 2) return [];
  return list.data.flatMap((item) => {
    const box = boxSchema.safeParse(item);
    if (!box.success) return [];
    if (box.data.component !== undefined) return leaves([box.data.component], depth + 1);
    if (box.data.components !== undefined) return leaves(box.data.components, depth + 1);
    const leaf = leafSchema.safeParse(item);
    return leaf.success ? [leaf.data] : [];
  });
}

/** What one component carried, or `undefined` when its value is not of the shape its type sends. */
function rawOf(leaf: Leaf): RawAnswer | undefined {
  switch (leaf.type) {
    case COMPONENT.TextInput:
      return typeof leaf.value === 'string' ? { text: leaf.value } : undefined;
    case COMPONENT.RadioGroup:
      return typeof leaf.value === 'string' ? { picked: [leaf.value] } : undefined;
    case COMPONENT.StringSelect:
    case COMPONENT.CheckboxGroup: {
      const values = stringsSchema.safeParse(leaf.values);
      return values.success ? { picked: values.data } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Every field of a submission by its custom id (the last one wins when an id repeats, as in
 * discord.js). For modals whose ids are fixed words, such as onboarding's question editor.
 */
export function modalValues(components: unknown): Map<string, RawAnswer | undefined> {
  const values = new Map<string, RawAnswer | undefined>();
  for (const leaf of leaves(components)) {
    const id = leaf.customId ?? leaf.custom_id;
    if (id !== undefined) values.set(id, rawOf(leaf));
  }
  return values;
}

/** The text of a text field, when the submission carried one under `customId`. */
export function textValue(values: ReadonlyMap<string, RawAnswer | undefined>, customId: string) {
  const raw = values.get(customId);
  return raw !== undefined && 'text' in raw ? raw.text : undefined;
}

export interface SubmittedAnswer {
  readonly ref: FieldRef;
  /** `undefined` when the field came back empty or malformed. */
  readonly raw: RawAnswer | undefined;
}

/**
 * Each question's raw answer, in the order the questions came. A question of several parts gets
 * the values of its parts in part order; fields whose id is not a form field are ignored.
 */
export function decodeSubmission(components: unknown): SubmittedAnswer[] {
  const groups = new Map<string, { ref: FieldRef; parts: Map<number, RawAnswer | undefined> }>();
  for (const [id, raw] of modalValues(components)) {
    const field = fieldRoute.parse(id);
    if (field === undefined) continue;
    const key = `${field.question}:${field.revision}`;
    const group = groups.get(key) ?? {
      ref: { question: field.question, revision: field.revision },
      parts: new Map<number, RawAnswer | undefined>(),
    };
    group.parts.set(field.part, raw);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ ref, parts }) => {
    if (parts.size === 1) return { ref, raw: [...parts.values()][0] };
    const ordered = [...parts.entries()].sort(([a], [b]) => a - b).map(([, raw]) => raw);
    // Several parts pick one value each; text in one of them is not an answer to such a question.
    if (ordered.some((raw) => raw !== undefined && 'text' in raw)) return { ref, raw: undefined };
    return {
      ref,
      raw: {
        picked: ordered.flatMap((raw) => (raw !== undefined && 'picked' in raw ? raw.picked : [])),
      },
    };
  });
}
