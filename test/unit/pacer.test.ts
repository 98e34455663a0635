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

  it('lets requests through the global window in the order they asked, however many wait', async () => {
    let clock = 0;
    const timers: { at: number; fn: () => void }[] = [];
    const pacer = new Pacer({
      perKey: { limit: 5, windowMs: 5_000 },
      global: { limit: 4, windowMs: 1_000 },
      now: () => clock,
      sleep: (ms) => new Promise((resolve) => timers.push({ at: clock + ms, fn: resolve })),
    });
    const order: number[] = [];
    const asked: Promise<void>[] = [];
    const at: number[] = [];
    const ask = (i: number) =>
      asked.push(pacer.acquireGlobal().then(() => void (order.push(i), at.push(clock))));
    // A steady stream: more ask each time than slots free, so the line never empties.
    let next = 0;
    for (; next < 8; next++) ask(next);
    await new Promise((resolve) => setImmediate(resolve));
    while (timers.length > 0) {
      timers.sort((a, b) => a.at - b.at);
      const timer = timers.shift()!;
      clock = Math.max(clock, timer.at);
      timer.fn();
      await new Promise((resolve) => setImmediate(resolve));
      for (let i = 0; i < 6 && next < 60; i++) ask(next++);
    }
    await Promise.all(asked);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order).toHaveLength(next);
    // And the window held: at most 4 in any second.
    for (const t of at)
      expect(at.filter((u) => u <= t && u > t - 1_000).length).toBeLessThanOrEqual(4);
  });
});
