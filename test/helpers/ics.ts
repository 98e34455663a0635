/**
 * A small iCalendar reader for tests, written from RFC 5545 independently of the writer: lines
 * unfolded (a CRLF followed by a space or tab is removed, 3.1), then each property's TEXT value
 * unescaped (3.3.11). Returns the first VEVENT's properties by name (parameters ignored).
 */
export function parseCalendar(text: string): Record<string, string> {
  if (!text.endsWith('\r\n')) throw new Error('an iCalendar stream ends with CRLF');
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  const lines = unfolded.split('\r\n').slice(0, -1);
  if (lines.some((line) => line.includes('\n') || line.includes('\r')))
    throw new Error('a bare CR or LF inside a content line');
  const start = lines.indexOf('BEGIN:VEVENT');
  const end = lines.indexOf('END:VEVENT');
  if (
    lines[0] !== 'BEGIN:VCALENDAR' ||
    lines.at(-1) !== 'END:VCALENDAR' ||
    start < 0 ||
    end < start
  )
    throw new Error('not one VCALENDAR with a VEVENT');
  const props: Record<string, string> = {};
  for (const line of lines.slice(start + 1, end)) {
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`no value in ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).split(';')[0]!;
    props[name] = unescape(line.slice(colon + 1));
  }
  return props;
}

function unescape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char !== '\\') {
      if (char === ',' || char === ';') throw new Error(`an unescaped ${char} in ${value}`);
      out += char;
      continue;
    }
    const next = value[++i];
    if (next === 'n' || next === 'N') out += '\n';
    else if (next === '\\' || next === ';' || next === ',') out += next;
    else throw new Error(`a bad escape \\${next ?? ''} in ${value}`);
  }
  return out;
}
