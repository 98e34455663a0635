/**
 * The i18n machinery: locales, the catalogue, placeholders. It holds no feature's text: each
 * feature's `messages.ts` declares its keys (merged into {@link Messages}, so every key is typed
 * and `it` must match `en` at compile time) and registers its strings when imported.
 */
import { en as coreEn, it as coreIt } from './messages.js';

export type Locale = 'en' | 'it';
export const LOCALES: readonly Locale[] = ['en', 'it'];

/**
 * Every message key, with its English text as a literal type. Features add theirs by declaration
 * merging in their `messages.ts` (`interface Messages extends Readonly<typeof en> {}`). The literal
 * English text lets the command kit check at compile time that an option's name in code is the
 * English name its `….name` key localizes (src/core/command-options.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
export interface Messages extends Readonly<typeof coreEn> {}

export type MessageKey = Extract<keyof Messages, string>;
export type MessageParams = Readonly<Record<string, string | number>>;

const registered: Record<Locale, Record<string, string>> = { en: {}, it: {} };
const owners = new Map<string, string>();

/**
 * Adds one feature's strings to the catalogue. A key may belong to one owner only, so two features
 * cannot silently overwrite each other's text.
 */
export function registerMessages<K extends string>(
  owner: string,
  english: Readonly<Record<K, string>>,
  italian: Readonly<Record<K, string>>,
): void {
  for (const key of Object.keys(english) as K[]) {
    const previous = owners.get(key);
    if (previous !== undefined && previous !== owner) {
      throw new Error(`message key ${key} is defined by both ${previous} and ${owner}`);
    }
    owners.set(key, owner);
    registered.en[key] = english[key];
    registered.it[key] = italian[key];
  }
}

registerMessages('core', coreEn, coreIt);

/** The whole catalogue of one locale, as registered so far (tests check parity over it). */
export function catalog(locale: Locale): Readonly<Record<string, string>> {
  return registered[locale];
}

/** Which module registered a key (tests). */
export function ownerOf(key: string): string | undefined {
  return owners.get(key);
}

/** Discord sends `it`, `en-US`, `en-GB`, `fr`, …; Hearth speaks Italian and English. */
export function localeFromDiscord(discordLocale: string | null | undefined): Locale {
  return discordLocale?.toLowerCase().startsWith('it') === true ? 'it' : 'en';
}

/**
 * The message for `key` in `locale`. Placeholders are `{name}`, filled from `params`, and plurals
 * are ICU-like: `{count, plural, one {# vote} other {# votes}}` picks the branch
 * `Intl.PluralRules` gives for the number in `count` (`=0`, `=1`… match exact values first), and
 * `#` in the branch is that number. Every plural needs an `other` branch.
 *
 * Commands are named by reference, never by hand: `{/hearth setup}` becomes Discord's clickable
 * `</hearth setup:id>` when `ids` knows the command's id, else `/hearth configura` (in code font)
 * as an Italian client shows it. `{/hearth setup member_role}` is an option's name as the
 * member's client shows it (`ruolo_membri`). See {@link registerCommands}.
 */
export function t(
  locale: Locale,
  key: MessageKey,
  params: MessageParams = {},
  ids?: CommandIds,
): string {
  const template = registered[locale][key];
  if (template === undefined) throw new Error(`message ${key} is not registered`);
  return render(locale, template, params, ids);
}

// ------------------------------------------------------------------ command references

/** What the catalogue needs of a command definition (or of one of its options) to name it. */
export interface NamedDefinition {
  readonly name: string;
  readonly type?: number | undefined;
  readonly name_localizations?: Readonly<Partial<Record<string, string | null>>> | null | undefined;
  readonly options?: readonly NamedDefinition[] | undefined;
}

/** Command ids by command name, as Discord gave them to one running Hearth. */
export type CommandIds = ReadonlyMap<string, string>;

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const commandsByName = new Map<string, NamedDefinition>();

/**
 * The command definitions messages may refer to, as deployed (src/features/index.ts registers
 * them): references are resolved against the same JSON Discord receives.
 */
export function registerCommands(definitions: readonly NamedDefinition[]): void {
  for (const definition of definitions) commandsByName.set(definition.name, definition);
}

/** What a `{/…}` reference names: the command path, and the option when it ends in one. */
export interface CommandReference {
  readonly path: readonly NamedDefinition[];
  readonly option?: NamedDefinition;
  /** A command named as a whole (it runs through its subcommands): no mention, only its name. */
  readonly group?: boolean;
}

