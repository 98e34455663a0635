/**
 * The next occurrence of a recurring event, against a straightforward reference: walk the local
 * calendar day by day, keep the days the rule names, and find each day's instant by scanning UTC
 * for the first minute whose wall clock (asked of a fresh Intl formatter, no cache) reaches the
 * rule's time. That is the DST rule the README states: a gap moves to the first valid minute, an
 * overlap fires once, at its first occurrence. Plus the phrases organisers write.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { localTime } from '../../src/core/local-time.js';
import {
  nextOccurrence,
  parseRepeats,
  type RecurrenceRule,
} from '../../src/features/events/recurrence.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const zones = [
  'Europe/Rome',
  'America/New_York',
  'Australia/Sydney',
  'Pacific/Chatham',
  'Asia/Kolkata',
] as const;

function wallOf(zone: string, utc: number): number {
  const parts: Record<string, string> = {};
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  for (const p of f.formatToParts(utc)) parts[p.type] = p.value;
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
}

/** The first UTC minute whose wall clock in `zone` is at or past `wall` (a naive UTC number). */
function referenceInstant(zone: string, wall: number): number {
  let utc = wall - 15 * 60 * MINUTE;
  while (wallOf(zone, utc) < wall) utc += 15 * MINUTE;
  utc -= 15 * MINUTE;
  while (wallOf(zone, utc) < wall) utc += MINUTE;
  return utc;
}

function referenceNext(rule: RecurrenceRule, zone: string, after: number): number {
  const startWall = wallOf(zone, after);
  const firstDay = Math.floor(startWall / DAY) - 1;
  for (let dayNo = firstDay; dayNo < firstDay + 800; dayNo++) {
    const date = new Date(dayNo * DAY);
    if (date.getUTCDay() !== rule.weekday) continue;
    if (rule.kind === 'weekly') {
      const anchor = Date.parse(`${rule.anchor}T00:00:00Z`) / DAY;
      const weeks = (dayNo - anchor) / 7;
      if (((weeks % rule.everyWeeks) + rule.everyWeeks) % rule.everyWeeks !== 0) continue;
    } else {
      const day = date.getUTCDate();
      const inMonth = new Date(
        Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0),
      ).getUTCDate();
      if (rule.ordinal === -1 ? day + 7 <= inMonth : Math.ceil(day / 7) !== rule.ordinal) continue;
    }
    const utc = referenceInstant(zone, dayNo * DAY + (rule.hour * 60 + rule.minute) * MINUTE);
    if (utc > after) return utc;
  }
  throw new Error('no occurrence in 800 days');
}

const time = {
  // Hours around the changes (1–3) come up often.
  hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 3 })),
  minute: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constantFrom(0, 30, 45)),
};
const anchorDay = fc.integer({
  min: Date.UTC(2026, 0, 1) / DAY,
  max: Date.UTC(2032, 0, 1) / DAY,
});
const weekly = fc
  .record({ anchor: anchorDay, everyWeeks: fc.integer({ min: 1, max: 6 }), ...time })
  .map(({ anchor, ...r }): RecurrenceRule => {
    const d = new Date(anchor * DAY);
    return {
      kind: 'weekly',
      weekday: d.getUTCDay(),
      anchor: d.toISOString().slice(0, 10),
      ...r,
    };
  });
const monthly = fc
  .record({
    ordinal: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, -1 as const),
    weekday: fc.integer({ min: 0, max: 6 }),
    ...time,
  })
  .map((r): RecurrenceRule => ({ kind: 'monthly', ...r }));

