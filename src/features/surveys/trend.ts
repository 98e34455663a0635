/**
 * Pulse trends (issue 16): each question's figure across the rounds of a series, and whether the
 * change since the last shown round is larger than noise for that many answers. Stated tests,
 * both two-sided at 95%:
 * - shares (a choice option's share, NPS's promoter share): the two-proportion z-test with the
 *   pooled proportion, significant when |z| > 1.96;
 * - averages (1-5 ratings): Welch's t-test, significant when |Δ| > t(0.975, ν)·SE with the
 *   Welch–Satterthwaite ν (rounded down, so the test never claims more than it should).
 * Pure code: no database, no Discord.
 */

/** The normal quantile for 95% two-sided. */
export const Z_95 = 1.959964;

/** t(0.975, ν) for ν = 1..30; beyond, the next lower row of {@link T_WIDE} (conservative). */
const T_95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];
const T_WIDE: readonly [number, number][] = [
  [120, 1.98],
  [60, 2.0],
  [40, 2.021],
  [30, 2.042],
];

/** The two-sided 95% critical value of Student's t with `df` degrees of freedom (floored). */
export function tCritical95(df: number): number {
  const v = Math.floor(df);
  if (v < 1) return Infinity;
  if (v <= 30) return T_95[v - 1]!;
  for (const [at, t] of T_WIDE) if (v >= at) return t;
  return T_95[29]!;
}

export interface Significance {
  /** The test statistic (z, or t). */
  readonly statistic: number;
  /** Whether the change is larger than noise at 95%. */
  readonly significant: boolean;
}

/** Two-proportion z-test: `x1` of `n1` against `x2` of `n2`, pooled. */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): Significance {
  if (n1 <= 0 || n2 <= 0) return { statistic: 0, significant: false };
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { statistic: 0, significant: false };
  const z = (x2 / n2 - x1 / n1) / se;
  return { statistic: z, significant: Math.abs(z) > Z_95 };
}

export interface Sample {
  readonly mean: number;
  /** The sample variance (n − 1 in the denominator). */
  readonly variance: number;
  readonly n: number;
}

/** The mean and sample variance of a scale from its counts (`counts[i]` answers of value `min + i`). */
export function sampleOf(counts: readonly number[], min: number): Sample {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return { mean: 0, variance: 0, n: 0 };
  const mean = counts.reduce((t, c, i) => t + c * (min + i), 0) / n;
  const squares = counts.reduce((t, c, i) => t + c * (min + i - mean) ** 2, 0);
  return { mean, variance: n > 1 ? squares / (n - 1) : 0, n };
}

/** Welch's t-test between two samples (`b` the later one). */
export function welchTest(a: Sample, b: Sample): Significance & { readonly df: number } {
  if (a.n < 2 || b.n < 2) return { statistic: 0, significant: false, df: 0 };
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const diff = b.mean - a.mean;
  if (se === 0) return { statistic: 0, significant: diff !== 0, df: a.n + b.n - 2 };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = diff / se;
  return { statistic: t, significant: Math.abs(t) > tCritical95(df), df };
}
