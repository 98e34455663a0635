/**
 * The significance tests behind `/survey trend`, against values worked out by hand:
 * - two-proportion z (pooled): 6/20 → 14/20: p̂ = 20/40 = 0.5, SE = √(0.5·0.5·(1/20+1/20)) =
 *   √0.025 = 0.158114, z = 0.4 / 0.158114 = 2.5298 > 1.96, larger than noise; 8/20 → 11/20:
 *   p̂ = 0.475, SE = √(0.475·0.525·0.1) = 0.157917, z = 0.15 / 0.157917 = 0.9499, noise;
 * - Welch t: ratings 3,3,4,4,5 (mean 3.8, s² 0.7) → 4,4,5,5,5 (mean 4.6, s² 0.3): SE = √(0.7/5 +
 *   0.3/5) = √0.2 = 0.447214, t = 0.8 / 0.447214 = 1.7889, ν = 0.2² / (0.14²/4 + 0.06²/4) =
 *   0.04 / 0.0058 = 6.897 → 6, t(0.975, 6) = 2.447 > 1.7889: noise.
 */
import { describe, expect, it } from 'vitest';
import {
  sampleOf,
  tCritical95,
  twoProportionTest,
  welchTest,
} from '../../src/features/surveys/trend.js';

describe('pulse trend significance', () => {
  it('two-proportion z-test, pooled, 95% two-sided', () => {
    const up = twoProportionTest(6, 20, 14, 20);
    expect(up.statistic).toBeCloseTo(2.5298, 4);
    expect(up.significant).toBe(true);
    const small = twoProportionTest(8, 20, 11, 20);
    expect(small.statistic).toBeCloseTo(0.9499, 4);
    expect(small.significant).toBe(false);
    // The same change is noise for 20 answers and not for 200.
    expect(twoProportionTest(80, 200, 110, 200).significant).toBe(true);
    // Nothing to compare: no answers, or everyone picked it both times.
    expect(twoProportionTest(0, 0, 3, 5)).toEqual({ statistic: 0, significant: false });
    expect(twoProportionTest(5, 5, 7, 7)).toEqual({ statistic: 0, significant: false });
  });

  it('Welch t-test with the Welch–Satterthwaite degrees of freedom, floored', () => {
    const a = sampleOf([0, 0, 2, 2, 1], 1);
    const b = sampleOf([0, 0, 0, 2, 3], 1);
    expect(a.mean).toBeCloseTo(3.8, 10);
    expect(a.variance).toBeCloseTo(0.7, 10);
    expect(b.mean).toBeCloseTo(4.6, 10);
    expect(b.variance).toBeCloseTo(0.3, 10);
    const test = welchTest(a, b);
    expect(test.statistic).toBeCloseTo(1.7889, 4);
    expect(test.df).toBeCloseTo(6.8966, 4);
    expect(tCritical95(test.df)).toBe(2.447);
    expect(test.significant).toBe(false);
    // Ten 1s and ten 2s against ten 4s and ten 5s: t = 3 / √(2·0.263158/20) = 18.49, ν = 38.
    const far = welchTest(sampleOf([10, 10, 0, 0, 0], 1), sampleOf([0, 0, 0, 10, 10], 1));
    expect(far.statistic).toBeCloseTo(18.4932, 4);
    expect(far.df).toBeCloseTo(38, 6);
    expect(far.significant).toBe(true);
    // One answer on a side has no variance to test.
    expect(welchTest(sampleOf([1, 0, 0, 0, 0], 1), b).significant).toBe(false);
  });

  it('t critical values: the table, then the next lower row beyond 30', () => {
    expect(tCritical95(1)).toBe(12.706);
    expect(tCritical95(14.9)).toBe(2.145);
    expect(tCritical95(30)).toBe(2.042);
    expect(tCritical95(45)).toBe(2.021);
    expect(tCritical95(500)).toBe(1.98);
    expect(tCritical95(0.5)).toBe(Infinity);
  });
});
