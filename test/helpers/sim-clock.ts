/**
 * A simulated clock for the outbox worker and its pacer: time moves only when every piece of work
 * is waiting on a timer, and then jumps straight to the earliest one. Minutes of pacing run in
 * milliseconds, and the figures (who posted when) are exact and repeatable.
 */
import type { Timers } from '../../src/core/outbox/index.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

export class SimClock implements Timers {
  #now: number;
  #seq = 0;
  readonly #timers: Timer[] = [];

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer: Timer = {
      at: this.#now + Math.max(0, ms),
      seq: this.#seq++,
      fn,
      cancelled: false,
    };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(ms, resolve));
  }

  /** Lets every runnable piece of work run until it waits on a timer (or on nothing). */
  async settle(): Promise<void> {
    for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * Runs until `done()` holds, moving time to the next timer whenever everything waits. Throws when
   * nothing is left to wait for, or simulated time passes `limitMs`. With `quiet`, time moves only
   * once it resolves: work that also waits on something real (a request to the stand-in) finishes
   * first, so no timer (a timeout, a backoff) fires while a request is under way.
   */
  async run(
    done: () => boolean | Promise<boolean>,
    limitMs: number,
    quiet?: () => Promise<void>,
  ): Promise<void> {
    const end = this.#now + limitMs;
    for (;;) {
      await this.settle();
      await quiet?.();
      if (await done()) return;
      const next = this.#next();
      if (next === undefined) throw new Error('simulation stalled: nothing left to wait for');
      if (next.at > end) throw new Error(`simulation did not finish within ${limitMs} ms`);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
  }

  /**
   * Moves time forward by `ms`, firing the timers due on the way. With `quiet`, each timer fires
   * only once it resolves (see {@link run}), and so does the end.
   */
  async advance(ms: number, quiet?: () => Promise<void>): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await this.settle();
      await quiet?.();
      const next = this.#peek();
      if (next === undefined || next.at > end) break;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = end;
    await this.settle();
    await quiet?.();
  }

  #peek(): Timer | undefined {
    let best: Timer | undefined;
    for (let i = this.#timers.length - 1; i >= 0; i--) {
      const t = this.#timers[i]!;
      if (t.cancelled) {
        this.#timers.splice(i, 1);
        continue;
      }
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }

  #next(): Timer | undefined {
    const best = this.#peek();
    if (best !== undefined) this.#timers.splice(this.#timers.indexOf(best), 1);
    return best;
  }
}
