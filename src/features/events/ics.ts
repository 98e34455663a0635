/**
 * An event as an iCalendar file (RFC 5545): one VCALENDAR with one VEVENT, which calendar apps
 * import, and update when the same UID comes again with a higher SEQUENCE. Hand-written, as the
 * few properties Hearth needs take less code than a dependency: text escaped (backslash, comma,
 * semicolon, newlines; section 3.3.11), lines folded at 75 octets without splitting a UTF-8
 * character (3.1), CRLF line ends, times in UTC (3.3.5, form 2). No Discord here.
 */

export interface CalendarEvent {
  /** Stable per event: the same on every download, so a second import updates the first. */
  readonly uid: string;
  /** When the file is made. */
  readonly stamp: number;
  readonly start: number;
  readonly end: number;
  readonly title: string;
  readonly description: string;
  readonly location: string;
  /** The event message, where members answer. */
  readonly url: string;
  /** Bumped by every edit and the cancellation. */
  readonly sequence: number;
  readonly cancelled: boolean;
}

/** TEXT escaped as RFC 5545 3.3.11 asks: \\ \; \, and a newline as \n (CR dropped). */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A UTC date-time: 20261205T183000Z. */
export function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

const encoder = new TextEncoder();

/**
 * One content line folded at 75 octets (section 3.1): each continuation line begins with a space,
 * which counts towards its 75; a character is never split across lines.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Control characters other than tab are not allowed in TEXT (3.3.11): they are dropped. */
// eslint-disable-next-line no-control-regex -- exactly the characters RFC 5545 forbids
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const clean = (text: string) => text.replace(CONTROL, '');

/** The .ics file's text, lines ending in CRLF. */
export function calendarFile(event: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hearth//Events//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${escapeText(clean(event.uid))}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SEQUENCE:${event.sequence}`,
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeText(clean(event.title))}`,
    ...(event.description.length === 0
      ? []
      : [`DESCRIPTION:${escapeText(clean(event.description))}`]),
    ...(event.location.length === 0 ? [] : [`LOCATION:${escapeText(clean(event.location))}`]),
    `URL:${clean(event.url)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
