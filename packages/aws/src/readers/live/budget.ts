/** Small pure schedulers the live readers share: a concurrency limit and a per-service token bucket. */

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs at most `limit` tasks at once; the others wait in arrival order. */
export class ConcurrencyLimit {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`concurrency limit must be ≥ 1, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active < this.limit) this.#active++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter so a newcomer cannot overtake it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

/**
 * A token bucket: `ratePerSecond` calls on average, bursts up to `burst`. A caller that finds the bucket empty
 * reserves the next token (the balance goes negative) and sleeps until it is due, so waiters stay in order.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number = Math.max(1, ratePerSecond),
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: Sleep = realSleep,
  ) {
    this.#tokens = burst;
    this.#last = now();
  }

  async take(): Promise<void> {
    if (this.ratePerSecond === Number.POSITIVE_INFINITY) return;
    const now = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.ratePerSecond);
    this.#last = now;
    this.#tokens -= 1;
    if (this.#tokens < 0) await this.sleep((-this.#tokens / this.ratePerSecond) * 1000);
  }
}
