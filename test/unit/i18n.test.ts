import { describe, expect, it } from 'vitest';
import {
  catalog,
  commandReferencesOf,
  commandText,
  resolveCommandReference,
  localeFromDiscord,
  placeholdersOf,
  pluralsWithoutOther,
  registerMessages,
  t,
  LOCALES,
  type MessageKey,
} from '../../src/core/i18n.js';
import { commands } from '../../src/features/index.js';

/** `{name}` and `{name, plural, …}` placeholders, with those inside plural branches. */
const placeholders = placeholdersOf;

/**
 * Keys whose Italian may equal the English: names that Italian uses as they are (NPS, the
 * languages' own names, "privacy", "cron", "Hearth 1.2.3", " in #channel" where the preposition is
 * the same word) and lines made only of placeholders and symbols.
 */
const SAME_IN_ITALIAN = new Set([
  'status.version',
  'outbox.where',
  'language.en',
  'language.it',
  'help.topic.privacy',
  'cmd.privacy.name',
  'cmd.schedule.cron.name',
  'polls.npsScore',
  'polls.kind.nps',
  'polls.template.nps',
]);

describe('translations', () => {
  it('defines every key in every language, non-empty, with the same placeholders', () => {
    const keys = Object.keys(catalog('en')).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(catalog(locale)).sort(), `keys of ${locale}`).toEqual(keys);
      for (const key of keys) {
        const text = catalog(locale)[key] ?? '';
        expect(text.trim().length, `${locale} ${key}`).toBeGreaterThan(0);
        expect(placeholders(text), `${locale} ${key}`).toEqual(
          placeholders(catalog('en')[key] ?? ''),
        );
      }
    }
  });

  it('has Italian written for every key, not the English copied over', () => {
    const words = (text: string) => text.replace(/\{[^{}]*\}/g, '').replace(/[^\p{L}]/gu, '');
    const copied = Object.keys(catalog('en')).filter(
      (key) =>
        catalog('it')[key] === catalog('en')[key] &&
        !SAME_IN_ITALIAN.has(key) &&
        words(catalog('en')[key] ?? '').length > 0,
    );
    expect(copied).toEqual([]);
  });

  it('names commands only by reference to their definitions, never by hand', () => {
    const handWritten: string[] = [];
    const unresolved: string[] = [];
    for (const locale of LOCALES)
      for (const [key, text] of Object.entries(catalog(locale))) {
        // What is left once placeholders and references are taken out must name no command.
        if (/(^|[\s`(“"'*])\/\p{L}/u.test(text.replace(/\{[^{}]*\}/g, '')))
          handWritten.push(`${locale} ${key}`);
        for (const reference of commandReferencesOf(text))
          if (resolveCommandReference(reference) === undefined)
            unresolved.push(`${locale} ${key}: {${reference}}`);
      }
    expect(handWritten).toEqual([]);
    expect(unresolved).toEqual([]);
  });

  it('shows a command as the member’s client names it, or as Discord’s mention when its id is known', () => {
    const ids = new Map([['hearth', '123']]);
    expect(t('en', 'problem.channelUnset', { setting: 'X' })).toBe(
      'The X is not set: choose one with `/hearth setup`.',
    );
    expect(t('it', 'problem.channelUnset', { setting: 'X' })).toBe(
      'Il X non è impostato: sceglilo con `/hearth configura`.',
    );
    expect(t('it', 'problem.channelUnset', { setting: 'X' }, ids)).toBe(
      'Il X non è impostato: sceglilo con </hearth setup:123>.',
    );
    expect(t('it', 'seats.needMemberRole', {}, ids)).toContain(
      'con </hearth setup:123> (`ruolo_membri`)',
    );
    expect(t('it', 'onboarding.pageSaved', { page: 1, count: 2 })).toContain('`/profilo`');
  });

  it('gives every plural an `other` branch, and picks the branch by Intl.PluralRules', () => {
    for (const locale of LOCALES)
      for (const [key, text] of Object.entries(catalog(locale)))
        expect(pluralsWithoutOther(text), `${locale} ${key}`).toEqual([]);
    registerMessages(
      'test-plurals',
      { 'test.votes': '{count, plural, =0 {no votes} one {# vote} other {# votes}} for {name}' },
      { 'test.votes': '{count, plural, =0 {nessun voto} one {# voto} other {# voti}} per {name}' },
    );
    const key = 'test.votes' as MessageKey;
    expect([0, 1, 2, 21].map((count) => t('en', key, { count, name: 'A' }))).toEqual([
      'no votes for A',
      '1 vote for A',
      '2 votes for A',
      '21 votes for A',
    ]);
    expect([0, 1, 2, 1000].map((count) => t('it', key, { count, name: 'A' }))).toEqual([
      'nessun voto per A',
      '1 voto per A',
      '2 voti per A',
      '1000 voti per A',
    ]);
    expect(t('en', 'polls.voters', { count: 1 })).toBe('1 vote');
    expect(t('it', 'polls.voters', { count: 1 })).toBe('1 voto');
    expect(t('it', 'prompts.weeklyRule', { days: 'Lunedì', time: '18:00', every: 1 })).toBe(
      'Lunedì alle 18:00, ogni settimana',
    );
    expect(t('it', 'prompts.weeklyRule', { days: 'Lunedì', time: '18:00', every: 2 })).toBe(
      'Lunedì alle 18:00, ogni 2 settimane',
    );
  });

  it('follows the member’s Discord locale, defaulting to English', () => {
    expect(localeFromDiscord('it')).toBe('it');
    expect(localeFromDiscord('en-GB')).toBe('en');
    expect(localeFromDiscord('fr')).toBe('en');
    expect(localeFromDiscord(undefined)).toBe('en');
    expect(t('it', 'error.generic', { ref: 'abc' })).toContain('`abc`');
  });

  it('gives every command, subcommand and option an Italian name and description Discord accepts', () => {
    const NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
    interface Named {
      name: string;
      description?: string | undefined;
      name_localizations?: unknown;
      description_localizations?: unknown;
      options?: readonly unknown[] | undefined;
    }
    const visit = (item: Named) => {
      expect(item.name).toMatch(NAME);
      const it = (item.name_localizations as Record<string, string> | undefined)?.it;
      if (it !== undefined) expect(it).toMatch(NAME);
      if (item.description !== undefined) {
        expect(item.description.length).toBeLessThanOrEqual(100);
        const desc = (item.description_localizations as Record<string, string> | undefined)?.it;
        expect(desc, `Italian description of ${item.name}`).toBeDefined();
        expect(desc!.length).toBeLessThanOrEqual(100);
      }
      for (const option of (item.options ?? []) as Named[]) visit(option);
    };
    for (const command of commands) visit(command.data);
    expect(commandText('cmd.help.name', 'cmd.help.description').name_localizations).toEqual({
      it: 'aiuto',
    });
  });
});

describe('README', () => {
  it('invites the bot with exactly the permissions Hearth checks for', async () => {
    const { readFileSync } = await import('node:fs');
    const { INVITE_PERMISSIONS } = await import('../../src/features/guilds/health.discord.js');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`permissions=${INVITE_PERMISSIONS}`);
  });
});
