import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/core/pacer.js';

describe('pacer', () => {
  it('keeps each channel under 5 sends per 5 s and everything under the global limit, in order', async () => {
    let clock = 0;
    const pacer = new Pacer({
      perKey: { limit: 5, windowMs: 5_000 },
      global: { limit: 8, windowMs: 1_000 },
      now: () => clock,
      sleep: (ms) => ((clock += ms), Promise.resolve()),
    });
    const sent: [string, number][] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pacer
          .wait(i < 9 ? 'a' : `b${i}`)
          .then(() => void sent.push([i < 9 ? 'a' : `b${i}`, clock])),
      ),
    );
    const a = sent.filter(([k]) => k === 'a').map(([, t]) => t);
    // Five at once, the next four once the first five leave the 5 s window.
    expect(a).toEqual([0, 0, 0, 0, 0, 5_000, 5_000, 5_000, 5_000]);
    for (const [i, [, t]] of sent.entries()) {
      const inWindow = sent.filter(([, u]) => u <= t && u > t - 1_000).length;
      expect(inWindow, `send ${i}`).toBeLessThanOrEqual(8);
    }
  });
});
