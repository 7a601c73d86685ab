/**
 * `npm run bench`: prints the figures Vigil's targets are stated in, and writes the same report to
 * docs/performance.md. Timings live here, never in tests.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { benchBundles } from "./bundles.ts";
import { benchEngine } from "./engine.ts";
import { benchEventKinds } from "./event-kinds.ts";
import { ASSUMED_READ_WAIT_MS, benchEvents, PRICES } from "./events.ts";
import { benchLive } from "./live.ts";
import { benchStorm } from "./storm.ts";

const printed: string[] = [];

/** Prints a line of the report and keeps it for docs/performance.md. */
function say(text = ""): void {
  console.log(text);
  printed.push(text);
}

function line(cells: (string | number)[]): string {
  return cells.map((c) => String(c).padStart(14)).join("");
}

say("# Vigil benchmark");
say(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}\n`);

say("## Engine: all rules over generated apps (function + role + queue trigger + table each)");
say(line(["functions", "resources", "results", "seconds", "resources/s"]));
benchEngine(1_000); // warm-up: JIT and lazy indexes
const figures = [1_000, 10_000, 100_000].map((n) => benchEngine(n));
for (const f of figures) {
  say(line([f.functions, f.resources, f.results, f.seconds.toFixed(3), Math.round(f.resourcesPerSecond)]));
}
const [, tenK, hundredK] = figures;
if (tenK && hundredK) {
  say(`\n10k functions: ${tenK.seconds.toFixed(2)} s (target ≤ 2 s on one core)`);
  say(`100k/10k time ratio: ${(hundredK.seconds / tenK.seconds).toFixed(1)} (linear = 10)`);
}

say("\n## Live readers: full sweep and targeted reads against a call-counting fake (aws-sdk-client-mock)");
await benchLive(100); // warm-up
const live = [await benchLive(1_000), await benchLive(10_000)];
say(line(["functions", "resources", "API calls", "calls/res", "seconds"]));
for (const f of live) {
  say(line([f.functions, f.resources, f.calls, f.callsPerResource.toFixed(2), f.seconds.toFixed(2)]));
}
const [liveOneK, liveTenK] = live;
if (liveOneK && liveTenK) {
  say(`\nfull sweep: ${liveTenK.callsPerResource.toFixed(2)} API calls per resource (target ≤ 1.5)`);
  const perFunction = (service: string) => ((liveTenK.byService[service] ?? 0) / liveTenK.functions).toFixed(2);
  say(
    `  per function: lambda ${perFunction("lambda")} (GetPolicy, GetFunctionUrlConfig, GetFunctionConcurrency, ` +
      `GetFunctionRecursionConfig, GetFunctionEventInvokeConfig: no batch API), sqs ${perFunction("sqs")}, ` +
      `dynamodb ${perFunction("dynamodb")}, tagging ${perFunction("tagging")}, iam ${perFunction("iam")}`,
  );
  say(
    `targeted read: ${liveTenK.targetedFunction.toFixed(2)} calls per resource for a function, ` +
      `${liveTenK.targetedRole.toFixed(2)} for a role (target ≤ 4)`,
  );
  say(`10k/1k sweep time ratio: ${(liveTenK.seconds / liveOneK.seconds).toFixed(1)} (linear = 10)`);
}

say("\n## Per change event: the evaluator over 1,000 events (every tenth a real change), dynalite store");
const events = await benchEvents(1_000);
say(
  `API calls per event: ${events.apiCallsPerEvent.toFixed(1)} (targeted read ${events.ownReadCallsPerEvent.toFixed(1)}, ` +
    `${events.dependantsPerEvent.toFixed(1)} dependants re-checked)`,
);
say(
  `DynamoDB per event: ${events.dynamoWritesPerEvent.toFixed(2)} writes, ${events.dynamoReadsPerEvent.toFixed(2)} reads ` +
    `(${events.transitionsPerEvent.toFixed(2)} transitions; a repeat writes nothing)`,
);
say(
  `evaluation time: ${events.evaluationMs.toFixed(1)} ms CPU per event (dependants included), ` +
    `${events.ruleEvaluationsPerEvent} rule results`,
);
say(`\ncost per 1,000 events (on-demand prices; evaluate billed CPU + ${ASSUMED_READ_WAIT_MS} ms assumed API wait):`);
const costs = Object.entries(events.costPerThousand);
for (const [part, usd] of costs) say(`  ${part.padEnd(18)} $${usd.toFixed(6)}`);
const vigilTotal = costs.reduce((sum, [, usd]) => sum + usd, 0);
say(`  ${"total".padEnd(18)} $${vigilTotal.toFixed(6)}`);
const perThousandRuleEvaluations = vigilTotal / events.ruleEvaluationsPerEvent;
say(
  `per 1,000 rule evaluations: Vigil $${perThousandRuleEvaluations.toFixed(6)} vs AWS Config ` +
    `$${(1000 * PRICES.configRuleEvaluation).toFixed(2)} (same ${events.ruleEvaluationsPerEvent} rules per event as ` +
    `Config rules: $${events.configCostPerThousand.toFixed(2)} per 1,000 events)`,
);

say("\n## Per event kind: one change and its dependants, live-shaped account (ModelAccount, real SDK clients)");
say(line(["event", "own read", "dependants", "their reads", "total calls", "previous", "change"]));
const kinds = await benchEventKinds();
for (const f of kinds) {
  const total = f.ownCalls + f.dependantCalls;
  const change = `+${total - f.previousCalls} (×${(total / f.previousCalls).toFixed(1)})`;
  say(line([f.event, f.ownCalls, f.dependants, f.dependantCalls, total, f.previousCalls, change]));
}
say("\ncalls per service, own read and dependants together:");
for (const f of kinds) {
  const services = Object.entries(f.byService).sort(([, a], [, b]) => b - a);
  say(`  ${f.event.padEnd(10)} ${services.map(([service, calls]) => `${service} ${calls}`).join(", ")}`);
}
say(
  "previous: the targeted read before declared context (the resource, a function's role and mappings, nothing " +
    "re-checked), measured as today's readTargeted with that context",
);

say("\n## Storm: 10,000 change events over 500 functions in 3 minutes, 60 s coalescing window");
const storm = await benchStorm();
say(
  `${storm.evaluations} live reads for ${storm.events} events (${(storm.evaluations / storm.functions).toFixed(1)} per function, ` +
    `at most one per window); final findings ${storm.correct ? "equal" : "DIFFER FROM"} the account's final state; ` +
    `${storm.seconds.toFixed(1)} s simulated end to end`,
);

