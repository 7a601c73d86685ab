/** Something that happens at a simulated time (ms since the epoch). */
export interface Timed {
  readonly at: number;
}

/** Steps in time order; among equal times, in insertion order. */
export class Timeline<Step extends Timed> {
  readonly #steps: Step[] = [];

  add(step: Step): void {
    let low = 0;
    let high = this.#steps.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#steps[middle]!.at <= step.at) low = middle + 1;
      else high = middle;
    }
    this.#steps.splice(low, 0, step);
  }

  next(): Step | undefined {
    return this.#steps.shift();
  }

  get size(): number {
    return this.#steps.length;
  }
}

/**
 * Invocations in flight at once on simulated time, run one at a time: an invocation runs, real I/O included, until
 * it waits on simulated time (`wait`) or ends, and only then does the caller go on with its timeline. Which
 * invocation runs when follows from the timeline alone, so that a seeded run replays exactly. An invocation waits at
 * one point at a time (the code under test awaits each call it makes before the next); a second wait of the same
 * invocation, or a wait outside of one, fails the run.
 */
export class Invocations {
  /** Lets the caller go on: set while an invocation runs. */
  #running: (() => void) | undefined;
  #failure: unknown;

  /** `schedule(at, resume)`: the caller's timeline resumes the invocation at `at`, with `resume`. */
  constructor(private readonly schedule: (at: number, resume: () => void) => void) {}

  /** Starts `invocation`; returns when it waits or ends. */
  start(invocation: () => Promise<void>): Promise<void> {
    return this.#runUntilIdle(() => {
      invocation()
        .catch((error: unknown) => {
          this.#failure ??= error;
        })
        .finally(() => this.#idle());
    });
  }

  /** Resumes an invocation waiting since `wait`; returns when it waits again or ends. */
  resume(resume: () => void): Promise<void> {
    return this.#runUntilIdle(resume);
  }

  /** Called by the running invocation: returns after `ms` of simulated time, the other invocations running meanwhile. */
  wait(ms: number): Promise<void> {
    return new Promise((resume) => {
      this.schedule(Date.now() + ms, resume);
      this.#idle();
    });
  }

  async #runUntilIdle(run: () => void): Promise<void> {
    await new Promise<void>((idle) => {
      this.#running = idle;
      run();
    });
    if (this.#failure !== undefined) throw this.#failure;
  }

  #idle(): void {
    const goOn = this.#running;
    this.#running = undefined;
    if (goOn) goOn();
    else this.#failure ??= new Error("an invocation waited while it was not the one running");
  }
}
