/**
 * Storm: 10,000 change events over 500 functions, in a shuffled order, through ingest and evaluate on a simulated
 * timeline (testing/pipeline-simulation.ts). Each function is read at most once per coalescing window, nothing is
 * lost, and the findings end equal to the account's final state.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { simulatePipeline } from "./testing/pipeline-simulation.ts";
import { stormScript } from "./testing/storm-script.ts";

const WINDOW_MS = 60_000;
const EVENTS = 10_000;

describe("storm", () => {
  beforeAll(() => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it("reads each function at most once per coalescing window and ends with the account's final state", async () => {
    const storm = await simulatePipeline({
      ...stormScript(EVENTS, 500),
      windowMs: WINDOW_MS,
      setTime: (ms) => vi.setSystemTime(ms),
    });

    expect(storm.leftOver).toBe(0);
    expect(storm.redeliveries.evaluate).toBe(0);
    for (const [arn, times] of storm.reads) {
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, arn).toBeGreaterThanOrEqual(WINDOW_MS);
    }
    // Far fewer reads than events: most events found their change already read.
    expect(storm.evaluations).toBeLessThan(EVENTS / 3);
    for (const { arn, stored, truth } of storm.final) expect(stored, arn).toBe(truth);
  }, 240_000);
});
