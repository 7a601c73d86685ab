/**
 * `npm run bench`: prints the figures Vigil's targets are stated in. Timings live here, never in tests.
 */
import { benchBundles } from "./bundles.ts";
import { benchEngine } from "./engine.ts";
import { ASSUMED_READ_WAIT_MS, benchEvents, PRICES } from "./events.ts";
import { benchLive } from "./live.ts";

function line(cells: (string | number)[]): string {
  return cells.map((c) => String(c).padStart(14)).join("");
}

console.log("# Vigil benchmark");
console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);

console.log("## Engine: all rules over generated apps (function + role + queue trigger + table each)");
console.log(line(["functions", "resources", "results", "seconds", "resources/s"]));
benchEngine(1_000); // warm-up: JIT and lazy indexes
const figures = [1_000, 10_000, 100_000].map((n) => benchEngine(n));
for (const f of figures) {
  console.log(line([f.functions, f.resources, f.results, f.seconds.toFixed(3), Math.round(f.resourcesPerSecond)]));
}
const [, tenK, hundredK] = figures;
if (tenK && hundredK) {
  console.log(`\n10k functions: ${tenK.seconds.toFixed(2)} s (target ≤ 2 s on one core)`);
  console.log(`100k/10k time ratio: ${(hundredK.seconds / tenK.seconds).toFixed(1)} (linear = 10)`);
}

console.log("\n## Live readers: full sweep and targeted reads against a call-counting fake (aws-sdk-client-mock)");
await benchLive(100); // warm-up
const live = [await benchLive(1_000), await benchLive(10_000)];
console.log(line(["functions", "resources", "API calls", "calls/res", "seconds"]));
for (const f of live) {
  console.log(line([f.functions, f.resources, f.calls, f.callsPerResource.toFixed(2), f.seconds.toFixed(2)]));
}
const [liveOneK, liveTenK] = live;
if (liveOneK && liveTenK) {
  console.log(`\nfull sweep: ${liveTenK.callsPerResource.toFixed(2)} API calls per resource (target ≤ 1.5)`);
  const perFunction = (service: string) => ((liveTenK.byService[service] ?? 0) / liveTenK.functions).toFixed(2);
  console.log(
    `  per function: lambda ${perFunction("lambda")} (GetPolicy, GetFunctionUrlConfig, GetFunctionConcurrency, ` +
      `GetFunctionRecursionConfig, GetFunctionEventInvokeConfig: no batch API), sqs ${perFunction("sqs")}, ` +
      `dynamodb ${perFunction("dynamodb")}, tagging ${perFunction("tagging")}, iam ${perFunction("iam")}`,
  );
  console.log(
    `targeted read: ${liveTenK.targetedFunction.toFixed(2)} calls per resource for a function, ` +
      `${liveTenK.targetedRole.toFixed(2)} for a role (target ≤ 4)`,
  );
  console.log(`10k/1k sweep time ratio: ${(liveTenK.seconds / liveOneK.seconds).toFixed(1)} (linear = 10)`);
}

console.log("\n## Per change event: the evaluator over 1,000 events (every tenth a real change), dynalite store");
const events = await benchEvents(1_000);
console.log(`API calls per event (targeted read): ${events.apiCallsPerEvent.toFixed(1)}`);
console.log(
  `DynamoDB per event: ${events.dynamoWritesPerEvent.toFixed(2)} writes, ${events.dynamoReadsPerEvent.toFixed(2)} reads ` +
    `(${events.transitionsPerEvent.toFixed(2)} transitions; a repeat writes nothing)`,
);
console.log(
  `evaluation time: ${events.evaluationMs.toFixed(1)} ms CPU per event, ${events.ruleEvaluationsPerEvent} rule results`,
);
console.log(
  `\ncost per 1,000 events (on-demand prices; evaluate billed CPU + ${ASSUMED_READ_WAIT_MS} ms assumed API wait):`,
);
const costs = Object.entries(events.costPerThousand);
for (const [part, usd] of costs) console.log(`  ${part.padEnd(18)} $${usd.toFixed(6)}`);
const vigilTotal = costs.reduce((sum, [, usd]) => sum + usd, 0);
console.log(`  ${"total".padEnd(18)} $${vigilTotal.toFixed(6)}`);
const perThousandRuleEvaluations = vigilTotal / events.ruleEvaluationsPerEvent;
console.log(
  `per 1,000 rule evaluations: Vigil $${perThousandRuleEvaluations.toFixed(6)} vs AWS Config ` +
    `$${(1000 * PRICES.configRuleEvaluation).toFixed(2)} (same ${events.ruleEvaluationsPerEvent} rules per event as ` +
    `Config rules: $${events.configCostPerThousand.toFixed(2)} per 1,000 events)`,
);

console.log("\n## Handler bundles: esbuild as SST builds them (ESM, minified); cold import in a fresh node process");
console.log(line(["handler", "KB", "import ms"]));
for (const bundle of await benchBundles()) {
  console.log(line([bundle.handler, Math.round(bundle.bytes / 1024), bundle.importMs.toFixed(0)]));
}
