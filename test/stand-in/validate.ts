/**
 * What Discord refuses, checked the way Discord checks it. The stand-in runs every payload the bot
 * sends through these checks and answers a violation exactly as Discord would: 400 with code 50035
 * ("Invalid Form Body") and an `errors` tree down to the offending field, 400 with 50006 for an
 * empty message, 413 with 40005 for an upload over the size limit. See
 * ../shared/notes/discord-limits.md for the limits.
 *
 * Lengths are counted in Unicode code points, as Discord counts them.
 */
import {
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  TextInputStyle,
} from 'discord-api-types/v10';

export interface FieldError {
  readonly code: string;
  readonly message: string;
}

/** Discord's error tree: object keys (array indexes as strings) down to `_errors` leaves. */
export interface ErrorTree {
  _errors?: FieldError[];
  [key: string]: ErrorTree | FieldError[] | undefined;
}

/** A refused request, as Discord answers it. */
export interface Refusal {
  readonly status: number;
  readonly body: { code: number; message: string; errors?: ErrorTree };
}

export interface UploadedFile {
  readonly name: string;
  readonly filename: string;
  readonly content: Buffer;
}

export interface Limits {
  /** Largest accepted upload per file, in bytes (Discord: depends on the server; 8 MiB is safe). */
  maxFileBytes: number;
}

export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

type Path = readonly (string | number)[];
type Json = Record<string, unknown>;

/** Collects field errors into Discord's tree. */
export class Problems {
  readonly tree: ErrorTree = {};
  #count = 0;

  add(path: Path, code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const k = String(key);
      const next = node[k];
      if (next === undefined || Array.isArray(next)) {
        const created: ErrorTree = {};
        node[k] = created;
        node = created;
      } else node = next;
    }
    (node._errors ??= []).push({ code, message });
    this.#count += 1;
  }

  get empty(): boolean {
    return this.#count === 0;
  }

  refusal(): Refusal | undefined {
    return this.empty
      ? undefined
      : { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: this.tree } };
  }
}

export const EMPTY_MESSAGE: Refusal = {
  status: 400,
  body: { code: 50006, message: 'Cannot send an empty message' },
};
export const TOO_LARGE: Refusal = {
  status: 413,
  body: { code: 40005, message: 'Request entity too large' },
};
export const MISSING_PERMISSIONS: Refusal = {
  status: 403,
  body: { code: 50013, message: 'Missing Permissions' },
};
export const MISSING_ACCESS: Refusal = {
  status: 403,
  body: { code: 50001, message: 'Missing Access' },
};

// ---------------------------------------------------------------- primitive checks

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const length = (text: string) => [...text].length;

function required(p: Problems, at: Path): void {
  p.add(at, 'BASE_TYPE_REQUIRED', 'This field is required');
}

