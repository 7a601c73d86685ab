/**
 * Every handler bundles the way SST bundles it and loads in a fresh Node process: a dependency that cannot run
 * from an ESM bundle (a native module, `__dirname`) fails here, not at the first invocation in AWS.
 */
import { describe, expect, it } from "vitest";
import { benchBundles } from "../../../bench/bundles.ts";

describe("handler bundles", () => {
  it("build and import, each under 5 MB", async () => {
    const bundles = await benchBundles(1);
    expect(bundles.map((bundle) => bundle.handler).sort()).toEqual([
      "evaluate",
      "exemptions",
      "ingest",
      "notify",
      "publish",
      "remediate",
      "slack-actions",
      "sweep",
    ]);
    for (const bundle of bundles) {
      expect(bundle.bytes, bundle.handler).toBeLessThan(5 * 1024 * 1024);
      expect(Number.isFinite(bundle.importMs), bundle.handler).toBe(true);
    }
  }, 120_000);
});