say("\n## Handler bundles: esbuild as SST builds them (ESM, minified); cold import in a fresh node process");
say(line(["handler", "KB", "import ms"]));
for (const bundle of await benchBundles()) {
  say(line([bundle.handler, Math.round(bundle.bytes / 1024), bundle.importMs.toFixed(0)]));
}

writeFileSync(
  new URL("../docs/performance.md", import.meta.url),
  [
    "# Performance",
    "",
    "Written by `npm run bench` (bench/run.ts) on the machine named in the report; run it to refresh. Engine and",
    "reader figures come from generated accounts against a call-counting fake (aws-sdk-client-mock); per-event",
    "figures from the evaluate logic over a dynalite table (per event kind, over the live-shaped account that an",
    "in-memory ModelAccount serves to the real SDK clients); the cost model uses AWS's published on-demand prices.",
    "Call counts depend only on the code and the generated accounts, not on the machine; times and ratios do.",
    "",
    "What the per-event figures count, as the deployed evaluate function runs (dependants on):",
    "",
    "- **own read**: the API calls of the targeted read of the resource an event names, with the context the",
    "  enabled rules declare for its kind (`contextFor`), one `sts:GetCallerIdentity` included.",
    "- **dependants**: the resources re-evaluated after it, because a rule's declared context reaches its kind and",
    "  a fresh read or the context links of their last evaluation tie them to it; each is one more evaluation and",
    "  targeted read (**their reads**), queued with the event's time and fanning out no further.",
    "- **previous**: the targeted read before declared context (the resource, a function's role and mappings;",
    "  nothing re-checked), measured as today's `readTargeted` with that context. The growth is the price of",
    "  verdicts equal to a full scan's (`parity.test.ts`): triggers, data stores, permission sources and dependants",
    "  that the narrow read could not see.",
    "- The change-event cost model bills each dependant as one more evaluation-queue message and one more",
    "  evaluate run with its own assumed API wait.",
    "",
    "```text",
    ...printed,
    "```",
    "",
  ].join("\n"),
);
