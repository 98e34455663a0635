/**
 * The matcher of introductions. Pure: no database, no Discord. Given the members of a round and
 * what is allowed between any two of them, it forms groups: a maximum-cardinality matching of
 * maximum weight (Edmonds' blossom algorithm, from `edmonds-blossom-fixed`, a port of the
 * reference implementation by van Rantwijk), then a trio for anyone left over who can join a pair,
 * so nobody is silently left out. Deterministic given the seed stored with the round. Above
 * {@link EXACT_LIMIT} members, where the exact algorithm (cubic) takes seconds, greedy plus local
 * improvements instead (see largeMatching), for the pairs and for the trio step's own matchings
 * (cores to singles) alike, measured by bench B12.
 *
 * What "never worse than greedy" means there, precisely: the improved matching's pairs are never
 * fewer, nor lighter at equal number, than the greedy matching's. Trios and the placing of an odd
 * one out come after the matching and could undo that (a third member fits greedy's pairs
 * better; trios formed from the improved pairs hold more repeats), so both matchings go through
 * the same trio and placing steps and the better groups are kept: more people placed, then fewer
 * repeated pairs inside groups, then more in common. The round's groups, trios included, are thus
 * never worse than the groups the same steps make from the greedy matching (`greedyOnly`, the
 * baseline of the matcher's property test). Below the limit, the matching is exact and trios are
 * formed from it without that comparison.
 *
 * Cardinality comes first: as many members as possible are paired, and among those matchings the
 * one with the most in common is chosen. A repeat (two members who met within the window) is
 * allowed only where it is needed to place someone, and weighs less than any other pair, so the
 * matcher uses as few as it can.
 */
import blossom from 'edmonds-blossom-fixed';

/** What may join two members, and how well they fit. */
export type Link =
  | { readonly kind: 'blocked' }
  | { readonly kind: 'ok'; readonly score: number }
  | { readonly kind: 'repeat'; readonly score: number };

export interface MatchInput {
  /** The members of the round (ids), in any order. */
  readonly members: readonly string[];
  /** What is allowed between two of them; symmetric (an exclusion either way is `blocked`). */
  readonly link: (a: string, b: string) => Link;
  readonly seed: number;
  /** 2: pairs (a trio where the number is odd); 3: trios where the numbers allow. */
  readonly groupSize?: 2 | 3;
  /** Above this many members ({@link EXACT_LIMIT} by default), the large-pool matching. */
  readonly denseLimit?: number;
  /**
   * Large pools only: the groups the same trio and placing steps make from the greedy matching
   * alone, the baseline the round is never worse than (the matcher's test, bench B12).
   */
  readonly greedyOnly?: boolean;
}

export type LeftOut = 'alone' | 'blocked' | 'noGroup';

export interface MatchResult {
  readonly groups: readonly (readonly string[])[];
  /** Members placed nowhere, each with why. */
  readonly leftOut: readonly { readonly userId: string; readonly why: LeftOut }[];
  /** Pairs inside groups that repeat a recent pair. */
  readonly repeats: number;
}

/** The highest score that still counts (scores are clamped to it). */
export const MAX_SCORE = 99_999;
/** Ties are broken by the seed with a jitter in [0, JITTER), always below one point of score. */
const JITTER = 16;

/**
 * The weights of one round's graph, scaled to its size and scores so that the order of what
 * matters holds in any total, not just pair by pair: a point of score outweighs the jitter of a
 * whole matching (`unit`), and a pair that is no repeat outweighs every score and jitter of a
 * whole matching (`okBase`), so the matcher uses as few repeats as it can, then the most in
 * common, then the seed. Totals stay exact integers (under 2^53) up to tens of thousands.
 */
export interface Scale {
  readonly unit: number;
  readonly okBase: number;
}

export function scaleFor(n: number, maxScore: number): Scale {
  const pairs = Math.floor(n / 2) + 1;
  const unit = JITTER * pairs;
  const score = Math.max(0, Math.min(MAX_SCORE, Math.round(maxScore)));
  return { unit, okBase: 1 + pairs * (score * unit + JITTER) };
}

