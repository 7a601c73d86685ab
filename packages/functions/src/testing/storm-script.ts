import fc from "fast-check";
import type { AccountChange, EventDelivery } from "./pipeline-simulation.ts";

const T0 = Date.parse("2026-11-28T10:00:00.000Z");

/** `events` changes over `functions` functions within three minutes, each reported by one event as it happens. */
export function stormScript(
  events: number,
  functions: number,
  seed = 42,
): { functions: number; changes: AccountChange[]; events: EventDelivery[] } {
  const changes = fc
    .sample(fc.record({ fn: fc.nat(functions - 1), offset: fc.nat(3 * 60_000), open: fc.boolean() }), {
      numRuns: events,
      seed,
    })
    .map(({ fn, offset, open }) => ({ at: T0 + offset, fn, open }));
  return { functions, changes, events: changes.map((change) => ({ at: change.at, change })) };
}
