/** Small, dependency-free measuring helpers for `npm run bench`. */

export interface Rate {
  readonly name: string;
  /** Operations per second, the median of several rounds. */
  readonly opsPerSecond: number;
}

/**
 * Runs `op` `iterations` times per round, for `rounds` rounds after one warm-up round, and
 * returns the median rate. Awaiting a synchronous result costs nothing measurable.
 */
export async function rate(
  name: string,
  op: (i: number) => unknown,
  { iterations = 20_000, rounds = 7 } = {},
): Promise<Rate> {
  const samples: number[] = [];
  for (let round = -1; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) {
      const result = op(i);
      if (result instanceof Promise) await result;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (round >= 0) samples.push(iterations / seconds);
  }
  samples.sort((a, b) => a - b);
  return { name, opsPerSecond: samples[Math.floor(samples.length / 2)]! };
}

export function formatRate(ops: number): string {
  return ops >= 1e6
    ? `${(ops / 1e6).toFixed(2)} M/s`
    : ops >= 1e3
      ? `${(ops / 1e3).toFixed(1)} k/s`
      : `${ops.toFixed(0)} /s`;
}

/** Prints one comparison line: the measured rate and its ratio to the baseline. */
export function report(subject: Rate, baseline: Rate, target?: { min: number }): string {
  const ratio = subject.opsPerSecond / baseline.opsPerSecond;
  const verdict =
    target === undefined
      ? ''
      : ratio >= target.min
        ? `  (target >= ${target.min}x: met)`
        : `  (target >= ${target.min}x: NOT MET)`;
  return `  ${subject.name.padEnd(44)} ${formatRate(subject.opsPerSecond).padStart(11)}  ${ratio.toFixed(2)}x ${baseline.name}${verdict}`;
}