const clampScore = (score: number) => Math.max(0, Math.min(MAX_SCORE, Math.round(score)));

/** A small seeded generator (mulberry32): the same seed, the same round. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A maximum-cardinality matching of maximum weight on `n` vertices: `mate[i]` is i's partner or
 * -1. Edges are `[i, j, weight]`, weights positive integers.
 */
export function maxWeightMatching(
  n: number,
  edges: readonly (readonly [number, number, number])[],
): number[] {
  const mate = new Array<number>(n).fill(-1);
  if (edges.length === 0) return mate;
  const result = blossom(edges, true);
  for (let i = 0; i < n && i < result.length; i++) mate[i] = result[i] ?? -1;
  return mate;
}

/** The edge weight the matcher gives a link (undefined: no edge); the jitter breaks ties by seed. */
export function edgeWeight(link: Link, scale: Scale, jitter = 0): number | undefined {
  if (link.kind === 'blocked') return undefined;
  const part = clampScore(link.score) * scale.unit + Math.min(JITTER - 1, Math.max(0, jitter));
  return (link.kind === 'ok' ? scale.okBase : 1) + part;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Up to this many members a round's matching is exact (blossom on the whole graph). */
export const EXACT_LIMIT = 300;
/** Above it, each member's best this many candidates make the graph the matching improves on. */
const CANDIDATES = 16;

/** Forms the round's groups. */
export function matchRound(input: MatchInput): MatchResult {
  const random = seededRandom(input.seed);
  const people = shuffled([...new Set(input.members)].sort(), random);
  const n = people.length;
  if (n === 0) return { groups: [], leftOut: [], repeats: 0 };
  if (n === 1) return { groups: [], leftOut: [{ userId: people[0]!, why: 'alone' }], repeats: 0 };

  // The links, computed once: each pair's score (-1 where blocked), whether it repeats, its jitter.
  const scores = new Int32Array(n * n).fill(-1);
  const flags = new Uint8Array(n * n);
  let maxScore = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const link = input.link(people[i]!, people[j]!);
      const jitter = Math.floor(random() * JITTER);
      if (link.kind === 'blocked') continue;
      const score = clampScore(link.score);
      if (score > maxScore) maxScore = score;
      scores[i * n + j] = score;
      flags[i * n + j] = (jitter << 1) | (link.kind === 'repeat' ? 1 : 0);
    }
  }
  const scale = scaleFor(n, maxScore);
  // Weights and ranks, once per pair (both ways): the matchers read them many times.
  const weights = new Float64Array(n * n).fill(-1);
  const ranks = new Int32Array(n * n).fill(-1);
  const repeat = new Uint8Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const at = i * n + j;
      const score = scores[at]!;
      if (score < 0) continue;
      const again = flags[at]! & 1;
      const jitter = flags[at]! >> 1;
      const back = j * n + i;
      scores[back] = score;
      repeat[at] = repeat[back] = again;
      weights[at] = weights[back] = (again ? 1 : scale.okBase) + score * scale.unit + jitter;
      ranks[at] = ranks[back] = ((again ? 0 : maxScore + 1) + score) * JITTER + jitter;
    }
  const maxRank = (2 * maxScore + 2) * JITTER;
  const graph: Graph = { n, weights, ranks, maxRank };
  const weight: Weight = (i, j) => {
    const w = weights[i * n + j]!;
    return w < 0 ? undefined : w;
  };
  const allowed = (i: number, j: number) => scores[i * n + j]! >= 0;

  const dense = n <= (input.denseLimit ?? EXACT_LIMIT);
  /** A maximum matching on a subgraph: exact while small, greedy plus improvements above. */
  const matcher: Matcher = (count, edges) =>
    count <= (input.denseLimit ?? EXACT_LIMIT)
      ? maxWeightMatching(count, edges)
      : largeMatching(graphOf(count, edges), CANDIDATES).mate;

  /** The round's groups from a matching: trios where asked, then a place for anyone left. */
  const groupsFrom = (mate: readonly number[]) => {
    let groups: number[][] = [];
    for (let i = 0; i < n; i++) {
      const j = mate[i]!;
      if (j > i) groups.push([i, j]);
    }
    if (input.groupSize === 3) groups = intoTrios(groups, weight, matcher);
    // Anyone unplaced joins the pair they fit best with (allowed with both), one extra per pair.
    const placed = new Set(groups.flat());
    const unplaced: number[] = [];
    for (let i = 0; i < n; i++) {
      if (placed.has(i)) continue;
      let best: number[] | undefined;
      let bestWeight = -1;
      for (const group of groups) {
        if (group.length !== 2) continue;
        if (!group.every((m) => allowed(i, m))) continue;
        const w = group.reduce((sum, m) => sum + weight(i, m)!, 0);
        if (w > bestWeight) {
          best = group;
          bestWeight = w;
        }
      }
      if (best !== undefined) {
        best.push(i);
        placed.add(i);
        continue;
      }
      // No pair to join (trios took everyone, 7 = 3 + 3 + 1): a trio gives up the member who
      // fits best with them, and the two make a pair (3 + 2 + 2), so nobody is left out while a
      // group could take them. The trio's other two stay a pair: they were allowed together.
      let split: { trio: number[]; member: number } | undefined;
      let splitWeight = -1;
      for (const group of groups) {
        if (group.length !== 3) continue;
        for (const m of group) {
          if (!allowed(i, m)) continue;
          const w = weight(i, m)!;
          if (w > splitWeight) {
            split = { trio: group, member: m };
            splitWeight = w;
          }
        }
      }
      if (split !== undefined) {
        split.trio.splice(split.trio.indexOf(split.member), 1);
        groups.push([split.member, i]);
        placed.add(i);
      } else unplaced.push(i);
    }
    return { groups, unplaced };
  };

  let chosen: ReturnType<typeof groupsFrom>;
  if (dense) {
    const edges: [number, number, number][] = [];
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const w = weights[i * n + j]!;
        if (w >= 0) edges.push([i, j, w]);
      }
    chosen = groupsFrom(maxWeightMatching(n, edges));
  } else {
    // The improved matching weighs at least the greedy one, but the trio and placing steps after
    // it could undo that (a trio of repeats, a third member placed better from greedy's pairs):
    // both go through the same steps and the heavier groups are kept, so the groups never weigh
    // less than the same steps make from the greedy matching (more people placed first, then the
    // weight of every pair inside a group: fewer repeats, then more in common).
    const large = largeMatching(graph, CANDIDATES);
    const baseline = groupsFrom(large.greedy);
    if (input.greedyOnly === true) chosen = baseline;
    else {
      const ours = groupsFrom(large.mate);
      chosen = compareGroups(baseline, ours, scores, repeat, n) > 0 ? baseline : ours;
    }
  }
  const groups = chosen.groups;
  const leftOut: { userId: string; why: LeftOut }[] = chosen.unplaced.map((i) => ({
    userId: people[i]!,
    why: people.some((_, j) => j !== i && allowed(i, j)) ? 'noGroup' : 'blocked',
  }));

  let repeats = 0;
  for (const group of groups)
    for (let a = 0; a < group.length; a++)
      for (let b = a + 1; b < group.length; b++)
        if (repeat[group[a]! * n + group[b]!] === 1) repeats++;

  return {
    groups: groups
      .map((g) => g.map((i) => people[i]!).sort())
      .sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    leftOut: leftOut.sort((x, y) => (x.userId < y.userId ? -1 : 1)),
    repeats,
  };
}

