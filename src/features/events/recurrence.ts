/**
 * Recurring events: the rule a series follows, read from what the organiser wrote ("weekly",
 * "every 2 weeks", "monthly", "monthly 2nd Tuesday", in English or Italian), and the start of
 * its next occurrence. The times come from the prompt scheduler's rules (core/local-time.ts):
 * every occurrence is computed from the local wall-clock time in the series' zone, so it keeps
 * its local time across daylight-saving changes. No Discord, no database.
 */
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { localTime, nextMonthlyRun, nextRun } from '../../core/local-time.js';

export const MAX_EVERY_WEEKS = 52;

export type RecurrenceRule =
  | {
      readonly kind: 'weekly';
      readonly everyWeeks: number;
      /** 0 = Sunday … 6 = Saturday. */
      readonly weekday: number;
      readonly hour: number;
      readonly minute: number;
      /** The first occurrence's local date (YYYY-MM-DD): every N weeks counts from it. */
      readonly anchor: string;
    }
  | {
      readonly kind: 'monthly';
      /** 1 first … 4 fourth, -1 last. */
      readonly ordinal: 1 | 2 | 3 | 4 | -1;
      readonly weekday: number;
      readonly hour: number;
      readonly minute: number;
    };

const time = { hour: z.number().int().min(0).max(23), minute: z.number().int().min(0).max(59) };

/** A stored rule, read back through parseJson. */
export const recurrenceSchema: z.ZodType<RecurrenceRule> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('weekly'),
    everyWeeks: z.number().int().min(1).max(MAX_EVERY_WEEKS),
    weekday: z.number().int().min(0).max(6),
    anchor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    ...time,
  }),
  z.object({
    kind: z.literal('monthly'),
    ordinal: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]),
    weekday: z.number().int().min(0).max(6),
    ...time,
  }),
]);

/** The start of the occurrence after the one at `after` (strictly later), in `zone`. */
export function nextOccurrence(rule: RecurrenceRule, zone: string, after: number): number {
  if (rule.kind === 'monthly') return nextMonthlyRun(rule, zone, after);
  const next = nextRun(
    {
      kind: 'weekly',
      weekdays: [rule.weekday],
      hour: rule.hour,
      minute: rule.minute,
      everyWeeks: rule.everyWeeks,
      anchor: rule.anchor,
    },
    zone,
    after,
  );
  // A weekly rule with one weekday always fires within its cycle.
  if (next === undefined) throw new Error('weekly rule without a next run');
  return next;
}

const WEEKDAY_NAMES: Record<string, number> = {
  sunday: 0,
  sun: 0,
  domenica: 0,
  monday: 1,
  mon: 1,
  lunedì: 1,
  lunedi: 1,
  tuesday: 2,
  tue: 2,
  martedì: 2,
  martedi: 2,
  wednesday: 3,
  wed: 3,
  mercoledì: 3,
  mercoledi: 3,
  thursday: 4,
  thu: 4,
  giovedì: 4,
  giovedi: 4,
  friday: 5,
  fri: 5,
  venerdì: 5,
  venerdi: 5,
  saturday: 6,
  sat: 6,
  sabato: 6,
};

const ORDINALS: Record<string, 1 | 2 | 3 | 4 | -1> = {
  '1st': 1,
  first: 1,
  '1°': 1,
  primo: 1,
  '2nd': 2,
  second: 2,
  '2°': 2,
  secondo: 2,
  '3rd': 3,
  third: 3,
  '3°': 3,
  terzo: 3,
  '4th': 4,
  fourth: 4,
  '4°': 4,
  quarto: 4,
  last: -1,
  ultimo: -1,
};

const pad = (n: number) => String(n).padStart(2, '0');

/** Which of its month's weekdays a local date is: 1–4, or -1 for a fifth (always the last). */
function ordinalOf(day: number): 1 | 2 | 3 | 4 | -1 {
  const n = Math.ceil(day / 7);
  return n >= 5 ? -1 : (n as 1 | 2 | 3 | 4);
}

function isLastOfMonth(year: number, month: number, day: number): boolean {
  return day + 7 > new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * What the organiser wrote in "repeats", read against the first occurrence's start: null for a
 * one-off event. Refused with a message that says what to write: every 0 weeks, a weekday that is
 * not one, or a monthly day that is not the start's (the first occurrence is the start itself).
 */
export function parseRepeats(
  text: string | undefined,
  startsAt: number,
  zone: string,
): RecurrenceRule | null {
  const words = (text ?? '')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0 || ['none', 'never', 'nessuna', 'mai', 'no'].includes(words.join(' ')))
    return null;
  const local = localTime(zone, startsAt);
  const at = { hour: local.hour, minute: local.minute };
  const anchor = `${local.year}-${pad(local.month)}-${pad(local.day)}`;
  const phrase = words.join(' ');
  if (['weekly', 'every week', 'settimanale', 'ogni settimana'].includes(phrase))
    return { kind: 'weekly', everyWeeks: 1, weekday: local.weekday, anchor, ...at };
  const every = /^(?:every|ogni)\s+(-?\d+)\s+(?:weeks?|settimane?)$/.exec(phrase);
  if (every !== null) {
    const n = Number(every[1]);
    if (!Number.isInteger(n) || n < 1 || n > MAX_EVERY_WEEKS)
      throw new UserError('events.repeatsEvery', { max: MAX_EVERY_WEEKS });
    return { kind: 'weekly', everyWeeks: n, weekday: local.weekday, anchor, ...at };
  }
  if (words[0] === 'monthly' || words[0] === 'mensile') {
    const rest = words.slice(1).filter((w) => w !== 'on' && w !== 'il' && w !== "l'" && w !== 'of');
    if (rest.length === 0)
      return { kind: 'monthly', ordinal: ordinalOf(local.day), weekday: local.weekday, ...at };
    if (rest.length !== 2) throw new UserError('events.repeatsFormat');
    const ordinal = ORDINALS[rest[0]!];
    const weekday = WEEKDAY_NAMES[rest[1]!];
    if (ordinal === undefined || weekday === undefined)
      throw new UserError('events.repeatsWeekday');
    const matches =
      weekday === local.weekday &&
      (ordinal === -1
        ? isLastOfMonth(local.year, local.month, local.day)
        : Math.ceil(local.day / 7) === ordinal);
    if (!matches) throw new UserError('events.repeatsNotStart');
    return { kind: 'monthly', ordinal, weekday, ...at };
  }
  throw new UserError('events.repeatsFormat');
}
