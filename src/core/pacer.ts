/**
 * Spaces out sends under Discord's limits: at most `perKey.limit` per key (a channel) and
 * `global.limit` overall in each sliding window. discord.js also honours rate-limit headers; the
 * pacer keeps a burst of Hearth's own posts from hitting them in the first place.
 *
 * Nothing here is one shared queue per channel. A key's window is only ever waited on by sends to
 * that key, and the outbox worker does not wait at all: it asks {@link Pacer.keyDelay} and moves
 * on to another channel's work, so a post in an idle channel never waits for a busy channel's
 * window. Only the global window, which every request needs, is waited on by everyone, and it is
 * waited on first come, first served: the order the worker started its effects in (round-robin
 * across servers) is the order their requests reach Discord, and no request waits for ever while
 * later ones take the free slots.
 */
export interface Window {
  readonly limit: number;
  readonly windowMs: number;
}

export class Pacer {
  readonly #perKey: Window;
  readonly #global: Window;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Send times per key, oldest first, at most `perKey.limit` of them. */
  readonly #sent = new Map<string, number[]>();
  readonly #all: number[] = [];
  /** Sends to a key wait for that key's earlier sends only. */
  readonly #chains = new Map<string, Promise<void>>();
  /** Discord told us to wait (429): nothing to this key, or anywhere, before these times. */
  readonly #pausedUntil = new Map<string, number>();
  #globalPausedUntil = 0;
  #takes = 0;
  /** Requests waiting for a slot in the global window, first come first served. */
  readonly #queue: (() => void)[] = [];
  #pumping = false;

  constructor(options: {
    perKey: Window;
    global: Window;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
  }) {
    this.#perKey = options.perKey;
    this.#global = options.global;
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get global(): Window {
    return this.#global;
  }

  /** Milliseconds until a send to `key` fits its own window (0: now). Never waits. */
  keyDelay(key: string): number {
    const now = this.#now();
    const paused = (this.#pausedUntil.get(key) ?? 0) - now;
    const mine = this.#sent.get(key);
    const windowDelay =
      mine === undefined || mine.length < this.#perKey.limit
        ? 0
        : mine[mine.length - this.#perKey.limit]! + this.#perKey.windowMs - now;
    return Math.max(0, paused, windowDelay);
  }

  /**
   * Milliseconds until one more request fits the global window behind the requests already
   * waiting for it (0: now). Never waits.
   */
  globalDelay(): number {
    return this.#delayFor(this.#queue.length);
  }

  /** Milliseconds until a request with `ahead` requests waiting before it fits the window. */
  #delayFor(ahead: number): number {
    const now = this.#now();
    this.#expire(now);
    const paused = this.#globalPausedUntil - now;
    // The slot this request gets frees when the send `over` places from the oldest leaves.
    const over = this.#all.length + ahead - this.#global.limit;
    const windowDelay =
      over < 0
        ? 0
        : over < this.#all.length
          ? this.#all[over]! + this.#global.windowMs - now
          : this.#global.windowMs * Math.ceil((over + 1) / this.#global.limit);
    return Math.max(0, paused, windowDelay);
  }

  /** Counts a send to `key` in its window (the caller checked {@link keyDelay}). */
  takeKey(key: string): void {
    const now = this.#now();
    let mine = this.#sent.get(key);
    if (mine === undefined) this.#sent.set(key, (mine = []));
    mine.push(now);
    if (mine.length > this.#perKey.limit) mine.shift();
    if (++this.#takes % 1_000 === 0) this.#sweep(now);
  }

  /**
   * Waits until one more request fits the global window, and takes it. Waiters are served in the
   * order they asked: one timer waits for the head of the line, never a race of sleepers (in which
   * a waiter that lost once goes behind every later one, and may lose for ever).
   */
  acquireGlobal(): Promise<void> {
    if (this.#queue.length === 0 && this.#delayFor(0) <= 0) {
      this.#all.push(this.#now());
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.#queue.push(resolve);
      void this.#pump();
    });
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const delay = this.#delayFor(0);
        if (delay > 0) {
          await this.#sleep(delay);
          continue;
        }
        this.#all.push(this.#now());
        this.#queue.shift()!();
      }
    } finally {
      this.#pumping = false;
    }
  }

  /**
   * Resolves when a send to `key` fits both windows, and takes it. Sends to one key are served in
   * order; sends to other keys never wait behind them.
   */
  wait(key: string): Promise<void> {
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const turn = previous.then(async () => {
      for (let delay = this.keyDelay(key); delay > 0; delay = this.keyDelay(key))
        await this.#sleep(delay);
      // Sends to this key are chained: nothing else takes the key's slot while this one waits.
      await this.acquireGlobal();
      this.takeKey(key);
    });
    const settled = turn.catch(() => undefined);
    this.#chains.set(key, settled);
    void settled.then(() => {
      if (this.#chains.get(key) === settled) this.#chains.delete(key);
    });
    return turn;
  }

  /** Discord answered 429 for `key`: nothing more goes to it for `ms`. */
  pauseKey(key: string, ms: number): void {
    const until = this.#now() + ms;
    if (until > (this.#pausedUntil.get(key) ?? 0)) this.#pausedUntil.set(key, until);
  }

  /** Discord answered a global 429: nothing goes anywhere for `ms`. */
  pauseGlobal(ms: number): void {
    this.#globalPausedUntil = Math.max(this.#globalPausedUntil, this.#now() + ms);
  }

  #expire(now: number): void {
    while (this.#all.length > 0 && this.#all[0]! <= now - this.#global.windowMs) this.#all.shift();
  }

  /** Forgets keys whose window has passed, so a bot in many channels keeps a small map. */
  #sweep(now: number): void {
    for (const [key, times] of this.#sent)
      if (times[times.length - 1]! <= now - this.#perKey.windowMs) this.#sent.delete(key);
    for (const [key, until] of this.#pausedUntil) if (until <= now) this.#pausedUntil.delete(key);
  }
}
