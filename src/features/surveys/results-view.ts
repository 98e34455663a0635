/**
 * Surveys' results as Discord shows them: the per-response CSV and a cross-tab as a fixed-width
 * table in a message (and as a CSV file, always attached: the message has to fit 2,000
 * characters, the file holds any width). Withheld entries read "<N" everywhere, the same for a
 * small figure and one withheld to protect it (see crosstab.ts).
 */
import { toCsv } from '../../core/csv.js';
import type { Translate } from '../../core/i18n.js';
import { clip, DISCORD_LIMITS } from '../../core/text.js';
import type { Poll } from '../polls/api.js';
import { rowPercent, type CrossTab, type Entry } from './crosstab.js';
import type { NamedResponse } from '../polls/api.js';
import './messages.js';

/** The largest file sent: 8 MiB goes through in every server (boosts allow more, never less). */
export const ATTACHMENT_BYTES = 8 * 1024 * 1024;

/** A named round's responses: one row each, its time, the member, an answer per question. */
export function responsesCsv(
  poll: Poll,
  responses: readonly NamedResponse[],
  t: Translate,
): string {
  return toCsv([
    [
      t('polls.csv.time'),
      t('surveys.csv.member'),
      ...poll.questions.map((q, i) => `${i + 1}. ${q.label}`),
    ],
    ...responses.map((r) => [
      new Date(r.at).toISOString(),
      r.member,
      ...r.answers.map((a) => a ?? ''),
    ]),
  ]);
}

const figure = (e: Entry | undefined, minimum: number) =>
  e === undefined ? '' : e.shown ? String(e.count) : `<${minimum}`;

function cellText(table: CrossTab, row: number, column: number): string {
  const cell = table.cells[row]![column]!;
  const pct = rowPercent(table, row, column);
  return pct === undefined ? figure(cell, table.minimum) : `${cell.count} (${pct}%)`;
}

/** The table as CSV: a header of answers, a row per group, totals last. */
export function crossTabCsv(table: CrossTab, title: string, t: Translate): string {
  const total = t('surveys.crosstabTotal');
  return toCsv([
    [title, ...table.columns, total],
    ...table.rows.map((label, r) => [
      label,
      ...table.columns.map((_, c) => cellText(table, r, c)),
      figure(table.rowTotals[r], table.minimum),
    ]),
    [
      total,
      ...table.columnTotals.map((e) => figure(e, table.minimum)),
      figure(table.total, table.minimum),
    ],
  ]);
}

const WIDTH = 18;
const pad = (text: string, width: number) => {
  const clipped = clip(text, width);
  return clipped + ' '.repeat(Math.max(0, width - [...clipped].length));
};

/**
 * The table in a code block, or undefined when it does not fit a message (`room` characters),
 * in which case the attached file is the table.
 */
export function crossTabBlock(table: CrossTab, t: Translate, room: number): string | undefined {
  const total = t('surveys.crosstabTotal');
  const lines = [
    ['', ...table.columns, total],
    ...table.rows.map((label, r) => [
      label,
      ...table.columns.map((_, c) => cellText(table, r, c)),
      figure(table.rowTotals[r], table.minimum),
    ]),
    [
      total,
      ...table.columnTotals.map((e) => figure(e, table.minimum)),
      figure(table.total, table.minimum),
    ],
  ].map((cells) =>
    cells
      .map((c, i) => pad(c.replace(/`/g, "'"), i === 0 ? WIDTH : 12))
      .join(' ')
      .trimEnd(),
  );
  const block = `\`\`\`\n${lines.join('\n')}\n\`\`\``;
  return block.length <= room ? block : undefined;
}

export const CONTENT_MAX = DISCORD_LIMITS.content;
