import { describe, expect, it } from 'vitest';
import { catalog, commandText, localeFromDiscord, t, LOCALES } from '../../src/core/i18n.js';
import { commands } from '../../src/features/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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
