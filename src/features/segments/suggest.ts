/**
 * Suggested segments: members grouped by the choices they picked in onboarding.
 *
 * - Each member is the set of their picked choices ("question:choice" features) on the questions
 *   asked now; members who picked nothing are left out.
 * - Distance is the Jaccard distance between two sets; groups come from agglomerative clustering
 *   with average linkage (UPGMA), merging the closest pair first, ties broken by member order.
 * - k (how many groups) is the cut of that tree with the highest mean silhouette among k = 2…8;
 *   a tie goes to the smaller k. Groups of fewer than {@link MIN_GROUP} members are not proposed.
 * - Each group is described by the choices that set it apart: picked by at least 60% of the
 *   group and by at least 30 points more of it than of everyone else, at most three of them.
 *
 * Members are ordered by id and features by name before anything else, so the same data always
 * gives the same suggestions. Pure: no database, no Discord.
 */
import type { Leaf } from './rules.js';

export const MIN_GROUP = 3;
export const MAX_K = 8;
/** Members considered at most (the clustering is quadratic in memory and cubic in time). */
export const MAX_MEMBERS = 400;
const SHARE_IN = 0.6;
const LIFT = 0.3;
const MAX_TRAITS = 3;

export interface ChoiceProfile {
  readonly userId: string;
  /** `${questionId}:${choiceKey}` of every choice picked. */
  readonly features: readonly string[];
}

export interface Trait {
  readonly question: number;
  readonly choice: string;
  /** Share of the group that picked it, and of everyone else. */
  readonly shareIn: number;
  readonly shareOut: number;
}

export interface Suggestion {
  readonly members: readonly string[];
  readonly traits: readonly Trait[];
  /** A short fingerprint of the traits: a button names the suggestion it was shown for. */
  readonly key: string;
}

export function jaccardDistance(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common += 1;
  return 1 - common / (a.size + b.size - common);
}

/**
 * Average-linkage agglomerative clustering. Returns, for each k from 1 to n, nothing; instead the
 * merge sequence, from which {@link cut} reads any k.
 */
function merges(distance: Float64Array, n: number): [number, number][] {
  // Cluster distances, updated with the Lance-Williams formula for average linkage.
  const d = Float64Array.from(distance);
  const size = new Array<number>(n).fill(1);
  const alive = new Array<boolean>(n).fill(true);
  const steps: [number, number][] = [];
  for (let step = 0; step < n - 1; step += 1) {
    let best = Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i += 1) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j += 1) {
        if (!alive[j]) continue;
        const v = d[i * n + j]!;
        // Strictly smaller: the first pair in (i, j) order wins a tie, so the order is fixed.
        if (v < best - 1e-12) {
          best = v;
          bi = i;
          bj = j;
        }
      }
    }
    steps.push([bi, bj]);
    const si = size[bi]!;
    const sj = size[bj]!;
    for (let k = 0; k < n; k += 1) {
      if (!alive[k] || k === bi || k === bj) continue;
      const v = (si * d[bi * n + k]! + sj * d[bj * n + k]!) / (si + sj);
      d[bi * n + k] = v;
      d[k * n + bi] = v;
    }
    size[bi] = si + sj;
    alive[bj] = false;
  }
  return steps;
}

/** Cluster labels (0-based, in order of first member) after undoing all but k - 1 merges. */
function cut(steps: readonly [number, number][], n: number, k: number): number[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x]!;
    return x;
  };
  for (const [i, j] of steps.slice(0, n - k)) parent[find(j)] = find(i);
  const labels = new Map<number, number>();
  return Array.from({ length: n }, (_, i) => {
    const root = find(i);
    if (!labels.has(root)) labels.set(root, labels.size);
    return labels.get(root)!;
  });
}