/** A string field of `min..max` code points; absent is fine unless `require` is set. */
function text(
  p: Problems,
  value: unknown,
  at: Path,
  max: number,
  options: { min?: number; require?: boolean } = {},
): void {
  const min = options.min ?? 0;
  if (value === undefined || value === null) {
    if (options.require === true) required(p, at);
    return;
  }
  if (typeof value !== 'string') {
    p.add(at, 'BASE_TYPE_STRING', 'Must be a string.');
    return;
  }
  const n = length(value);
  // Discord words a bounded field as "between"; a field with only a maximum as "or fewer".
  if (n < min) p.add(at, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  else if (n > max)
    p.add(
      at,
      min > 0 ? 'BASE_TYPE_BAD_LENGTH' : 'BASE_TYPE_MAX_LENGTH',
      min > 0
        ? `Must be between ${min} and ${max} in length.`
        : `Must be ${max} or fewer in length.`,
    );
}

/** A string Discord requires and bounds only above: missing, empty or only whitespace is "required". */
function filled(p: Problems, value: unknown, at: Path, max: number): void {
  if (typeof value !== 'string' || value.trim().length === 0) required(p, at);
  else text(p, value, at, max);
}

/** An array's length: Discord says "between" when there is a minimum, "or fewer" otherwise. */
function count(p: Problems, list: readonly unknown[], at: Path, min: number, max: number): boolean {
  if (list.length >= min && list.length <= max) return true;
  if (min > 0) p.add(at, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  else p.add(at, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return false;
}

function integer(
  p: Problems,
  value: unknown,
  at: Path,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    p.add(at, 'NUMBER_TYPE_COERCE', `Value "${JSON.stringify(value)}" is not int.`);
    return undefined;
  }
  if (value < min)
    p.add(at, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
  else if (value > max)
    p.add(at, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
  return value;
}

function list(p: Problems, value: unknown, at: Path): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    p.add(at, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return undefined;
  }
  return value as unknown[];
}

function object(p: Problems, value: unknown, at: Path): Json | undefined {
  if (isObject(value)) return value;
  p.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
  return undefined;
}

function unionType(p: Problems, at: Path, allowed: readonly number[]): void {
  p.add(
    [...at, 'type'],
    'UNION_TYPE_CHOICES',
    `Value of field "type" must be one of (${allowed.join(', ')}).`,
  );
}

// ---------------------------------------------------------------- embeds

function checkEmbeds(p: Problems, value: unknown, at: Path): void {
  const embeds = list(p, value, at);
  if (!embeds) return;
  if (!count(p, embeds, at, 0, 10)) return;
  let total = 0;
  const measure = (v: unknown) => (typeof v === 'string' ? length(v) : 0);
  embeds.forEach((raw, i) => {
    const embed = object(p, raw, [...at, i]);
    if (!embed) return;
    const e = [...at, i];
    text(p, embed.title, [...e, 'title'], 256);
    text(p, embed.description, [...e, 'description'], 4096);
    total += measure(embed.title) + measure(embed.description);
    if (embed.footer !== undefined && embed.footer !== null) {
      const footer = object(p, embed.footer, [...e, 'footer']);
      if (footer) {
        filled(p, footer.text, [...e, 'footer', 'text'], 2048);
        total += measure(footer.text);
      }
    }
    if (embed.author !== undefined && embed.author !== null) {
      const author = object(p, embed.author, [...e, 'author']);
      if (author) {
        filled(p, author.name, [...e, 'author', 'name'], 256);
        total += measure(author.name);
      }
    }
    const fields = list(p, embed.fields, [...e, 'fields']);
    if (fields && count(p, fields, [...e, 'fields'], 0, 25)) {
      fields.forEach((rawField, j) => {
        const field = object(p, rawField, [...e, 'fields', j]);
        if (!field) return;
        // Discord requires both, and a name or value of only whitespace counts as missing.
        for (const [key, max] of [
          ['name', 256],
          ['value', 1024],
        ] as const) {
          filled(p, field[key], [...e, 'fields', j, key], max);
          total += measure(field[key]);
        }
      });
    }
  });
  if (total > 6000) p.add(at, 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
}

// ---------------------------------------------------------------- components

const SELECTS: readonly number[] = [
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
];
const MESSAGE_V2_TOP_LEVEL: readonly number[] = [
  ComponentType.ActionRow,
  ComponentType.Section,
  ComponentType.TextDisplay,
  ComponentType.MediaGallery,
  ComponentType.File,
  ComponentType.Separator,
  ComponentType.Container,
];
const LABEL_CHILDREN: readonly number[] = [
  ComponentType.TextInput,
  ...SELECTS,
  ComponentType.FileUpload,
  ComponentType.RadioGroup,
  ComponentType.CheckboxGroup,
  ComponentType.Checkbox,
];

/** custom_ids seen in one message or modal: Discord refuses a duplicate. */
class CustomIds {
  readonly #seen = new Set<string>();
  check(p: Problems, value: unknown, at: Path, require: boolean): void {
    if ((value === undefined || value === null) && require) {
      required(p, at);
      return;
    }
    text(p, value, at, 100, { min: 1, require });
    if (typeof value !== 'string') return;
    if (this.#seen.has(value))
      p.add(at, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    this.#seen.add(value);
  }
}

/** Options of a string select (1-25), radio group (2-10) or checkbox group (1-10). */
function checkOptions(
  p: Problems,
  value: unknown,
  at: Path,
  min: number,
  max: number,
): number | undefined {
  const options = list(p, value, at);
  if (!options) {
    required(p, at);
    return undefined;
  }
  if (!count(p, options, at, min, max)) return options.length;
  const values = new Set<string>();
  options.forEach((raw, i) => {
    const option = object(p, raw, [...at, i]);
    if (!option) return;
    text(p, option.label, [...at, i, 'label'], 100, { min: 1, require: true });
    text(p, option.value, [...at, i, 'value'], 100, { min: 1, require: true });
    text(p, option.description, [...at, i, 'description'], 100);
    if (typeof option.value === 'string') {
      if (values.has(option.value))
        p.add(
          [...at, i, 'value'],
          'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
          'The specified option value is already used',
        );
      values.add(option.value);
    }
  });
  return options.length;
}

/** min_values / max_values within `0..cap` (max at least 1) and no more than the options offered. */
function checkValueCounts(
  p: Problems,
  component: Json,
  at: Path,
  cap: number,
  offered: number | undefined,
): void {
  const min = integer(p, component.min_values, [...at, 'min_values'], 0, cap);
  const max = integer(p, component.max_values, [...at, 'max_values'], 1, cap);
  if (offered !== undefined) {
    if (min !== undefined && min <= cap && min > offered)
      p.add(
        [...at, 'min_values'],
        'NUMBER_TYPE_MAX',
        `int value should be less than or equal to ${offered}.`,
      );
    if (max !== undefined && max <= cap && max > offered)
      p.add(
        [...at, 'max_values'],
        'NUMBER_TYPE_MAX',
        `int value should be less than or equal to ${offered}.`,
      );
  }
  if (min !== undefined && max !== undefined && min > max)
    p.add(
      [...at, 'min_values'],
      'SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX',
      'min_values must be less than or equal to max_values.',
    );
}

function checkSelect(p: Problems, select: Json, at: Path, ids: CustomIds): void {
  ids.check(p, select.custom_id, [...at, 'custom_id'], true);
  text(p, select.placeholder, [...at, 'placeholder'], 150);
  const offered =
    select.type === ComponentType.StringSelect
      ? checkOptions(p, select.options, [...at, 'options'], 1, 25)
      : undefined;
  checkValueCounts(p, select, at, 25, offered);
  if (select.type !== ComponentType.StringSelect) {
    const defaults = list(p, select.default_values, [...at, 'default_values']);
    if (defaults) count(p, defaults, [...at, 'default_values'], 0, 25);
  }
}

function checkButton(p: Problems, button: Json, at: Path, ids: CustomIds): void {
  text(p, button.label, [...at, 'label'], 80);
  const style = button.style as ButtonStyle | undefined;
  if (typeof style !== 'number' || style < ButtonStyle.Primary || style > ButtonStyle.Premium) {
    p.add([...at, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
    return;
  }
  if (style === ButtonStyle.Link) {
    if (typeof button.url !== 'string' || button.url.length === 0) required(p, [...at, 'url']);
    else text(p, button.url, [...at, 'url'], 512);
    if (button.custom_id !== undefined && button.custom_id !== null)
      p.add(
        [...at, 'custom_id'],
        'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
        'A link button cannot have a custom id',
      );
  } else if (style === ButtonStyle.Premium) {
    if (button.sku_id === undefined || button.sku_id === null) required(p, [...at, 'sku_id']);
    if (button.custom_id !== undefined && button.custom_id !== null)
      p.add(
        [...at, 'custom_id'],
        'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
        'A premium button cannot have a custom id',
      );
  } else {
    ids.check(p, button.custom_id, [...at, 'custom_id'], true);
    if (button.url !== undefined && button.url !== null)
      p.add([...at, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'Only link buttons can have a url');
  }
}

/** A message action row: 1-5 buttons, or one select menu alone. */
function checkMessageRow(p: Problems, row: Json, at: Path, ids: CustomIds): void {
  const children = list(p, row.components, [...at, 'components']);
  if (!children) {
    required(p, [...at, 'components']);
    return;
  }
  if (!count(p, children, [...at, 'components'], 1, 5)) return;
  let width = 0;
  children.forEach((raw, i) => {
    const child = object(p, raw, [...at, 'components', i]);
    if (!child) return;
    const c = [...at, 'components', i];
    if (child.type === ComponentType.Button) {
      checkButton(p, child, c, ids);
      width += 1;
    } else if (SELECTS.includes(child.type as number)) {
      checkSelect(p, child, c, ids);
      width += 5;
    } else {
      unionType(p, c, [ComponentType.Button, ...SELECTS]);
      return;
    }
    if (width > 5)
      p.add(
        c,
        'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        'The specified component exceeds the maximum width',
      );
  });
}

/** Layout components of a Components V2 message (flag IS_COMPONENTS_V2). */
function checkV2Component(
  p: Problems,
  component: Json,
  at: Path,
  ids: CustomIds,
  state: { total: number; text: number },
): void {
  state.total += 1;
  switch (component.type) {
    case ComponentType.ActionRow:
      checkMessageRow(p, component, at, ids);
      state.total += Array.isArray(component.components) ? component.components.length : 0;
      return;
    case ComponentType.TextDisplay:
      filled(p, component.content, [...at, 'content'], 4000);
      state.text += typeof component.content === 'string' ? length(component.content) : 0;
      return;
    case ComponentType.Container:
    case ComponentType.Section: {
      const children = list(p, component.components, [...at, 'components']) ?? [];
      if (component.type === ComponentType.Container)
        count(p, children, [...at, 'components'], 1, 10);
      else count(p, children, [...at, 'components'], 1, 3);
      children.forEach((raw, i) => {
        const child = object(p, raw, [...at, 'components', i]);
        if (child) checkV2Component(p, child, [...at, 'components', i], ids, state);
      });
      if (component.type === ComponentType.Section && isObject(component.accessory)) {
        state.total += 1;
        if (component.accessory.type === ComponentType.Button)
          checkButton(p, component.accessory, [...at, 'accessory'], ids);
      }
      return;
    }
    default:
      return;
  }
}

/** A message's `components`: up to 5 action rows, or a Components V2 layout. */
function checkMessageComponents(p: Problems, value: unknown, at: Path, flags: number): void {
  const rows = list(p, value, at);
  if (!rows) return;
  const ids = new CustomIds();
  if ((flags & MessageFlags.IsComponentsV2) !== 0) {
    const state = { total: 0, text: 0 };
    rows.forEach((raw, i) => {
      const component = object(p, raw, [...at, i]);
      if (!component) return;
      if (!MESSAGE_V2_TOP_LEVEL.includes(component.type as number))
        unionType(p, [...at, i], MESSAGE_V2_TOP_LEVEL);
      else checkV2Component(p, component, [...at, i], ids, state);
    });
    if (state.total > 40) p.add(at, 'BASE_TYPE_MAX_LENGTH', 'Must be 40 or fewer in length.');
    if (state.text > 4000)
      p.add(
        at,
        'COMPONENT_DISPLAYABLE_TEXT_SIZE_EXCEEDED',
        'The displayable text of components exceeds the maximum size of 4000',
      );
    return;
  }
  if (!count(p, rows, at, 0, 5)) return;
  rows.forEach((raw, i) => {
    const row = object(p, raw, [...at, i]);
    if (!row) return;
    if (row.type !== ComponentType.ActionRow) unionType(p, [...at, i], [ComponentType.ActionRow]);
    else checkMessageRow(p, row, [...at, i], ids);
  });
}

// ---------------------------------------------------------------- allowed mentions

function checkAllowedMentions(p: Problems, value: unknown, at: Path): void {
  if (value === undefined || value === null) return;
  const mentions = object(p, value, at);
  if (!mentions) return;
  const parse = list(p, mentions.parse, [...at, 'parse']) ?? [];
  parse.forEach((type, i) => {
    if (type !== 'roles' && type !== 'users' && type !== 'everyone')
      p.add(
        [...at, 'parse', i],
        'ENUM_TYPE_COERCE',
        `Value "${String(type)}" is not a valid enum value.`,
      );
  });
  for (const kind of ['users', 'roles'] as const) {
    const ids = list(p, mentions[kind], [...at, kind]);
    if (!ids) continue;
    count(p, ids, [...at, kind], 0, 100);
    // Discord: an empty list next to parse is fine; a non-empty one is refused.
    if (ids.length > 0 && parse.includes(kind)) {
      p.add(
        at,
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
  }
}

// ---------------------------------------------------------------- messages

/** Field checks of a message body (create or edit), under `at`. */
function checkMessageFields(
  p: Problems,
  body: Json,
  at: Path,
  files: readonly UploadedFile[],
): void {
  text(p, body.content, [...at, 'content'], 2000);
  checkEmbeds(p, body.embeds, [...at, 'embeds']);
  checkMessageComponents(
    p,
    body.components,
    [...at, 'components'],
    typeof body.flags === 'number' ? body.flags : 0,
  );
  checkAllowedMentions(p, body.allowed_mentions, [...at, 'allowed_mentions']);
  const attachments = list(p, body.attachments, [...at, 'attachments']) ?? [];
  if (Math.max(attachments.length, files.length) > 10)
    p.add([...at, 'attachments'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  if (body.nonce !== undefined && body.nonce !== null && typeof body.nonce === 'string')
    text(p, body.nonce, [...at, 'nonce'], 25);
}

/** True when a message would show nothing: no content, embeds, components, files, stickers or poll. */
export function isEmptyMessage(message: Json, files: readonly UploadedFile[] = []): boolean {
  const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;
  if (typeof message.content === 'string' && message.content.trim().length > 0) return false;
  if (
    nonEmpty(message.embeds) ||
    nonEmpty(message.components) ||
    nonEmpty(message.attachments) ||
    nonEmpty(message.sticker_ids)
  )
    return false;
  if (isObject(message.poll)) return false;
  return files.length === 0;
}

function fileSizes(files: readonly UploadedFile[], limits: Limits): Refusal | undefined {
  return files.some((f) => f.content.length > limits.maxFileBytes) ? TOO_LARGE : undefined;
}

/** What a message would be after an edit: the fields the edit sends replace the stored ones. */
export function mergeEdit(existing: Json | undefined, edit: Json): Json | undefined {
  if (existing === undefined) return undefined;
  const merged: Json = { ...existing };
  for (const key of ['content', 'embeds', 'components', 'attachments', 'poll'] as const) {
    if (key in edit) merged[key] = edit[key];
  }
  return merged;
}

/**
 * A message sent (Create Message, a follow-up, a forum post's message, an interaction reply) or
 * edited. For an edit, `existing` is the message as Discord stores it (undefined when the stand-in
 * does not know it: then only the fields are checked); emptiness is judged on the result.
 */
export function validateMessage(
  body: unknown,
  files: readonly UploadedFile[],
  limits: Limits,
  options: { at?: Path; edit?: boolean; existing?: Json } = {},
): Refusal | undefined {
  const tooLarge = fileSizes(files, limits);
  if (tooLarge) return tooLarge;
  const at = options.at ?? [];
  const p = new Problems();
  const message = isObject(body) ? body : {};
  checkMessageFields(p, message, at, files);
  const refused = p.refusal();
  if (refused) return refused;
  const result = options.edit === true ? mergeEdit(options.existing, message) : message;
  if (result !== undefined && isEmptyMessage(result, files)) return EMPTY_MESSAGE;
  return undefined;
}

// ---------------------------------------------------------------- modals

function checkTextInput(
  p: Problems,
  input: Json,
  at: Path,
  ids: CustomIds,
  legacyLabel: boolean,
): void {
  ids.check(p, input.custom_id, [...at, 'custom_id'], true);
  if (legacyLabel) text(p, input.label, [...at, 'label'], 45, { min: 1, require: true });
  if (input.style !== TextInputStyle.Short && input.style !== TextInputStyle.Paragraph)
    p.add([...at, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2}.');
  const min = integer(p, input.min_length, [...at, 'min_length'], 0, 4000);
  const max = integer(p, input.max_length, [...at, 'max_length'], 1, 4000);
  if (min !== undefined && max !== undefined && min > max)
    p.add(
      [...at, 'min_length'],
      'NUMBER_TYPE_MAX',
      `int value should be less than or equal to ${max}.`,
    );
  text(p, input.placeholder, [...at, 'placeholder'], 100);
  text(p, input.value, [...at, 'value'], max !== undefined && max <= 4000 ? max : 4000);
}

function checkLabelChild(p: Problems, child: Json, at: Path, ids: CustomIds): void {
  switch (child.type) {
    case ComponentType.TextInput:
      checkTextInput(p, child, at, ids, false);
      return;
    case ComponentType.RadioGroup:
      ids.check(p, child.custom_id, [...at, 'custom_id'], true);
      checkOptions(p, child.options, [...at, 'options'], 2, 10);
      return;
    case ComponentType.CheckboxGroup: {
      ids.check(p, child.custom_id, [...at, 'custom_id'], true);
      const offered = checkOptions(p, child.options, [...at, 'options'], 1, 10);
      checkValueCounts(p, child, at, 10, offered);
      return;
    }
    case ComponentType.Checkbox:
      ids.check(p, child.custom_id, [...at, 'custom_id'], true);
      return;
    case ComponentType.FileUpload:
      ids.check(p, child.custom_id, [...at, 'custom_id'], true);
      checkValueCounts(p, child, at, 10, undefined);
      return;
    default:
      if (SELECTS.includes(child.type as number)) checkSelect(p, child, at, ids);
      else unionType(p, at, LABEL_CHILDREN);
  }
}

function checkModal(p: Problems, data: unknown, at: Path): void {
  const modal = object(p, data, at);
  if (!modal) return;
  text(p, modal.title, [...at, 'title'], 45, { min: 1, require: true });
  text(p, modal.custom_id, [...at, 'custom_id'], 100, { min: 1, require: true });
  const components = list(p, modal.components, [...at, 'components']);
  if (!components) {
    required(p, [...at, 'components']);
    return;
  }
  if (!count(p, components, [...at, 'components'], 1, 5)) return;
  const ids = new CustomIds();
  const topLevel = [ComponentType.ActionRow, ComponentType.TextDisplay, ComponentType.Label];
  components.forEach((raw, i) => {
    const c = [...at, 'components', i];
    const component = object(p, raw, c);
    if (!component) return;
    if (component.type === ComponentType.ActionRow) {
      // The older form: an action row holding exactly one text input that carries its own label.
      const children = list(p, component.components, [...c, 'components']) ?? [];
      if (!count(p, children, [...c, 'components'], 1, 1)) return;
      const input = object(p, children[0], [...c, 'components', 0]);
      if (!input) return;
      if (input.type !== ComponentType.TextInput)
        unionType(p, [...c, 'components', 0], [ComponentType.TextInput]);
      else checkTextInput(p, input, [...c, 'components', 0], ids, true);
    } else if (component.type === ComponentType.Label) {
      text(p, component.label, [...c, 'label'], 45, { min: 1, require: true });
      text(p, component.description, [...c, 'description'], 100);
      const child = isObject(component.component) ? component.component : undefined;
      if (!child) required(p, [...c, 'component']);
      else checkLabelChild(p, child, [...c, 'component'], ids);
    } else if (component.type === ComponentType.TextDisplay) {
      filled(p, component.content, [...c, 'content'], 4000);
    } else unionType(p, c, topLevel);
  });
}

// ---------------------------------------------------------------- autocomplete

function checkAutocomplete(p: Problems, data: unknown, at: Path): void {
  const result = object(p, data, at);
  if (!result) return;
  const choices = list(p, result.choices, [...at, 'choices']);
  if (!choices) {
    required(p, [...at, 'choices']);
    return;
  }
  if (!count(p, choices, [...at, 'choices'], 0, 25)) return;
  choices.forEach((raw, i) => {
    const choice = object(p, raw, [...at, 'choices', i]);
    if (!choice) return;
    text(p, choice.name, [...at, 'choices', i, 'name'], 100, { min: 1, require: true });
    if (typeof choice.value === 'string')
      text(p, choice.value, [...at, 'choices', i, 'value'], 100);
    else if (typeof choice.value !== 'number') required(p, [...at, 'choices', i, 'value']);
  });
}

// ---------------------------------------------------------------- entry points

/**
 * An interaction callback. `current` is the message a type 7 (update) would change, when known.
 * Returns the refusal, or undefined when Discord would accept it.
 */
export function validateInteractionCallback(
  body: unknown,
  files: readonly UploadedFile[],
  limits: Limits,
  current?: Json,
): Refusal | undefined {
  const callback = isObject(body) ? body : {};
  const data = callback.data;
  switch (callback.type) {
    case InteractionResponseType.ChannelMessageWithSource:
      return validateMessage(data, files, limits, { at: ['data'] });
    case InteractionResponseType.UpdateMessage:
      return validateMessage(data ?? {}, files, limits, {
        at: ['data'],
        edit: true,
        ...(current === undefined ? {} : { existing: current }),
      });
    case InteractionResponseType.Modal: {
      const p = new Problems();
      checkModal(p, data, ['data']);
      return p.refusal();
    }
    case InteractionResponseType.ApplicationCommandAutocompleteResult: {
      const p = new Problems();
      checkAutocomplete(p, data, ['data']);
      return p.refusal();
    }
    default:
      return undefined;
  }
}

function checkThreadName(p: Problems, name: unknown, at: Path): void {
  text(p, name, at, 100, { min: 1, require: true });
}

/** Start Thread from Message. */
export function validateThreadFromMessage(body: unknown): Refusal | undefined {
  const p = new Problems();
  checkThreadName(p, isObject(body) ? body.name : undefined, ['name']);
  return p.refusal();
}

/** Start Thread in Forum Channel: a name and a first message that follows the message rules. */
export function validateForumPost(
  body: unknown,
  files: readonly UploadedFile[],
  limits: Limits,
): Refusal | undefined {
  const tooLarge = fileSizes(files, limits);
  if (tooLarge) return tooLarge;
  const post = isObject(body) ? body : {};
  const p = new Problems();
  checkThreadName(p, post.name, ['name']);
  if (!isObject(post.message)) required(p, ['message']);
  else checkMessageFields(p, post.message, ['message'], files);
  const refused = p.refusal();
  if (refused) return refused;
  return isObject(post.message) && isEmptyMessage(post.message, files) ? EMPTY_MESSAGE : undefined;
}

// ---------------------------------------------------------------- scheduled events

/** The channel a scheduled event names, as the stand-in knows it (undefined: no such channel). */
export type ChannelTypeOf = (channelId: string) => number | undefined;

const ENTITY_STAGE = 1;
const ENTITY_VOICE = 2;
const ENTITY_EXTERNAL = 3;
const GUILD_ONLY = 2;
const CHANNEL_VOICE = 2;
const CHANNEL_STAGE = 13;

function isoTime(p: Problems, value: unknown, at: Path): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    p.add(
      at,
      'DATE_TIME_TYPE_PARSE',
      `Could not parse ${JSON.stringify(value)}. Should be ISO8601.`,
    );
    return undefined;
  }
  return ms;
}

/**
 * Create (POST) or Modify (PATCH, with `existing`) Guild Scheduled Event, as Discord checks it:
 * name 1-100, description up to 1000, privacy level GUILD_ONLY (2), a start not in the past and an
 * end after it; EXTERNAL needs `entity_metadata.location` (1-100) and an end, and no channel; a
 * voice or stage event needs a channel of that type.
 */
export function validateScheduledEvent(
  body: unknown,
  options: { now: number; channelType: ChannelTypeOf; existing?: Json },
): Refusal | undefined {
  const p = new Problems();
  const edit = isObject(body) ? body : {};
  const create = options.existing === undefined;
  const merged: Json = { ...(options.existing ?? {}), ...edit };
  if (create || 'name' in edit) text(p, edit.name, ['name'], 100, { min: 1, require: true });
  if ('description' in edit) text(p, edit.description, ['description'], 1000);
  if (create || 'privacy_level' in edit) {
    const level = edit.privacy_level;
    if (level === undefined || level === null) required(p, ['privacy_level']);
    else if (level !== GUILD_ONLY)
      p.add(
        ['privacy_level'],
        'ENUM_TYPE_COERCE',
        `Value "${JSON.stringify(level)}" is not a valid enum value.`,
      );
  }
  const start = isoTime(p, merged.scheduled_start_time, ['scheduled_start_time']);
  const end = isoTime(p, merged.scheduled_end_time, ['scheduled_end_time']);
  if (create && edit.scheduled_start_time === undefined) required(p, ['scheduled_start_time']);
  if ('scheduled_start_time' in edit && start !== undefined && start < options.now)
    p.add(
      ['scheduled_start_time'],
      'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST',
      'Cannot schedule event in the past.',
    );
  if (start !== undefined && end !== undefined && end <= start)
    p.add(
      ['scheduled_end_time'],
      'GUILD_SCHEDULED_EVENT_END_BEFORE_START',
      'Cannot schedule event to end before starting.',
    );
  const type = merged.entity_type;
  if (type === undefined || type === null) {
    if (create) required(p, ['entity_type']);
  } else if (type === ENTITY_EXTERNAL) {
    const metadata = isObject(merged.entity_metadata) ? merged.entity_metadata : {};
    text(p, metadata.location, ['entity_metadata', 'location'], 100, { min: 1, require: true });
    if (merged.scheduled_end_time === undefined || merged.scheduled_end_time === null)
      required(p, ['scheduled_end_time']);
    if (edit.channel_id !== undefined && edit.channel_id !== null)
      p.add(['channel_id'], 'CHANNEL_ID_NOT_ALLOWED', 'Channel must be empty for external events.');
  } else if (type === ENTITY_STAGE || type === ENTITY_VOICE) {
    const channel = merged.channel_id;
    if (typeof channel !== 'string' || channel.length === 0) required(p, ['channel_id']);
    else {
      const actual = options.channelType(channel);
      const wanted = type === ENTITY_STAGE ? CHANNEL_STAGE : CHANNEL_VOICE;
      if (actual !== wanted)
        p.add(
          ['channel_id'],
          'CHANNEL_TYPE_INVALID',
          actual === undefined
            ? 'Unknown channel.'
            : 'Channel type does not match the entity type.',
        );
    }
  } else
    p.add(
      ['entity_type'],
      'ENUM_TYPE_COERCE',
      `Value "${JSON.stringify(type)}" is not a valid enum value.`,
    );
  return p.refusal();
}
