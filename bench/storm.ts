/** The storm of the reliability suite, measured: how many live reads 10,000 events over 500 functions cost. */
import FakeTimers from "@sinonjs/fake-timers";
import { simulatePipeline } from "../packages/functions/src/testing/pipeline-simulation.ts";
import { stormScript } from "../packages/functions/src/testing/storm-script.ts";

export interface StormFigures {
  readonly events: number;
  readonly functions: number;
  readonly evaluations: number;
  readonly seconds: number;
  readonly correct: boolean;
}

export async function benchStorm(events = 10_000, functions = 500): Promise<StormFigures> {
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  // Only Date is faked: the simulation moves time; timers, I/O and the local table run for real.
  const clock = FakeTimers.install({ toFake: ["Date"] });
  const started = performance.now();
  try {
    const storm = await simulatePipeline({
      ...stormScript(events, functions),
      windowMs: 60_000,
      setTime: (ms) => clock.setSystemTime(ms),
    });
    return {
      events,
      functions,
      evaluations: storm.evaluations,
      seconds: (performance.now() - started) / 1000,
      correct: storm.leftOver === 0 && storm.final.every(({ stored, truth }) => stored === truth),
    };
  } finally {
    clock.uninstall();
  }
}
