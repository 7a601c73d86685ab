import { describe, expect, it } from "vitest";
import { ConcurrencyLimit, TokenBucket } from "./budget.ts";

describe("ConcurrencyLimit", () => {
  it("never runs more than its limit at once and runs every task", async () => {
    const limit = new ConcurrencyLimit(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 1));
          active--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("frees the slot of a task that fails", async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit.run(async () => "next")).resolves.toBe("next");
  });
});

describe("TokenBucket", () => {
  it("lets a burst through, then spaces calls at its rate", async () => {
    let now = 0;
    const slept: number[] = [];
    const bucket = new TokenBucket(
      10,
      2,
      () => now,
      async (ms) => {
        slept.push(ms);
      },
    );
    await bucket.take();
    await bucket.take();
    expect(slept).toEqual([]);
    await bucket.take(); // third call in the same instant: waits one token (100 ms)
    await bucket.take(); // the next waits behind it
    expect(slept.map(Math.round)).toEqual([100, 200]);
    now = 1_000; // a second later the bucket is full again
    await bucket.take();
    expect(slept).toHaveLength(2);
  });

  it("never waits when the rate is unbounded", async () => {
    const bucket = new TokenBucket(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 1000; i++) await bucket.take();
  });
});
