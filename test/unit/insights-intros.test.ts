import { describe, expect, it } from 'vitest';
import type { IntroHistory } from '../../src/features/intros/api.js';
import { introFigures } from '../../src/features/insights/intros.js';

const DAY = 86_400_000;
const day = (d: number) => Date.UTC(2026, 11, d);
const at = (d: number) => day(d) + 10 * 3_600_000;
type Met = 'yes' | 'not_yet' | 'skip' | null;
const group = (...members: [string, Met][]) => members.map(([userId, met]) => ({ userId, met }));
const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * Two rounds, by hand. Round 1 (1 Dec): a+b (both "yes"), c+d ("not yet", silent), the trio
 * e+f+g (a "skip" and silence). Round 2 (8 Dec): a+c ("yes"), b+d (silent), e+f again (a repeat:
 * "yes", "not yet"), g+h ("yes"), h hidden. First replies: a–b on the day of their match, c–d
 * before it (20 Nov), e–f on 5 Dec, a–c on 3 Dec (before their match on the 8th), g–h on 9 Dec,
 * f–g on 10 Dec, and a–h, never matched, on 2 Dec.
 */
const history: IntroHistory = {
  historyRounds: 6,
  rounds: [
    {
      seq: 1,
      createdAt: at(1),
      repeats: 0,
      groups: [
        group(['a', 'yes'], ['b', 'yes']),
        group(['c', 'not_yet'], ['d', null]),
        group(['e', 'skip'], ['f', null], ['g', null]),
      ],
    },
    {
      seq: 2,
      createdAt: at(8),
      repeats: 1,
      groups: [
        group(['a', 'yes'], ['c', null]),
        group(['b', null], ['d', null]),
        group(['e', 'yes'], ['f', 'not_yet']),
        group(['g', 'yes'], ['h', null]),
      ],
    },
  ],
  firstReplies: new Map([
    [key('a', 'b'), day(1)],
    [key('c', 'd'), Date.UTC(2026, 10, 20)],
    [key('e', 'f'), day(5)],
    [key('a', 'c'), day(3)],
    [key('g', 'h'), day(9)],
    [key('f', 'g'), day(10)],
    [key('a', 'h'), day(2)],
  ]),
};
const NOW = at(20);

describe('/insights intros on a known history', () => {
  it('counts pairs, repeats, who met and new connections, leaving out the hidden member where it must', () => {
    const f = introFigures(history, new Set(['h']), 5, NOW);
    // Pairs: round 1 is 1 + 1 + 3 (a trio is three pairs) = 5; round 2 is 4; 9 in all, the
    // hidden member's pair counted.
    expect(f.rounds.map((r) => [r.seq, r.groups, r.pairs, r.repeats])).toEqual([
      [1, 3, 5, 0],
      [2, 4, 4, 1],
    ]);
    expect(f.pairs).toBe(9);
    // Repeat rate: e+f matched again, 1 of 9.
    expect(f.repeats).toEqual({ shown: true, part: 1, of: 9 });
    expect(f.historyRounds).toBe(6);
    // Met: g+h left out (h hidden, fewer than 5 hidden). Answered: a+b, c+d, a+c, e+f (4); met:
    // a+b, a+c, e+f (3): 75%. Not answered: the trio (only a skip) and b+d.
    expect(f.met).toEqual({ shown: true, part: 3, of: 4 });
    expect(f.unanswered).toBe(2);
    // Connections: the pairs matched are a–b, c–d, e–f, e–g, f–g, a–c, b–d (7; g–h left out, e–f
    // once). New: a–b (the day of the match counts), e–f, f–g (3 of 7); before: c–d and a–c,
    // who replied before their match. a–h was never matched.
    expect(f.connections).toEqual({ shown: true, part: 3, of: 7 });
    expect(f.before).toBe(2);
    expect(f.hiddenLeftOut).toBe(true);
  });

  it('counts hidden members once at least the minimum of them are in the figure', () => {
    const f = introFigures(history, new Set(['h']), 1, NOW);
    // g+h answered "yes": met 4 of 5; g–h replied the day after their match: 4 new of 8 pairs.
    expect(f.met).toEqual({ shown: true, part: 4, of: 5 });
    expect(f.connections).toEqual({ shown: true, part: 4, of: 8 });
    expect(f.hiddenLeftOut).toBe(false);
    // Pairs made and the repeat rate never change with who is hidden.
    expect([f.pairs, f.repeats]).toEqual([9, { shown: true, part: 1, of: 9 }]);
    const none = introFigures(history, new Set(), 5, NOW);
    expect([none.met, none.connections, none.hiddenLeftOut]).toEqual([f.met, f.connections, false]);
  });

  it('shows no rate that rests on fewer than 3 groups or pairs', () => {
    const small: IntroHistory = {
      historyRounds: 6,
      rounds: [
        {
          seq: 1,
          createdAt: at(1),
          repeats: 0,
          groups: [group(['a', 'yes'], ['b', 'yes']), group(['c', 'not_yet'], ['d', 'yes'])],
        },
      ],
      firstReplies: new Map([[key('a', 'b'), day(2)]]),
    };
    const f = introFigures(small, new Set(), 5, NOW);
    expect(f.pairs).toBe(2);
    expect(f.repeats).toEqual({ shown: false, of: 2 });
    expect(f.met).toEqual({ shown: false, of: 2 });
    expect(f.connections).toEqual({ shown: false, of: 2 });
    // Leaving out a hidden member can bring a figure under the limit: 2 of the 3 pairs left.
    const three: IntroHistory = {
      ...small,
      rounds: [
        {
          ...small.rounds[0]!,
          groups: [...small.rounds[0]!.groups, group(['e', 'yes'], ['h', 'yes'])],
        },
      ],
    };
    expect(introFigures(three, new Set(), 5, NOW).met).toEqual({ shown: true, part: 3, of: 3 });
    expect(introFigures(three, new Set(['h']), 5, NOW).met).toEqual({ shown: false, of: 2 });
  });

  it('counts connections only for pairs matched within the six months first replies are kept', () => {
    // 183 days after the 8th, round 1's pairs are out of the window; round 2's pairs still in.
    const later = introFigures(history, new Set(['h']), 5, at(8) + 183 * DAY);
    // a–c (before), b–d (none): 2 pairs, too few.
    expect(later.connections).toEqual({ shown: false, of: 2 });
    // The other figures read every round.
    expect(later.pairs).toBe(9);
    expect(later.met).toEqual({ shown: true, part: 3, of: 4 });
  });
});
