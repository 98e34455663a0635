/**
 * Local wall-clock times in IANA zones, and the next run of a schedule. Pure functions over the
 * runtime's time zone database (Intl); every instant is UTC milliseconds.
 *
 * The daylight-saving rules, as the README states them:
 * - a local time that does not exist (the spring-forward gap) fires at the first valid minute
 *   after the gap (02:30 in New York on the March change fires at 03:00);
 * - a local time that happens twice (the fall-back overlap) fires once, at its first occurrence.
 */

import { z } from 'zod';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formattedTime(zone: string, utc: number): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(utc)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
  };
}

const QUARTER_HOUR = 15 * MINUTE;
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC at `utc`, in milliseconds (Rome in summer: +2 h). Memoized per
 * quarter hour of UTC: every transition in today's time zone rules falls on a quarter-hour
 * boundary, so all instants of a quarter hour share one offset. Asking Intl is the scheduler's
 * main cost otherwise.
 */
export function offsetAt(zone: string, utc: number): number {
  const key = `${zone}|${Math.floor(utc / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const t = formattedTime(zone, utc);
    const seconds = Math.floor(utc / 1000) % 60;
    offset =
      Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, seconds < 0 ? seconds + 60 : seconds) -
      Math.floor(utc / 1000) * 1000;
    if (offsets.size >= 200_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall-clock time in `zone` at the instant `utc`. */
export function localTime(zone: string, utc: number): LocalTime {
  const wall = new Date(utc + offsetAt(zone, utc));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    weekday: wall.getUTCDay(),
  };
}

/**
 * The UTC instant of a local wall-clock time, with the DST rules above. `kind` says which case
 * applied, so callers and tests can tell a normal day from a gap or an overlap.
 */
export function fromLocal(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): { utc: number; kind: 'exact' | 'gap' | 'overlap' } {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Every offset the zone could have around this wall time (real offsets stay within ±14 h and
  // change at most once in a day).
  const candidates = new Set([
    offsetAt(zone, wall - DAY),
    offsetAt(zone, wall),
    offsetAt(zone, wall + DAY),
  ]);
  const valid = [...candidates]
    .map((offset) => wall - offset)
    .filter((utc) => offsetAt(zone, utc) === wall - utc);
  if (valid.length > 0) {
    valid.sort((x, y) => x - y);
    return { utc: valid[0]!, kind: valid.length > 1 ? 'overlap' : 'exact' };
  }
  // In the gap: the first instant after the transition, which is the first valid local minute.
  const offsets = [...candidates].sort((x, y) => x - y);
  let lo = wall - offsets[offsets.length - 1]! - HOUR;
  let hi = wall - offsets[0]! + HOUR;
  const before = offsetAt(zone, lo);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return { utc: hi, kind: 'gap' };
}

/** A weekly rule: these weekdays, at this local time, every N weeks. */
export interface WeeklyRule {
  readonly kind: 'weekly';
  /** 0 = Sunday … 6 = Saturday; at least one. */
  readonly weekdays: readonly number[];
  readonly hour: number;
  readonly minute: number;
  readonly everyWeeks: number;
  /** A date (YYYY-MM-DD, local) in a week that fires: the every-N-weeks cycle counts from it. */
  readonly anchor: string;
}

export interface CronRule {
  readonly kind: 'cron';
  readonly expression: string;
}

export type ScheduleRule = WeeklyRule | CronRule;

/** A stored rule, as {@link parseJson} reads it back. */
export const scheduleRuleSchema: z.ZodType<ScheduleRule> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('weekly'),
    weekdays: z.array(z.number().int().min(0).max(6)).min(1),
    hour: z.number().int().min(0).max(23),
    minute: z.number().int().min(0).max(59),
    everyWeeks: z.number().int().min(1),
    anchor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  z.object({ kind: z.literal('cron'), expression: z.string().min(1) }),
]);

/** Days since 1970-01-01 of a civil date (no time zone involved). */
function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY);
}

function civil(dayNo: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(dayNo * DAY);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

/** Monday-based week number of a civil day, for every-N-weeks cycles. */
function weekNumber(dayNo: number): number {
  // 1970-01-01 was a Thursday; shifting by 3 makes weeks start on Monday.
  return Math.floor((dayNo + 3) / 7);
}

/**
 * The first run strictly after `after`, or undefined when the rule never fires again (a cron
 * expression for a date that does not exist). Runs are computed per local date, so an overlap
 * day yields one run, and a gap day's run moves to the end of the gap rather than disappearing.
 */
export function nextRun(rule: ScheduleRule, zone: string, after: number): number | undefined {
  const start = localTime(zone, after);
  const firstDay = dayNumber(start.year, start.month, start.day) - 1;
  if (rule.kind === 'weekly') {
    const [ay, am, ad] = rule.anchor.split('-').map(Number) as [number, number, number];
    const anchorWeek = weekNumber(dayNumber(ay, am, ad));
    for (let dayNo = firstDay; dayNo <= firstDay + 7 * rule.everyWeeks + 8; dayNo++) {
      const date = civil(dayNo);
      if (!rule.weekdays.includes(date.weekday)) continue;
      const weeks = weekNumber(dayNo) - anchorWeek;
      if (((weeks % rule.everyWeeks) + rule.everyWeeks) % rule.everyWeeks !== 0) continue;
      const { utc } = fromLocal(zone, date.year, date.month, date.day, rule.hour, rule.minute);
      if (utc > after) return utc;
    }
    return undefined;
  }
  const cron = parseCron(rule.expression);
  if (typeof cron === 'string') return undefined;
  // Five years is enough for any expression that can match at all (29 February included).
  for (let dayNo = firstDay; dayNo <= firstDay + 366 * 5; dayNo++) {
    const date = civil(dayNo);
    if (!cron.months.has(date.month)) continue;
    const domMatch = cron.days.has(date.day);
    const dowMatch = cron.weekdays.has(date.weekday);
    // Cron's rule: when both day fields are restricted, either may match.
    const dayMatches =
      cron.daysRestricted && cron.weekdaysRestricted ? domMatch || dowMatch : domMatch && dowMatch;
    if (!dayMatches) continue;
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const { utc, kind } = fromLocal(zone, date.year, date.month, date.day, hour, minute);
        // Several gap minutes land on the same instant: it fires once.
        if (
          utc > after &&
          (kind !== 'gap' || !firedEarlierInGap(cron, zone, date, hour, minute, utc))
        )
          return utc;
      }
    }
  }
  return undefined;
}

function firedEarlierInGap(
  cron: ParsedCron,
  zone: string,
  date: { year: number; month: number; day: number },
  hour: number,
  minute: number,
  utc: number,
): boolean {
  for (const h of cron.hours) {
    for (const m of cron.minutes) {
      if (h * 60 + m >= hour * 60 + minute) return false;
      if (fromLocal(zone, date.year, date.month, date.day, h, m).utc === utc) return true;
    }
  }
  return false;
}

export interface ParsedCron {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  readonly daysRestricted: boolean;
  readonly weekdaysRestricted: boolean;
}

const MONTH_NAMES = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function parseField(
  field: string,
  min: number,
  max: number,
  names: readonly string[] = [],
  nameBase = 0,
): number[] | string {
  const values = new Set<number>();
  const value = (text: string): number => {
    const named = names.indexOf(text.toLowerCase());
    return named === -1 ? (/^\d{1,2}$/.test(text) ? Number(text) : Number.NaN) : named + nameBase;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step =
      stepText === undefined ? 1 : /^\d{1,2}$/.test(stepText) ? Number(stepText) : Number.NaN;
    if (!Number.isInteger(step) || step < 1) return part;
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      [from, to] = [value(a), value(b)];
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < min || to > max || from > to)
      return part;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((x, y) => x - y);
}

/**
 * A standard five-field cron expression (minute hour day-of-month month day-of-week) with lists,
 * ranges, steps and English names; 7 means Sunday too. Returns the offending field text when the
 * expression is invalid.
 */
export function parseCron(expression: string): ParsedCron | string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return expression.trim();
  const [m, h, dom, mon, dow] = fields as [string, string, string, string, string];
  const minutes = parseField(m, 0, 59);
  const hours = parseField(h, 0, 23);
  const days = parseField(dom, 1, 31);
  const months = parseField(mon, 1, 12, MONTH_NAMES, 1);
  const weekdays = parseField(dow, 0, 7, DAY_NAMES, 0);
  for (const f of [minutes, hours, days, months, weekdays]) if (typeof f === 'string') return f;
  return {
    minutes: minutes as number[],
    hours: hours as number[],
    days: new Set(days as number[]),
    months: new Set(months as number[]),
    weekdays: new Set((weekdays as number[]).map((d) => (d === 7 ? 0 : d))),
    daysRestricted: dom !== '*',
    weekdaysRestricted: dow !== '*',
  };
}

/** A monthly rule: the nth (1–4) or last (-1) given weekday of every month, at this local time. */
export interface MonthlyWeekdayRule {
  readonly kind: 'monthly';
  /** 1 first … 4 fourth, -1 last. */
  readonly ordinal: 1 | 2 | 3 | 4 | -1;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
}

/** The day of the month of a month's nth (or last) weekday. */
export function nthWeekdayOf(
  year: number,
  month: number,
  ordinal: MonthlyWeekdayRule['ordinal'],
  weekday: number,
): number {
  if (ordinal === -1) {
    const last = new Date(Date.UTC(year, month, 0));
    return last.getUTCDate() - ((last.getUTCDay() - weekday + 7) % 7);
  }
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (ordinal - 1);
}

/**
 * The first run of a monthly rule strictly after `after`, with the same DST rules as
 * {@link nextRun} (a gap moves the run to the first valid minute, an overlap fires once, first).
 */
export function nextMonthlyRun(rule: MonthlyWeekdayRule, zone: string, after: number): number {
  const start = localTime(zone, after);
  for (let i = 0; ; i++) {
    const month0 = start.month - 1 + i;
    const year = start.year + Math.floor(month0 / 12);
    const month = (month0 % 12) + 1;
    const day = nthWeekdayOf(year, month, rule.ordinal, rule.weekday);
    const { utc } = fromLocal(zone, year, month, day, rule.hour, rule.minute);
    if (utc > after) return utc;
  }
}
