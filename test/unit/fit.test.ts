import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, DISCORD_LIMITS, splitText } from '../../src/core/text.js';
import { embedMessages, embedSize, fitEmbed } from '../../src/core/embeds.js';
import { listMessage, pageLines } from '../../src/core/pages.js';
import { translator } from '../../src/core/i18n.js';

const L = DISCORD_LIMITS;
/** No lone surrogate (half an emoji). */
const wellFormed = (s: string) =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
const longText = fc.oneof(
  fc.string({ maxLength: 3000 }),
  fc.string({ unit: 'grapheme', maxLength: 1500 }),
  fc.array(fc.lorem({ maxCount: 30 }), { maxLength: 40 }).map((lines) => lines.join('\n')),
  fc.string({ unit: fc.constantFrom('a', ' ', '\n', '😀'), maxLength: 5000 }),
);

describe('clip and splitText', () => {
  it('cut only what is too long, at a word when one is near, never inside a surrogate pair', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('the quick brown fox jumps', 15)).toBe('the quick…');
    expect(clip('😀😀😀', 4)).toBe('😀…');
    fc.assert(
      fc.property(longText, fc.integer({ min: 2, max: 2000 }), (text, max) => {
        const cut = clip(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(wellFormed(cut)).toBe(wellFormed(text));
        const pieces = splitText(text, max);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(max);
          if (wellFormed(text)) expect(wellFormed(piece)).toBe(true);
        }
        // Nothing is lost but the whitespace at each cut.
        expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});

describe('embedMessages', () => {
  it('keeps every embed and every message within Discord’s limits, and loses no text', () => {
    const field = fc.record({ name: fc.string({ maxLength: 300 }), value: longText });
    fc.assert(
      fc.property(
        fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
        fc.option(longText, { nil: undefined }),
        fc.array(field, { maxLength: 60 }),
        fc.option(fc.string({ maxLength: 2100 }), { nil: undefined }),
        (title, description, fields, footer) => {
          const messages = embedMessages({
            ...(title === undefined ? {} : { title }),
            ...(description === undefined ? {} : { description }),
            fields,
            ...(footer === undefined ? {} : { footer }),
            color: 1,
          });
          expect(messages.length).toBeGreaterThan(0);
          for (const embeds of messages) {
            expect(embeds.length).toBeGreaterThan(0);
            expect(embeds.length).toBeLessThanOrEqual(L.embedsPerMessage);
            expect(embeds.reduce((sum, e) => sum + embedSize(e), 0)).toBeLessThanOrEqual(
              L.embedTotal,
            );
            for (const e of embeds) {
              expect(e.title?.length ?? 0).toBeLessThanOrEqual(L.embedTitle);
              expect(e.description?.length ?? 0).toBeLessThanOrEqual(L.embedDescription);
              expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(L.embedFooter);
              expect(e.fields?.length ?? 0).toBeLessThanOrEqual(L.embedFields);
              for (const f of e.fields ?? []) {
                expect(f.name.trim().length).toBeGreaterThan(0);
                expect(f.value.trim().length).toBeGreaterThan(0);
                expect(f.name.length).toBeLessThanOrEqual(L.embedFieldName);
                expect(f.value.length).toBeLessThanOrEqual(L.embedFieldValue);
              }
            }
          }
          const shown = messages
            .flat()
            .flatMap((e) => [e.description ?? '', ...(e.fields ?? []).map((f) => f.value)])
            .join('')
            .replace(/[\s\u200b]/g, '');
          const given = [description ?? '', ...fields.map((f) => f.value)]
            .join('')
            .replace(/[\s\u200b]/g, '');
          expect(shown).toBe(given);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fits 25 answers of 1,000 characters over several messages, in order', () => {
    const fields = Array.from({ length: 25 }, (_, i) => ({
      name: `Question ${i + 1}`,
      value: `${i + 1} `.padEnd(1000, 'x'),
    }));
    const messages = embedMessages({ title: 'Answers', description: '<@1>', fields });
    expect(messages.length).toBe(5);
    expect(messages[0]![0]!.title).toBe('Answers');
    expect(messages.flat().flatMap((e) => e.fields!.map((f) => f.name))).toEqual(
      fields.map((f) => f.name),
    );
  });

  it('fitEmbed keeps one embed within the total, cutting the description to the room left', () => {
    const embed = fitEmbed({
      title: 't'.repeat(300),
      description: 'd'.repeat(5000),
      fields: Array.from({ length: 30 }, () => ({ name: 'n', value: 'v'.repeat(1100) })),
      footer: 'f',
    });
    expect(embedSize(embed)).toBeLessThanOrEqual(L.embedTotal);
    expect(embed.fields!.length).toBeLessThanOrEqual(L.embedFields);
  });
});

describe('pages', () => {
  it('pack lines into pages that fit a message, and keep the asked page within range', () => {
    const t = translator('en');
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 300 }), { maxLength: 200 }),
        fc.integer({ min: -3, max: 50 }),
        fc.string({ maxLength: 1000 }),
        (lines, page, prefix) => {
          const pages = pageLines(lines);
          expect(pages.flat().length).toBe(lines.length);
          const view = listMessage({
            prefix,
            header: 'Header',
            lines,
            page,
            customIdOf: (p) => `x:${p}`,
            t,
          });
          expect(view.content.length).toBeLessThanOrEqual(L.content);
          expect(view.page).toBeGreaterThanOrEqual(0);
          expect(view.page).toBeLessThan(view.pageCount);
          const ids = view.components.flatMap((row) =>
            row.components.map((b) => ('custom_id' in b ? b.custom_id : '')),
          );
          expect(new Set(ids).size).toBe(ids.length);
          if (view.pageCount === 1) expect(view.components).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
