/**
 * Spaces out sends under Discord's limits: at most `perKey.limit` per key (a channel) and
 * `global.limit` overall in each sliding window. discord.js also honours rate-limit headers; the
 * pacer keeps a burst of scheduled posts from hitting them in the first place.
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
  readonly #sent = new Map<string, number[]>();
  readonly #all: number[] = [];
  #queue: Promise<void> = Promise.resolve();

  constructor(options: {
    perKey: Window;
    global: Window;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
  }) {
    this.#perKey = options.perKey;
    this.#global = options.global;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when a send to `key` fits in both windows; callers are served in order. */
  wait(key: string): Promise<void> {
    const turn = this.#queue.then(() => this.#take(key));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #take(key: string): Promise<void> {
    for (;;) {
      const now = this.#now();
      const mine = (this.#sent.get(key) ?? []).filter((t) => t > now - this.#perKey.windowMs);
      while (this.#all.length > 0 && this.#all[0]! <= now - this.#global.windowMs)
        this.#all.shift();
      const waitKey =
        mine.length >= this.#perKey.limit ? mine[0]! + this.#perKey.windowMs - now : 0;
      const waitAll =
        this.#all.length >= this.#global.limit ? this.#all[0]! + this.#global.windowMs - now : 0;
      const delay = Math.max(waitKey, waitAll);
      if (delay <= 0) {
        mine.push(now);
        this.#sent.set(key, mine);
        this.#all.push(now);
        return;
      }
      this.#sent.set(key, mine);
      await this.#sleep(delay);
    }
  }
}
