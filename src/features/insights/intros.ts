/**
 * `/insights intros`: what introductions gave the community, from the rounds' groups, their
 * check-in answers and the first replies between members (introductions' api.ts), never from
 * what anyone wrote.
 *
 * - **Pairs made**: every two members put in one group (a pair is one, a trio three), per round
 *   and in all.
 * - **Repeat rate**: of those pairs, the share matched again within the no-repeat window because
 *   the pool was too small (the matcher counts them as it makes the round).
 * - **Met**: of the groups whose check-in someone answered "yes" or "not yet" ("skip" says
 *   nothing), the share where someone answered "yes".
 * - **New connections**: of the pairs matched in the last six months (first replies are kept that
 *   long), those whose first reply to each other came on the day of their first match or later;
 *   a pair whose first reply came before it had talked already. Replies are kept only between
 *   members who both take part, so this is measured from when both had joined introductions.
 *   A first reply is kept as its day, so one on the day of the match counts as after it.
 *
 * Hidden members (`/privacy hide`) count in pairs made and the repeat rate, which say nothing of
 * what anyone did; the met and connection figures leave out their groups and pairs under the one
 * rule of insights ({@link leftOutOfFigure}: unless at least the minimum of them are in it). Each
 * rate is shown only when it rests on at least {@link FIGURE_MIN} groups or pairs.
 */
import type { IntroHistory } from '../intros/api.js';
import { FIGURE_MIN, leftOutOfFigure } from './service.js';

const DAY = 86_400_000;
/** First replies are kept this long (introductions' retention): connections look back as far. */
export const CONNECTIONS_DAYS = 183;

/** A rate: shown, or "too few" with what it would rest on. */
export type Rate =
  | { readonly shown: true; readonly part: number; readonly of: number }
  | { readonly shown: false; readonly of: number };

const rate = (part: number, of: number): Rate =>
  of >= FIGURE_MIN ? { shown: true, part, of } : { shown: false, of };

export interface IntroRoundFigures {
  readonly seq: number;
  readonly createdAt: number;
  readonly groups: number;
  readonly pairs: number;
  readonly repeats: number;
}

export interface IntroFigures {
  /** Oldest first. */
  readonly rounds: readonly IntroRoundFigures[];
  readonly pairs: number;
  readonly repeats: Rate;
  readonly historyRounds: number;
  /** Groups where someone said they met, of the groups whose check-in was answered. */
  readonly met: Rate;
  /** Groups whose check-in nobody answered (or only "skip"), of those counted. */
  readonly unanswered: number;
  /** Pairs who first replied to each other after their match, of the pairs matched lately. */
  readonly connections: Rate;
  /** Of those pairs, how many had replied to each other before their match. */
  readonly before: number;
  /** The met and connection figures leave out hidden members' groups and pairs. */
  readonly hiddenLeftOut: boolean;
}

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function pairsOf(ids: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) out.push([ids[i]!, ids[j]!]);
  return out;
}

/** The figures, from the history, the hidden members and the minimum of them a figure may count. */
export function introFigures(
  history: IntroHistory,
  hidden: ReadonlySet<string>,
  minHidden: number,
  now: number,
): IntroFigures {
  const rounds = history.rounds.map((r) => ({
    seq: r.seq,
    createdAt: r.createdAt,
    groups: r.groups.length,
    pairs: r.groups.reduce((sum, g) => sum + (g.length * (g.length - 1)) / 2, 0),
    repeats: r.repeats,
  }));
  const pairs = rounds.reduce((sum, r) => sum + r.pairs, 0);
  const repeats = rounds.reduce((sum, r) => sum + r.repeats, 0);

  // Hidden members in the met and connection figures: left out unless enough of them are in.
  const inFigure = new Set<string>();
  for (const r of history.rounds)
    for (const g of r.groups) for (const m of g) if (hidden.has(m.userId)) inFigure.add(m.userId);
  const leftOut = leftOutOfFigure(inFigure, minHidden);
  const counted = (ids: readonly string[]) => ids.every((id) => !leftOut.has(id));

  let answered = 0;
  let met = 0;
  let unanswered = 0;
  for (const r of history.rounds)
    for (const g of r.groups) {
      if (!counted(g.map((m) => m.userId))) continue;
      const answers = g.map((m) => m.met);
      if (answers.includes('yes')) met++;
      if (answers.includes('yes') || answers.includes('not_yet')) answered++;
      else unanswered++;
    }

  // Each pair once, at its first match; only pairs matched within the replies' retention.
  const firstMatch = new Map<string, number>();
  for (const r of history.rounds)
    for (const g of r.groups)
      for (const [a, b] of pairsOf(g.map((m) => m.userId))) {
        const k = key(a, b);
        if (!firstMatch.has(k)) firstMatch.set(k, r.createdAt);
      }
  const since = Math.floor(now / DAY) * DAY - CONNECTIONS_DAYS * DAY;
  let lately = 0;
  let connected = 0;
  let before = 0;
  for (const [k, at] of firstMatch) {
    if (at < since || !counted(k.split('|'))) continue;
    lately++;
    const first = history.firstReplies.get(k);
    if (first === undefined) continue;
    if (first >= Math.floor(at / DAY) * DAY) connected++;
    else before++;
  }

  return {
    rounds,
    pairs,
    repeats: rate(repeats, pairs),
    historyRounds: history.historyRounds,
    met: rate(met, answered),
    unanswered,
    connections: rate(connected, lately),
    before,
    hiddenLeftOut: leftOut.size > 0,
  };
}
