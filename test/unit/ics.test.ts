import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calendarFile,
  escapeText,
  foldLine,
  utc,
  type CalendarEvent,
} from '../../src/features/events/ics.js';
import { parseCalendar } from '../helpers/ics.js';

const base: CalendarEvent = {
  uid: 'event-7-123@hearth',
  stamp: Date.UTC(2026, 11, 1, 9, 0),
  start: Date.UTC(2026, 11, 5, 18, 30),
  end: Date.UTC(2026, 11, 5, 20, 30),
  title: 'Board games night',
  description: 'Bring a game',
  location: 'The Lab, 2nd floor',
  url: 'https://discord.com/channels/1/2/3',
  sequence: 0,
  cancelled: false,
};

const octets = (line: string) => Buffer.byteLength(line, 'utf8');

describe('the .ics writer', () => {
  it('writes one VEVENT with UTC times, CRLF line ends and the fields a calendar needs', () => {
    const text = calendarFile(base);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Hearth//Events//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      'UID:event-7-123@hearth',
      'DTSTAMP:20261201T090000Z',
      'DTSTART:20261205T183000Z',
      'DTEND:20261205T203000Z',
      'SEQUENCE:0',
      'STATUS:CONFIRMED',
      'SUMMARY:Board games night',
      'DESCRIPTION:Bring a game',
      'LOCATION:The Lab\\, 2nd floor',
      'URL:https://discord.com/channels/1/2/3',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
  });

  it('says CANCELLED and carries the SEQUENCE it is given', () => {
    const event = parseCalendar(calendarFile({ ...base, sequence: 3, cancelled: true }));
    expect(event).toMatchObject({ STATUS: 'CANCELLED', SEQUENCE: '3' });
  });

  it('escapes backslash, semicolon, comma and newlines, in that order', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    expect(escapeText('\\n')).toBe('\\\\n');
  });

  it('folds at 75 octets, continuation lines starting with a space, never inside a character', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const part of folded) expect(octets(part)).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(folded.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('writes times in UTC, whole seconds', () => {
    expect(utc(Date.UTC(2027, 2, 28, 1, 0, 0, 999))).toBe('20270328T010000Z');
  });

  // Any title and description: the file's lines stay within 75 octets, and an unfolding,
  // unescaping reader gets the text back exactly (control characters other than tab and
  // newlines are not allowed in iCalendar text, and are dropped; CR LF and CR read as LF).
  it('round-trips any title and description through an unfolding parser', () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('\\', ';', ',', '\n', '\r\n', ':', '"', ' ', '\t', 'é', '€', '😀', '中'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 400,
    });
    const expected = (s: string) =>
      s
        .replace(/\r\n|\r/g, '\n')
        // eslint-disable-next-line no-control-regex -- the characters the writer drops
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
    fc.assert(
      fc.property(text, text, (title, description) => {
        const file = calendarFile({ ...base, title, description });
        for (const line of file.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
        const event = parseCalendar(file);
        expect(event.SUMMARY).toBe(expected(title));
        expect(event.DESCRIPTION ?? '').toBe(expected(description));
        expect(event.UID).toBe(base.uid);
      }),
      { numRuns: 500 },
    );
  });
});