describe('the next occurrence of a series', () => {
  it('is the reference’s, for weekly, every N weeks and monthly rules in zones with and without DST', () => {
    fc.assert(
      fc.property(
        fc.oneof(weekly, monthly),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 400 * 24 * 60 }),
        (rule, zone, minutesLater) => {
          const from =
            rule.kind === 'weekly' ? Date.parse(`${rule.anchor}T00:00:00Z`) : Date.UTC(2027, 0, 1);
          let after = from + minutesLater * MINUTE;
          // A chain of occurrences, each from the one before, as the series makes them.
          for (let i = 0; i < 3; i++) {
            const next = nextOccurrence(rule, zone, after);
            expect(next).toBe(referenceNext(rule, zone, after));
            after = next;
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps 20:00 in Rome across the March and October changes, weekly', () => {
    const rule = parseRepeats('weekly', Date.UTC(2027, 2, 16, 19, 0), 'Europe/Rome')!;
    let at = Date.UTC(2027, 2, 16, 19, 0);
    const starts: string[] = [];
    for (let i = 0; i < 3; i++) {
      at = nextOccurrence(rule, 'Europe/Rome', at);
      starts.push(new Date(at).toISOString());
    }
    // 23 March CET (UTC+1), then 30 March and 6 April CEST (UTC+2): 20:00 local every time.
    expect(starts).toEqual([
      '2027-03-23T19:00:00.000Z',
      '2027-03-30T18:00:00.000Z',
      '2027-04-06T18:00:00.000Z',
    ]);
    for (const s of starts) expect(localTime('Europe/Rome', Date.parse(s)).hour).toBe(20);
  });
});

describe('what organisers write in “repeats”', () => {
  // Tuesday 9 March 2027, 20:00 in Rome: the 2nd Tuesday.
  const start = Date.UTC(2027, 2, 9, 19, 0);
  const zone = 'Europe/Rome';
  const refused = (text: string) => {
    try {
      parseRepeats(text, start, zone);
    } catch (error) {
      if (error instanceof UserError) return error.key;
      throw error;
    }
    return undefined;
  };

  it('reads weekly, every N weeks and monthly, in English and Italian', () => {
    expect(parseRepeats(undefined, start, zone)).toBeNull();
    expect(parseRepeats('none', start, zone)).toBeNull();
    expect(parseRepeats('nessuna', start, zone)).toBeNull();
    const weeklyRule = {
      kind: 'weekly',
      everyWeeks: 1,
      weekday: 2,
      hour: 20,
      minute: 0,
      anchor: '2027-03-09',
    };
    expect(parseRepeats('Weekly', start, zone)).toEqual(weeklyRule);
    expect(parseRepeats('settimanale', start, zone)).toEqual(weeklyRule);
    expect(parseRepeats('every 3 weeks', start, zone)).toEqual({ ...weeklyRule, everyWeeks: 3 });
    expect(parseRepeats('ogni 2 settimane', start, zone)).toEqual({ ...weeklyRule, everyWeeks: 2 });
    const monthlyRule = { kind: 'monthly', ordinal: 2, weekday: 2, hour: 20, minute: 0 };
    expect(parseRepeats('monthly', start, zone)).toEqual(monthlyRule);
    expect(parseRepeats('monthly 2nd Tuesday', start, zone)).toEqual(monthlyRule);
    expect(parseRepeats('mensile 2° martedì', start, zone)).toEqual(monthlyRule);
    // 30 March 2027 is the 5th and last Tuesday: "monthly" means the last one.
    expect(parseRepeats('monthly', Date.UTC(2027, 2, 30, 18, 0), zone)).toMatchObject({
      ordinal: -1,
    });
    expect(parseRepeats('monthly last tuesday', Date.UTC(2027, 2, 30, 18, 0), zone)).toMatchObject({
      ordinal: -1,
    });
  });

  it('refuses every 0 weeks, a weekday that is none, and a day that is not the start’s', () => {
    expect(refused('every 0 weeks')).toBe('events.repeatsEvery');
    expect(refused('every 53 weeks')).toBe('events.repeatsEvery');
    expect(refused('monthly 2nd Funday')).toBe('events.repeatsWeekday');
    expect(refused('monthly 5th tuesday')).toBe('events.repeatsWeekday');
    expect(refused('monthly 3rd tuesday')).toBe('events.repeatsNotStart');
    expect(refused('monthly 2nd wednesday')).toBe('events.repeatsNotStart');
    expect(refused('daily')).toBe('events.repeatsFormat');
    expect(refused('monthly on tuesdays and fridays')).toBe('events.repeatsFormat');
  });
});
