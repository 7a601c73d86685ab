import { describe, expect, it } from "vitest";
import { cachedFor } from "./cache.ts";

describe("cachedFor", () => {
  it("loads once per period and again after it; a failed load is retried at once", async () => {
    let clock = 0;
    let loads = 0;
    let fail = false;
    const value = cachedFor(
      60_000,
      async () => {
        loads++;
        if (fail) throw new Error("throttled");
        return loads;
      },
      () => clock,
    );
    expect([await value(), await value()]).toEqual([1, 1]);
    clock = 60_000;
    expect(await value()).toBe(2);
    clock = 120_000;
    fail = true;
    await expect(value()).rejects.toThrow("throttled");
    fail = false;
    expect(await value()).toBe(4);
  });
});
