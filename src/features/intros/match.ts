/**
 * The matcher of introductions. Pure: no database, no Discord. Given the members of a round and
 * what is allowed between any two of them, it forms groups: a maximum-cardinality matching of
 * maximum weight (Edmonds' blossom algorithm, from `edmonds-blossom-fixed`, a port of the
 * reference implementation by van Rantwijk), then a trio for anyone left over who can join a pair,
 * so nobody is silently left out. Deterministic given the seed stored with the round.
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
  /** Above this many members, only each member's best candidates become edges (speed). */
  readonly denseLimit?: number;
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
const OK_BASE = 1_000_000;
const REPEAT_BASE = 1;
const JITTER = 100;

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

function edgeWeight(link: Link, jitter: number): number | undefined {
  if (link.kind === 'blocked') return undefined;
  const score = Math.max(0, Math.min(MAX_SCORE, Math.round(link.score)));
  // Jitter below the score's unit: ties are broken by the seed, never a score overruled.
  return link.kind === 'ok'
    ? OK_BASE + score * JITTER + jitter
    : REPEAT_BASE + Math.floor(score / 1000);
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Forms the round's groups. */
export function matchRound(input: MatchInput): MatchResult {
  const random = seededRandom(input.seed);
  const people = shuffled([...new Set(input.members)].sort(), random);
  const n = people.length;
  if (n === 0) return { groups: [], leftOut: [], repeats: 0 };
  if (n === 1) return { groups: [], leftOut: [{ userId: people[0]!, why: 'alone' }], repeats: 0 };

  // The links, computed once: weight[i][j] or undefined when blocked.
  const links: Link[][] = people.map(() => []);
  const weights: (number | undefined)[][] = people.map(() => new Array<number | undefined>(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const link = input.link(people[i]!, people[j]!);
      links[i]![j] = link;
      links[j]![i] = link;
      const w = edgeWeight(link, Math.floor(random() * JITTER));
      weights[i]![j] = w;
      weights[j]![i] = w;
    }
  }
  const allowed = (i: number, j: number) => weights[i]![j] !== undefined;

  let edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const w = weights[i]![j];
      if (w !== undefined) edges.push([i, j, w]);
    }
  const limit = input.denseLimit ?? 400;
  if (n > limit) edges = sparsify(n, edges, 24);

  const mate = maxWeightMatching(n, edges);
  let groups: number[][] = [];
  for (let i = 0; i < n; i++) {
    const j = mate[i]!;
    if (j > i) groups.push([i, j]);
  }

  if (input.groupSize === 3) groups = intoTrios(groups, weights);

  // Anyone unplaced joins the pair they fit best with (allowed with both), one extra per pair.
  const placed = new Set(groups.flat());
  const leftOut: { userId: string; why: LeftOut }[] = [];
  for (let i = 0; i < n; i++) {
    if (placed.has(i)) continue;
    let best: number[] | undefined;
    let bestWeight = -1;
    for (const group of groups) {
      if (group.length !== 2) continue;
      if (!group.every((m) => allowed(i, m))) continue;
      const w = group.reduce((sum, m) => sum + weights[i]![m]!, 0);
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
    const anyone = people.some((_, j) => j !== i && allowed(i, j));
    leftOut.push({ userId: people[i]!, why: anyone ? 'noGroup' : 'blocked' });
  }

  let repeats = 0;
  for (const group of groups)
    for (let a = 0; a < group.length; a++)
      for (let b = a + 1; b < group.length; b++)
        if (links[group[a]!]![group[b]!]!.kind === 'repeat') repeats++;

  return {
    groups: groups
      .map((g) => g.map((i) => people[i]!).sort())
      .sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    leftOut: leftOut.sort((x, y) => (x.userId < y.userId ? -1 : 1)),
    repeats,
  };
}

/** Keeps each vertex's `k` heaviest edges (an edge stays when either end keeps it). */
function sparsify(
  n: number,
  edges: [number, number, number][],
  k: number,
): [number, number, number][] {
  const byVertex: [number, number, number][][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    byVertex[e[0]]!.push(e);
    byVertex[e[1]]!.push(e);
  }
  const keep = new Set<[number, number, number]>();
  for (const list of byVertex) {
    list.sort((x, y) => y[2] - x[2]);
    for (const e of list.slice(0, k)) keep.add(e);
  }
  return edges.filter((e) => keep.has(e));
}

/**
 * Trios from pairs: the best pairs keep their place and each takes a third member, split from the
 * other pairs, where all three are allowed together. A pair that finds no third stays a pair.
 */
function intoTrios(pairs: number[][], weights: (number | undefined)[][]): number[][] {
  const total = pairs.length * 2;
  const trios = Math.floor(total / 3);
  if (trios === 0) return pairs;
  const ranked = [...pairs].sort((x, y) => weights[y[0]!]![y[1]!]! - weights[x[0]!]![x[1]!]!);
  // t cores and the members of the other pairs as singles: cores + singles = pairs, 2t + s = 2p.
  const coreCount = Math.ceil((2 * pairs.length) / 3);
  const cores = ranked.slice(0, coreCount).map((p) => [...p]);
  const singles = ranked.slice(coreCount).flat();
  // Singles to cores: a bipartite maximum-weight matching, cores first in the numbering.
  const edges: [number, number, number][] = [];
  for (const [ci, core] of cores.entries())
    for (const [si, s] of singles.entries()) {
      if (!core.every((m) => weights[s]![m] !== undefined)) continue;
      const w = core.reduce((sum, m) => sum + weights[s]![m]!, 0);
      edges.push([ci, cores.length + si, w]);
    }
  const mate = maxWeightMatching(cores.length + singles.length, edges);
  const groups = cores.map((core, ci) => {
    const partner = mate[ci]!;
    return partner >= 0 ? [...core, singles[partner - cores.length]!] : core;
  });
  // Singles no core took pair up among themselves where they can; the rest are placed later.
  const rest = singles.filter((_, si) => mate[cores.length + si]! < 0);
  const restEdges: [number, number, number][] = [];
  for (let a = 0; a < rest.length; a++)
    for (let b = a + 1; b < rest.length; b++) {
      const w = weights[rest[a]!]![rest[b]!];
      if (w !== undefined) restEdges.push([a, b, w]);
    }
  const restMate = maxWeightMatching(rest.length, restEdges);
  for (let a = 0; a < rest.length; a++) {
    const b = restMate[a]!;
    if (b > a) groups.push([rest[a]!, rest[b]!]);
  }
  // Never fewer people placed than the pairs placed: otherwise keep the pairs.
  const placed = groups.reduce((sum, g) => sum + g.length, 0);
  return placed >= total ? groups : pairs;
}