/** Mean silhouette of a labelling (members alone in their cluster score 0). */
export function silhouette(distance: Float64Array, n: number, labels: readonly number[]): number {
  const k = Math.max(...labels) + 1;
  const sizes = new Array<number>(k).fill(0);
  for (const l of labels) sizes[l]! += 1;
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const sums = new Array<number>(k).fill(0);
    for (let j = 0; j < n; j += 1) if (j !== i) sums[labels[j]!]! += distance[i * n + j]!;
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c += 1)
      if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    total += m === 0 ? 0 : (b - a) / m;
  }
  return total / n;
}

/** Clusters the members; returns the labels and the k chosen (1 when nothing stands out). */
export function clusterProfiles(profiles: readonly ChoiceProfile[]): {
  members: string[];
  labels: number[];
  k: number;
  silhouette: number;
} {
  const sorted = [...profiles]
    .filter((p) => p.features.length > 0)
    .sort((x, y) => (x.userId < y.userId ? -1 : x.userId > y.userId ? 1 : 0))
    .slice(0, MAX_MEMBERS);
  const n = sorted.length;
  const members = sorted.map((p) => p.userId);
  if (n < 2 * MIN_GROUP) return { members, labels: members.map(() => 0), k: 1, silhouette: 0 };
  const sets = sorted.map((p) => new Set(p.features));
  const distance = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1)
    for (let j = i + 1; j < n; j += 1) {
      const v = jaccardDistance(sets[i]!, sets[j]!);
      distance[i * n + j] = v;
      distance[j * n + i] = v;
    }
  const steps = merges(distance, n);
  let best = { labels: members.map(() => 0), k: 1, silhouette: 0 };
  for (let k = 2; k <= Math.min(MAX_K, n - 1); k += 1) {
    const labels = cut(steps, n, k);
    const s = silhouette(distance, n, labels);
    if (s > best.silhouette + 1e-9) best = { labels, k, silhouette: s };
  }
  return { members, ...best };
}

function fingerprint(traits: readonly Trait[]): string {
  // FNV-1a over the traits: short, stable, and enough to tell suggestions apart in a button.
  let h = 0x811c9dc5;
  for (const ch of traits.map((t) => `${t.question}:${t.choice}`).join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The suggestions for these profiles: largest group first, each with what sets it apart. */
export function suggestSegments(profiles: readonly ChoiceProfile[]): Suggestion[] {
  const { members, labels, k } = clusterProfiles(profiles);
  if (k < 2) return [];
  const featuresOf = new Map(profiles.map((p) => [p.userId, new Set(p.features)]));
  const all = [...new Set(profiles.flatMap((p) => p.features))].sort();
  const out: Suggestion[] = [];
  for (let c = 0; c < k; c += 1) {
    const inside = members.filter((_, i) => labels[i] === c);
    const outside = members.filter((_, i) => labels[i] !== c);
    if (inside.length < MIN_GROUP) continue;
    const share = (group: readonly string[], f: string) =>
      group.length === 0 ? 0 : group.filter((m) => featuresOf.get(m)!.has(f)).length / group.length;
    const traits = all
      .map((f) => ({ f, shareIn: share(inside, f), shareOut: share(outside, f) }))
      .filter((x) => x.shareIn >= SHARE_IN && x.shareIn - x.shareOut >= LIFT)
      .sort((x, y) => y.shareIn - y.shareOut - (x.shareIn - x.shareOut) || (x.f < y.f ? -1 : 1))
      .slice(0, MAX_TRAITS)
      .map(({ f, shareIn, shareOut }) => {
        const colon = f.indexOf(':');
        return {
          question: Number(f.slice(0, colon)),
          choice: f.slice(colon + 1),
          shareIn,
          shareOut,
        };
      });
    if (traits.length === 0) continue;
    out.push({ members: inside, traits, key: fingerprint(traits) });
  }
  return out.sort((x, y) => y.members.length - x.members.length || (x.key < y.key ? -1 : 1));
}

/** The rules of a segment made from a suggestion: every trait that set the group apart. */
export function suggestionLeaves(suggestion: Suggestion): Leaf[] {
  return suggestion.traits.map((t) => ({ kind: 'choice', question: t.question, choice: t.choice }));
}
