import { en } from './en.js';
import { it } from './it.js';

export type Locale = 'en' | 'it';
export type MessageKey = keyof typeof en;
export type MessageParams = Readonly<Record<string, string | number>>;

export const LOCALES: readonly Locale[] = ['en', 'it'];

export const catalogs: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, it };

/** Discord sends `it`, `en-US`, `en-GB`, `fr`, …; Hearth speaks Italian and English. */
export function localeFromDiscord(discordLocale: string | null | undefined): Locale {
  return discordLocale?.toLowerCase().startsWith('it') === true ? 'it' : 'en';
}

/** The message for `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogs[locale][key];
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
