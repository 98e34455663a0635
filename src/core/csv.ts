/**
 * CSV as RFC 4180 describes it, safe to open in a spreadsheet: every field is quoted when it holds
 * a comma, quote or line break, and text that a spreadsheet would run as a formula (= + - @, tab,
 * carriage return at the start) is prefixed with an apostrophe.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  // A byte-order mark lets Excel read UTF-8 (accents, emoji) correctly.
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