type Weight = (i: number, j: number) => number | undefined;
type Matcher = (n: number, edges: readonly (readonly [number, number, number])[]) => number[];

interface Grouping {
  readonly groups: readonly (readonly number[])[];
  readonly unplaced: readonly number[];
}

/**
 * Which of two groupings is better, in the order the matcher wants everywhere: more people placed,
 * then fewer repeated pairs inside groups, then more in common (the scores of every pair inside a
 * group). Positive: `x`; negative: `y`; 0: as good (the seed's jitter is not compared).
 */
function compareGroups(
  x: Grouping,
  y: Grouping,
  scores: Int32Array,
  repeat: Uint8Array,
  n: number,
): number {
  const measure = (g: Grouping) => {
    let repeats = 0;
    let score = 0;
    for (const group of g.groups)
      for (let a = 0; a < group.length; a++)
        for (let b = a + 1; b < group.length; b++) {
          const at = group[a]! * n + group[b]!;
          repeats += repeat[at]!;
          score += scores[at]!;
        }
    return { unplaced: g.unplaced.length, repeats, score };
  };
  const mx = measure(x);
  const my = measure(y);
  return my.unplaced - mx.unplaced || my.repeats - mx.repeats || mx.score - my.score;
}

/** A graph for {@link largeMatching} from an edge list (greedy orders it by weight). */
function graphOf(n: number, edges: readonly (readonly [number, number, number])[]): Graph {
  const weights = new Float64Array(n * n).fill(-1);
  for (const [i, j, w] of edges) weights[i * n + j] = weights[j * n + i] = w;
  return { n, weights };
}

