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

/** The message for `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = registered[locale][key];
  if (template === undefined) throw new Error(`message ${key} is not registered`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** A translator bound to one locale. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => t(locale, key, params);
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
