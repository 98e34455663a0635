/**
 * Cross-tabs of survey answers: how each group (the answers to another question, a segment's
 * members and the rest, the answers to an onboarding question) answered one question, as counts
 * and row percentages, with every small cell withheld. Pure: no database, no Discord.
 *
 * Withholding is in two steps. Primary: a cell, a row or column total, or the grand total under
 * the threshold is withheld (zero included: "nobody in this group" says something about a group
 * too). Complementary: a line (row, column, the row totals, the column totals) whose total is
 * shown and which has exactly one withheld entry would give it away by subtraction, so its
 * smallest shown entry is withheld too; repeated until no line has a single withheld entry.
 * Every withheld entry is shown the same way, so a reader cannot tell a small one from one
 * withheld to protect it (the range of a withheld entry stays open).
 */

export interface Respondent {
  /** The groups (rows) this person is in: usually one, several for a multiple-choice split. */
  readonly rows: readonly number[];
  /** The answers (columns) they picked to the question: one, or several for multiple choice. */
  readonly columns: readonly number[];
}

export interface Entry {
  readonly count: number;
  readonly shown: boolean;
}

export interface CrossTab {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** `cells[row][column]`: people in the row's group who picked the column's answer. */
  readonly cells: readonly (readonly Entry[])[];
  /** People in each group who answered the question. */
  readonly rowTotals: readonly Entry[];
  /** People who picked each answer (and are in some group). */
  readonly columnTotals: readonly Entry[];
  /** People in some group who answered the question. */
  readonly total: Entry;
  readonly minimum: number;
}

type Mutable = { count: number; shown: boolean };

/** Withholds one more entry of a line whose total is shown and which has exactly one withheld. */
function protect(line: readonly Mutable[], total: Mutable): boolean {
  if (!total.shown) return false;
  if (line.filter((e) => !e.shown).length !== 1) return false;
  let smallest: Mutable | undefined;
  for (const e of line)
    if (e.shown && (smallest === undefined || e.count < smallest.count)) smallest = e;
  // A line of one entry: its total is the entry, so the total goes.
  (smallest ?? total).shown = false;
  return true;
}

export function crossTab(
  rows: readonly string[],
  columns: readonly string[],
  respondents: readonly Respondent[],
  minimum: number,
): CrossTab {
  const entry = (): Mutable => ({ count: 0, shown: true });
  const cells = rows.map(() => columns.map(entry));
  const rowTotals = rows.map(entry);
  const columnTotals = columns.map(entry);
  const total = entry();
  for (const r of respondents) {
    const inRows = [...new Set(r.rows)].filter((i) => i >= 0 && i < rows.length);
    const picked = [...new Set(r.columns)].filter((c) => c >= 0 && c < columns.length);
    if (inRows.length === 0 || picked.length === 0) continue;
    total.count++;
    for (const i of inRows) {
      rowTotals[i]!.count++;
      for (const c of picked) cells[i]![c]!.count++;
    }
    for (const c of picked) columnTotals[c]!.count++;
  }
  const all = [...cells.flat(), ...rowTotals, ...columnTotals, total];
  for (const e of all) if (e.count < minimum) e.shown = false;
  if (!total.shown) for (const e of all) e.shown = false;
  for (let changed = true; changed;) {
    changed = false;
    for (const [i, row] of cells.entries()) changed = protect(row, rowTotals[i]!) || changed;
    for (const [c, columnTotal] of columnTotals.entries())
      changed =
        protect(
          cells.map((row) => row[c]!),
          columnTotal,
        ) || changed;
    changed = protect(rowTotals, total) || changed;
    changed = protect(columnTotals, total) || changed;
  }
  return { rows, columns, cells, rowTotals, columnTotals, total, minimum };
}

/** A shown cell's share of its shown row total, in whole percent; undefined when withheld. */
export function rowPercent(table: CrossTab, row: number, column: number): number | undefined {
  const cell = table.cells[row]?.[column];
  const rowTotal = table.rowTotals[row];
  if (cell?.shown !== true || rowTotal?.shown !== true || rowTotal.count === 0) return undefined;
  return Math.round((100 * cell.count) / rowTotal.count);
}