/**
 * A round's graph: a pair's weight (-1: no edge), and optionally a small rank ordering pairs the
 * same way (greedy then orders them by counting; without it, by sorting the weights).
 */
interface Graph {
  readonly n: number;
  readonly weights: Float64Array;
  readonly ranks?: Int32Array;
  /** Every rank is below it. */
  readonly maxRank?: number;
}

/**
 * A matching for a large pool, where the exact algorithm (cubic) takes too long: a greedy
 * matching on the whole graph (heaviest first), then local improvements until none is left: an
 * augmenting path of three edges (one more pair), and any swap, among each member's `k` best
 * candidates, of two pairs' partners or of a pair's partner for a free member, that weighs more.
 * Each step only adds weight, so the result never weighs less than greedy; cardinality comes
 * first as everywhere (a pair's okBase outweighs any swap's scores).
 */
function largeMatching(graph: Graph, k: number): { mate: number[]; greedy: number[] } {
  const { n, weights } = graph;
  const w = (i: number, j: number) => weights[i * n + j]!;
  // Each member's k best candidates, kept sorted (heaviest first) in a small array.
  const candidates: number[][] = [];
  for (let i = 0; i < n; i++) {
    const best: number[] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const x = w(i, j);
      if (x < 0 || (best.length === k && x <= w(i, best[k - 1]!))) continue;
      if (best.length < k) best.push(j);
      let at = best.length - 1;
      while (at > 0 && w(i, best[at - 1]!) < x) {
        best[at] = best[at - 1]!;
        at--;
      }
      best[at] = j;
    }
    candidates.push(best);
  }
  const mate = new Array<number>(n).fill(-1);
  const link = (i: number, j: number) => {
    mate[i] = j;
    mate[j] = i;
  };
  for (const key of greedyOrder(graph)) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    if (mate[i] === -1 && mate[j] === -1) link(i, j);
  }
  const greedy = [...mate];
  const free = () => mate.flatMap((m, i) => (m === -1 ? [i] : []));

  for (let pass = 0; pass < 100; pass++) {
    let improved = false;
    // One more pair: free u, u–x, x's partner y, y–v with v free.
    const unmatched = free();
    for (const u of unmatched) {
      for (let x = 0; x < n && mate[u] === -1; x++) {
        const y = mate[x]!;
        if (y < 0 || w(u, x) < 0) continue;
        const v = unmatched.find((z) => z !== u && mate[z] === -1 && w(y, z) >= 0);
        if (v === undefined) continue;
        link(u, x);
        link(y, v);
        improved = true;
      }
    }
    // Swaps among candidates that weigh more.
    for (let a = 0; a < n; a++)
      for (const c of candidates[a]!) {
        const b = mate[a]!;
        const d = mate[c]!;
        if (c === b) continue;
        const ac = w(a, c);
        if (b === -1 && d === -1) {
          link(a, c);
          improved = true;
        } else if (b === -1) {
          if (ac > w(c, d)) {
            mate[d] = -1;
            link(a, c);
            improved = true;
          }
        } else if (d === -1) {
          if (ac > w(a, b)) {
            mate[b] = -1;
            link(a, c);
            improved = true;
          }
        } else {
          const bd = w(b, d);
          if (bd >= 0 && ac + bd > w(a, b) + w(c, d)) {
            link(a, c);
            link(b, d);
            improved = true;
          }
        }
      }
    if (!improved) break;
  }
  return { mate, greedy };
}