/** Resolves `/name`, `/name sub`, `/name sub option` or `/name option`; undefined if unknown. */
export function resolveCommandReference(reference: string): CommandReference | undefined {
  const [name, ...rest] = reference.replace(/^\//, '').split(' ');
  const command = commandsByName.get(name ?? '');
  if (command === undefined) return undefined;
  const path: NamedDefinition[] = [command];
  let scope = command;
  for (const [i, word] of rest.entries()) {
    const child = (scope.options ?? []).find((o) => o.name === word);
    if (child === undefined) return undefined;
    if (child.type === SUBCOMMAND || child.type === SUBCOMMAND_GROUP) {
      path.push(child);
      scope = child;
    } else return i === rest.length - 1 ? { path, option: child } : undefined;
  }
  const group = (scope.options ?? []).some(
    (o) => o.type === SUBCOMMAND || o.type === SUBCOMMAND_GROUP,
  );
  return group ? { path, group } : { path };
}

function renderReference(
  locale: Locale,
  reference: string,
  ids: CommandIds | undefined,
): string | undefined {
  const resolved = resolveCommandReference(reference);
  if (resolved === undefined) return undefined;
  const shown = (d: NamedDefinition) =>
    (locale === 'en' ? undefined : (d.name_localizations?.[locale] ?? undefined)) ?? d.name;
  if (resolved.option !== undefined) return shown(resolved.option);
  const id = resolved.group === true ? undefined : ids?.get(resolved.path[0]!.name);
  // Discord's mention takes the base names; each client shows it in its own language.
  if (id !== undefined) return `</${resolved.path.map((d) => d.name).join(' ')}:${id}>`;
  return `\`/${resolved.path.map(shown).join(' ')}\``;
}

/** The `{/…}` references of a template (tests: each must resolve, in both languages alike). */
export function commandReferencesOf(template: string): string[] {
  return [...template.matchAll(/\{(\/[^{}]*)\}/g)].map((m) => m[1]!);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

function pluralCategory(locale: Locale, n: number): string {
  let rules = pluralRules.get(locale);
  if (rules === undefined) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(n);
}

/** The index of the `}` closing the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

const SIMPLE = /^(\w+)$/;
const PLURAL = /^(\w+),\s*plural,\s*/;

/** A plural's branches: `one {…} other {…}` → [['one', '…'], ['other', '…']]. */
function branches(body: string): [string, string][] {
  const found: [string, string][] = [];
  let i = 0;
  while (i < body.length) {
    const selector = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(body.slice(i));
    if (selector === null) break;
    const open = i + selector[0].length - 1;
    const close = closing(body, open);
    if (close === -1) break;
    found.push([selector[1]!, body.slice(open + 1, close)]);
    i = close + 1;
  }
  return found;
}

/** `#` at the top level of a branch (not inside a nested placeholder) becomes the number. */
function replaceHash(text: string, value: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '{') depth += 1;
    if (ch === '}') depth -= 1;
    out += ch === '#' && depth === 0 ? value : ch;
  }
  return out;
}

function render(locale: Locale, template: string, params: MessageParams, ids?: CommandIds): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open === -1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const close = closing(template, open);
    if (close === -1) {
      out += template.slice(open);
      break;
    }
    const inner = template.slice(open + 1, close);
    const simple = SIMPLE.exec(inner);
    const plural = PLURAL.exec(inner);
    if (inner.startsWith('/')) {
      out += renderReference(locale, inner, ids) ?? `{${inner}}`;
    } else if (simple !== null) {
      const value = params[simple[1]!];
      out += value === undefined ? `{${inner}}` : String(value);
    } else if (plural !== null) {
      const value = params[plural[1]!];
      const n = typeof value === 'number' ? value : Number(value);
      const options = branches(inner.slice(plural[0].length));
      const chosen =
        options.find(([sel]) => sel === `=${n}`) ??
        options.find(([sel]) => sel === pluralCategory(locale, n)) ??
        options.find(([sel]) => sel === 'other');
      out +=
        value === undefined || chosen === undefined
          ? `{${inner}}`
          : render(locale, replaceHash(chosen[1], String(value)), params, ids);
    } else {
      out += `{${inner}}`;
    }
    i = close + 1;
  }
  return out;
}

/**
 * The placeholders a template uses, plain or plural, including those inside plural branches, and
 * the commands it refers to (tests check that both languages use the same ones).
 */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open === -1) break;
    const close = closing(template, open);
    if (close === -1) break;
    const inner = template.slice(open + 1, close);
    const simple = SIMPLE.exec(inner);
    const plural = PLURAL.exec(inner);
    if (inner.startsWith('/')) names.add(inner);
    else if (simple !== null) names.add(simple[1]!);
    else if (plural !== null) {
      names.add(plural[1]!);
      for (const [, text] of branches(inner.slice(plural[0].length)))
        for (const name of placeholdersOf(text)) names.add(name);
    }
    i = close + 1;
  }
  return [...names].sort();
}

/** Plurals in a template that lack an `other` branch (tests: each must have one). */
export function pluralsWithoutOther(template: string): string[] {
  const missing: string[] = [];
  for (const match of template.matchAll(/\{(\w+),\s*plural,/g)) {
    const open = match.index;
    const close = closing(template, open);
    const inner = template.slice(open + 1, close === -1 ? undefined : close);
    const body = inner.slice((PLURAL.exec(inner)?.[0] ?? '').length);
    if (!branches(body).some(([sel]) => sel === 'other')) missing.push(match[1]!);
  }
  return missing;
}

/** A translator bound to one locale. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** A translator for one locale; with `ids`, command references become Discord mentions. */
export function translator(locale: Locale, ids?: CommandIds): Translate {
  return (key, params) => t(locale, key, params, ids);
}

/** Discord's localization map for a command name or description (the base text is English). */
export function discordLocalizations(key: MessageKey): Record<'it', string> {
  return { it: t('it', key) };
}

/** Name and description of a command or option, with their Italian localizations. */
export function commandText(nameKey: MessageKey, descriptionKey: MessageKey) {
  return {
    name: t('en', nameKey),
    name_localizations: discordLocalizations(nameKey),
    description: t('en', descriptionKey),
    description_localizations: discordLocalizations(descriptionKey),
  };
}
