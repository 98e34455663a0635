/**
 * Cross-tab withholding (src/features/surveys/crosstab.ts): small cells are withheld, and the
 * attacker who reads the published table (every shown count and total) and solves for the rest
 * cannot pin a withheld small cell to one value.
 */
import { describe, expect, it } from 'vitest';
import {
  crossTab,
  rowPercent,
  type CrossTab,
  type Respondent,
} from '../../src/features/surveys/crosstab.js';

/** Respondents from a table of counts (one group and one answer each). */
function people(counts: number[][]): Respondent[] {
  const out: Respondent[] = [];
  for (const [r, row] of counts.entries())
    for (const [c, n] of row.entries())
      for (let i = 0; i < n; i++) out.push({ rows: [r], columns: [c] });
  return out;
}

/**
 * Every value each withheld cell can take in a table consistent with what is shown: cells are
 * non-negative integers, each shown total is the sum of its line, and the shown grand total the
 * sum of everything (a brute force over the withheld cells, fine for small tables).
 */
function attack(table: CrossTab): Map<string, Set<number>> {
  const hidden: [number, number][] = [];
  table.cells.forEach((row, r) => row.forEach((e, c) => !e.shown && hidden.push([r, c])));
  const possible = new Map(hidden.map(([r, c]) => [`${r},${c}`, new Set<number>()]));
  const max = table.total.shown ? table.total.count : 60;
  const value = table.cells.map((row) => row.map((e) => (e.shown ? e.count : 0)));
  const consistent = () => {
    const rowSums = value.map((row) => row.reduce((a, b) => a + b, 0));
    const colSums = table.columns.map((_, c) => value.reduce((a, row) => a + row[c]!, 0));
    const all = rowSums.reduce((a, b) => a + b, 0);
    return (
      table.rowTotals.every((e, r) => !e.shown || e.count === rowSums[r]) &&
      table.columnTotals.every((e, c) => !e.shown || e.count === colSums[c]) &&
      (!table.total.shown || table.total.count === all)
    );
  };
  // Pruned: a line whose total is shown never exceeds it, and is checked once complete.
  const lineOk = (r: number, c: number, i: number) => {
    const rowDone = hidden.slice(i + 1).every(([hr]) => hr !== r);
    const colDone = hidden.slice(i + 1).every(([, hc]) => hc !== c);
    const rowSum = value[r]!.reduce((a, b) => a + b, 0);
    const colSum = value.reduce((a, row) => a + row[c]!, 0);
    const rt = table.rowTotals[r]!;
    const ct = table.columnTotals[c]!;
    if (rt.shown && (rowSum > rt.count || (rowDone && rowSum !== rt.count))) return false;
    if (ct.shown && (colSum > ct.count || (colDone && colSum !== ct.count))) return false;
    return true;
  };
  const walk = (i: number) => {
    if (i === hidden.length) {
      if (consistent()) for (const [r, c] of hidden) possible.get(`${r},${c}`)!.add(value[r]![c]!);
      return;
    }
    const [r, c] = hidden[i]!;
    for (let v = 0; v <= max; v++) {
      value[r]![c] = v;
      if (lineOk(r, c, i)) walk(i + 1);
      else if (v > 0 && !lineOk(r, c, -1) && value[r]!.reduce((a, b) => a + b, 0) > max) break;
    }
    value[r]![c] = 0;
  };
  walk(0);
  return possible;
}

const shownGrid = (t: CrossTab) => t.cells.map((row) => row.map((e) => (e.shown ? e.count : '×')));

describe('cross-tab withholding', () => {
  it('withholds the small cell and the complements that would give it away (hand-computed)', () => {
    const counts = [
      [10, 8, 2],
      [6, 7, 9],
      [12, 5, 6],
    ];
    const t = crossTab(['A', 'B', 'C'], ['X', 'Y', 'Z'], people(counts), 5);
    // A·Z = 2 is small; A·Y (8, the smallest left in row A) and C·Z (6, in column Z) protect it;
    // then column Y has one withheld (A·Y), so C·Y (5) goes too. Every total is shown.
    expect(shownGrid(t)).toEqual([
      [10, '×', '×'],
      [6, 7, 9],
      [12, '×', '×'],
    ]);
    expect(t.rowTotals.map((e) => e.count)).toEqual([20, 22, 23]);
    expect(t.columnTotals.map((e) => e.count)).toEqual([28, 20, 17]);
    expect([...t.rowTotals, ...t.columnTotals, t.total].every((e) => e.shown)).toBe(true);
    expect(rowPercent(t, 0, 0)).toBe(50);
    expect(rowPercent(t, 0, 2)).toBeUndefined();
    // The attacker's solutions: A·Z can be anything from 0 to 8.
    const possible = attack(t);
    expect([...possible.get('0,2')!].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    for (const values of possible.values()) expect(values.size).toBeGreaterThan(1);
  });

  it('withholds a small group’s total, and another total so it cannot be subtracted out', () => {
    // Row C has 3 people: its total and cells are small; row totals then need a complement.
    const t = crossTab(
      ['A', 'B', 'C'],
      ['X', 'Y'],
      people([
        [6, 6],
        [7, 5],
        [2, 1],
      ]),
      5,
    );
    expect(t.rowTotals.map((e) => e.shown)).toEqual(
      [false, true, false].map((x, i) => (i === 1 ? true : x)),
    );
    expect(t.rowTotals.filter((e) => !e.shown).length).toBeGreaterThanOrEqual(2);
    for (const values of attack(t).values()) expect(values.size).toBeGreaterThan(1);
  });

  it('withholds everything when fewer than the threshold answered', () => {
    const t = crossTab(
      ['A', 'B'],
      ['X', 'Y'],
      people([
        [1, 1],
        [1, 1],
      ]),
      5,
    );
    expect(t.total.shown).toBe(false);
    expect(t.cells.flat().some((e) => e.shown)).toBe(false);
  });
});