/**
 * The greedy order, heaviest first, ties in index order: by counting when the graph has small
 * ranks (two million pairs take two passes), else by sorting the weights.
 */
function greedyOrder(graph: Graph): Uint32Array {
  const { n, weights, ranks, maxRank } = graph;
  if (ranks !== undefined && maxRank !== undefined) {
    const starts = new Uint32Array(maxRank + 1);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const x = ranks[i * n + j]!;
        if (x >= 0) starts[maxRank - 1 - x + 1]!++;
      }
    for (let r = 1; r <= maxRank; r++) starts[r]! += starts[r - 1]!;
    const order = new Uint32Array(starts[maxRank]!);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const x = ranks[i * n + j]!;
        if (x >= 0) order[starts[maxRank - 1 - x]!++] = i * n + j;
      }
    return order;
  }
  const keys: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (weights[i * n + j]! >= 0) keys.push(i * n + j);
  const order = Uint32Array.from(keys);
  order.sort((x, y) => weights[y]! - weights[x]! || x - y);
  return order;
}

/**
 * Trios from pairs: the best pairs keep their place and each takes a third member, split from the
 * other pairs, where all three are allowed together. A pair that finds no third stays a pair.
 */
function intoTrios(pairs: number[][], weight: Weight, matcher: Matcher): number[][] {
  const total = pairs.length * 2;
  const trios = Math.floor(total / 3);
  if (trios === 0) return pairs;
  const ranked = [...pairs].sort((x, y) => weight(y[0]!, y[1]!)! - weight(x[0]!, x[1]!)!);
  // t cores and the members of the other pairs as singles: cores + singles = pairs, 2t + s = 2p.
  const coreCount = Math.ceil((2 * pairs.length) / 3);
  const cores = ranked.slice(0, coreCount).map((p) => [...p]);
  const singles = ranked.slice(coreCount).flat();
  // Singles to cores: a bipartite maximum-weight matching, cores first in the numbering.
  const edges: [number, number, number][] = [];
  for (const [ci, core] of cores.entries())
    for (const [si, s] of singles.entries()) {
      if (!core.every((m) => weight(s, m) !== undefined)) continue;
      const w = core.reduce((sum, m) => sum + weight(s, m)!, 0);
      edges.push([ci, cores.length + si, w]);
    }
  const mate = matcher(cores.length + singles.length, edges);
  const groups = cores.map((core, ci) => {
    const partner = mate[ci]!;
    return partner >= 0 ? [...core, singles[partner - cores.length]!] : core;
  });
  // Singles no core took pair up among themselves where they can; the rest are placed later.
  const rest = singles.filter((_, si) => mate[cores.length + si]! < 0);
  const restEdges: [number, number, number][] = [];
  for (let a = 0; a < rest.length; a++)
    for (let b = a + 1; b < rest.length; b++) {
      const w = weight(rest[a]!, rest[b]!);
      if (w !== undefined) restEdges.push([a, b, w]);
    }
  const restMate = matcher(rest.length, restEdges);
  for (let a = 0; a < rest.length; a++) {
    const b = restMate[a]!;
    if (b > a) groups.push([rest[a]!, rest[b]!]);
  }
  // Never fewer people placed than the pairs placed: otherwise keep the pairs.
  const placed = groups.reduce((sum, g) => sum + g.length, 0);
  return placed >= total ? groups : pairs;
}
