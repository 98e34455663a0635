/**
 * IANA time zones, as the JavaScript runtime knows them (ICU's database, updated with Node).
 * Pure functions: no Discord, no database.
 */

const ALL: readonly string[] = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].sort();

/**
 * The canonical spelling of an IANA time zone name (`europe/rome` becomes `Europe/Rome`), or
 * `undefined` when the runtime does not know it. Offsets such as `+02:00` are refused: they do not
 * follow daylight saving time, which is the point of storing a zone.
 */
export function canonicalTimeZone(input: string): string | undefined {
  const name = input.trim();
  if (name.length === 0 || name.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name))
    return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Up to `limit` zone names for autocomplete: prefix matches of any path segment first. */
export function searchTimeZones(query: string, limit = 25): string[] {
  const needle = query.trim().toLowerCase().replace(/\s+/g, '_');
  if (needle.length === 0)
    return ['UTC', 'Europe/Rome', 'Europe/London', 'America/New_York'].slice(0, limit);
  const starts: string[] = [];
  const contains: string[] = [];
  for (const zone of ALL) {
    const lower = zone.toLowerCase();
    if (lower.startsWith(needle) || lower.includes(`/${needle}`)) starts.push(zone);
    else if (lower.includes(needle)) contains.push(zone);
    if (starts.length >= limit) break;
  }
  return [...starts, ...contains].slice(0, limit);
}
