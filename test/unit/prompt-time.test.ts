import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromLocal,
  localTime,
  nextRun,
  parseCron,
  type WeeklyRule,
} from '../../src/core/local-time.js';

const ZONES = [
  'America/New_York',
  'Europe/London',
  'Europe/Rome',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Havana',
  'Asia/Tokyo',
  'UTC',
];
const START = Date.UTC(2026, 0, 1);
const TWO_YEARS = Date.UTC(2028, 0, 1);
const pad = (n: number) => String(n).padStart(2, '0');

describe('local time to UTC', () => {
  it('matches Intl exactly for every zone the runtime knows (the quarter-hour offset cache is safe)', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2040, 0, 1) / 60_000 }),
        (zone, minute) => {
          const t = minute * 60_000;
          const parts = Object.fromEntries(
            new Intl.DateTimeFormat('en-US', {
              timeZone: zone,
              hourCycle: 'h23',
              year: 'numeric',
              month: 'numeric',
              day: 'numeric',
              hour: 'numeric',
              minute: 'numeric',
            })
              .formatToParts(t)
              .map((p) => [p.type, p.value]),
          );
          const local = localTime(zone, t);
          expect([local.year, local.month, local.day, local.hour, local.minute]).toEqual(
            [parts.year, parts.month, parts.day, parts.hour, parts.minute].map(Number),
          );
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('handles the spring-forward gap (first valid minute) and the fall-back overlap (first occurrence)', () => {
    // New York, 8 March 2026: 02:00 jumps to 03:00.
    expect(fromLocal('America/New_York', 2026, 3, 8, 2, 30)).toEqual({
      utc: Date.UTC(2026, 2, 8, 7, 0),
      kind: 'gap',
    });
    // New York, 1 November 2026: 01:30 happens at 05:30 UTC (EDT) and 06:30 UTC (EST).
    expect(fromLocal('America/New_York', 2026, 11, 1, 1, 30)).toEqual({
      utc: Date.UTC(2026, 10, 1, 5, 30),
      kind: 'overlap',
    });
    // Lord Howe moves by 30 minutes: 02:00 -> 02:30 on 4 October 2026.
    const lh = fromLocal('Australia/Lord_Howe', 2026, 10, 4, 2, 15);
    expect(lh.kind).toBe('gap');
    expect(localTime('Australia/Lord_Howe', lh.utc)).toMatchObject({ hour: 2, minute: 30 });
    // Havana changes at midnight: 00:30 on 8 March 2026 does not exist.
    const havana = fromLocal('America/Havana', 2026, 3, 8, 0, 30);
    expect(havana.kind).toBe('gap');
    expect(localTime('America/Havana', havana.utc)).toMatchObject({ day: 8, hour: 1, minute: 0 });
    expect(fromLocal('Asia/Tokyo', 2026, 6, 1, 9, 0)).toEqual({
      utc: Date.UTC(2026, 5, 1, 0, 0),
      kind: 'exact',
    });
  });

  it('agrees with the runtime for every instant: local(fromLocal(local(t))) is t for real local times', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: START / 60_000, max: TWO_YEARS / 60_000 }),
        (zone, minute) => {
          const t = minute * 60_000;
          const local = localTime(zone, t);
          const back = fromLocal(
            zone,
            local.year,
            local.month,
            local.day,
            local.hour,
            local.minute,
          );
          // In an overlap the first occurrence is chosen, which is t or an hour (or less) before it.
          expect(
            back.kind === 'overlap' ? back.utc <= t && t - back.utc <= 3_600_000 : back.utc === t,
          ).toBe(true);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

/** How many Sundays in 2026-2027 fall in a gap or an overlap at each zone and time (from the tz rules). */
const EXPECTED_DST: Record<string, { gap: number; overlap: number }> = {
  'America/New_York 02:30': { gap: 2, overlap: 0 },
  'America/New_York 01:30': { gap: 0, overlap: 2 },
  'Europe/London 01:30': { gap: 2, overlap: 2 },
  'Europe/Rome 02:30': { gap: 2, overlap: 2 },
  'Australia/Lord_Howe 01:30': { gap: 0, overlap: 2 },
  'America/Havana 00:30': { gap: 2, overlap: 2 },
};

describe('two years of weekly prompts across daylight-saving changes', () => {
  for (const zone of ZONES) {
    for (const [hour, minute] of [
      [2, 30],
      [1, 30],
      [0, 30],
    ] as const) {
      it(`${zone}, Sundays at ${pad(hour)}:${pad(minute)}: one post a week, strictly increasing, never in a gap`, () => {
        const rule: WeeklyRule = {
          kind: 'weekly',
          weekdays: [0],
          hour,
          minute,
          everyWeeks: 1,
          anchor: '2026-01-04',
        };
        const fires: number[] = [];
        let cursor = START;
        for (;;) {
          const next = nextRun(rule, zone, cursor);
          if (next === undefined || next >= TWO_YEARS) break;
          fires.push(next);
          cursor = next;
        }
        // 2026 and 2027 have 104 Sundays between them.
        expect(fires).toHaveLength(104);
        const dates = new Set<string>();
        const seen = { gap: 0, overlap: 0 };
        for (const [i, fire] of fires.entries()) {
          if (i > 0) expect(fire).toBeGreaterThan(fires[i - 1]!);
          const local = localTime(zone, fire);
          // Fired on its Sunday, at the asked time, or at the end of the gap that swallowed it.
          expect(local.weekday).toBe(0);
          dates.add(`${local.year}-${local.month}-${local.day}`);
          const asked = fromLocal(zone, local.year, local.month, local.day, hour, minute);
          expect(fire).toBe(asked.utc);
          if (asked.kind !== 'exact') seen[asked.kind] += 1;
          if (asked.kind !== 'gap') expect([local.hour, local.minute]).toEqual([hour, minute]);
          else expect(local.hour * 60 + local.minute).toBeGreaterThan(hour * 60 + minute);
          // Never inside a gap: the fire's own local time maps back to it.
          expect(
            fromLocal(zone, local.year, local.month, local.day, local.hour, local.minute).utc,
          ).toBe(fire);
        }
        expect(dates.size).toBe(104);
        // The hard days really were in the sample.
        expect(seen).toEqual(
          EXPECTED_DST[`${zone} ${pad(hour)}:${pad(minute)}`] ?? { gap: 0, overlap: 0 },
        );
      });
    }
  }
});

describe('schedules', () => {
  it('fires every N weeks from the anchor week, on several weekdays', () => {
    const rule: WeeklyRule = {
      kind: 'weekly',
      weekdays: [1, 4],
      hour: 18,
      minute: 0,
      everyWeeks: 2,
      anchor: '2026-11-16',
    };
    const runs: string[] = [];
    let cursor = Date.UTC(2026, 10, 15);
    for (let i = 0; i < 5; i++) {
      cursor = nextRun(rule, 'Europe/Rome', cursor)!;
      const l = localTime('Europe/Rome', cursor);
      runs.push(`${l.month}/${l.day} ${l.hour}:${pad(l.minute)}`);
    }
    expect(runs).toEqual([
      '11/16 18:00',
      '11/19 18:00',
      '11/30 18:00',
      '12/3 18:00',
      '12/14 18:00',
    ]);
  });

  it('parses cron expressions and refuses broken ones by naming the bad field', () => {
    expect(parseCron('*/15 9-17 * * mon-fri')).toMatchObject({
      minutes: [0, 15, 30, 45],
      hours: [9, 10, 11, 12, 13, 14, 15, 16, 17],
    });
    expect(parseCron('0 18 * * 7')).toMatchObject({ weekdays: new Set([0]) });
    for (const [bad, field] of [
      ['61 * * * *', '61'],
      ['* * *', '* * *'],
      ['0 25 * * *', '25'],
      ['0 0 * * funday', 'funday'],
      ['*/0 * * * *', '*/0'],
      ['0 0 31-1 * *', '31-1'],
    ]) {
      expect(parseCron(bad!)).toBe(field);
    }
    const runs: number[] = [];
    let cursor = Date.UTC(2026, 2, 7, 12);
    for (let i = 0; i < 3; i++)
      runs.push(
        (cursor = nextRun({ kind: 'cron', expression: '30 2 * * *' }, 'America/New_York', cursor)!),
      );
    // The 8 March run falls in the gap and fires at 03:00; no day is skipped or doubled.
    expect(
      runs
        .map((r) => localTime('America/New_York', r))
        .map((l) => `${l.day} ${l.hour}:${pad(l.minute)}`),
    ).toEqual(['8 3:00', '9 2:30', '10 2:30']);
    expect(nextRun({ kind: 'cron', expression: '0 0 30 2 *' }, 'UTC', START)).toBeUndefined();
  });
});
