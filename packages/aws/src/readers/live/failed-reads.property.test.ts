/**
 * A failed read is never a verdict (issue 12, point 5): over the fake account, every API call a read makes is made
 * to fail in turn — denied, then failed past its retries — and every (rule, resource) result that changes from the
 * all-calls-succeed baseline must become "cannot evaluate" or an error, never a pass, fail or not-applicable the
 * baseline did not have; a resource the baseline read and the failed read lacks must belong to a kind the read
 * declares incomplete.
 */
import {
  evaluate,
  type ResolvedConfig,
  type Resource,
  type ResourceKind,
  ResourceModel,
  RULES,
  type RuleResult,
  resolveConfig,
} from "@vigil/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveClients, ServiceName } from "./clients.ts";
import { type LiveReadResult, readAccount, readTargeted, type TargetRef } from "./read-account.ts";
import { FAKE_REGION, type FakeAccount, fakeAccount, fakeArns, UNLIMITED_RATES } from "./testing/fake-account.ts";

/** `owner` is what fn-0 carries and fn-1 lacks: the required-tags rule passes on one and fails on the other. */
const CONFIG: ResolvedConfig = resolveConfig(
  { ruleset: "strict", rules: { "lambda-required-tags-missing": { options: { requiredTags: ["owner"] } } } },
  RULES,
);
/** Rules that age resources (not redeployed for N days) must judge both reads at the same time. */
const NOW = new Date("2026-12-01T00:00:00.000Z");

/** One call as sent: its service, command and input, and which of the identical calls it was. */
interface SentCall {
  readonly service: ServiceName;
  readonly command: string;
  readonly input: string;
  readonly occurrence: number;
}

const callKey = (call: Omit<SentCall, "occurrence">) => `${call.service} ${call.command} ${call.input}`;
const describeCall = (call: SentCall) => `${call.command}#${call.occurrence} ${call.input}`;

interface Failure {
  readonly name: string;
  readonly error: () => Error;
}

/** An SDK error as the client throws it once its retries are spent. */
function sdkError(name: string, httpStatusCode: number, attempts: number): Error {
  return Object.assign(new Error(`${name} (injected)`), { name, $metadata: { httpStatusCode, attempts } });
}

const DENIED: Failure = { name: "AccessDenied", error: () => sdkError("AccessDeniedException", 403, 1) };
const SERVER_ERROR: Failure = { name: "HTTP 500", error: () => sdkError("InternalServerError", 500, 3) };
const THROTTLED: Failure = { name: "throttled", error: () => sdkError("ThrottlingException", 400, 6) };

/**
 * The fake's clients, recording every call sent and failing exactly `failing` (one occurrence of one call) with
 * `failure`. The readers see only `send`.
 */
function instrumented(
  base: (region: string) => LiveClients,
  sent: SentCall[],
  failing?: { readonly call: SentCall; readonly failure: Failure },
): { clients: (region: string) => LiveClients; hit: () => boolean } {
  const seen = new Map<string, number>();
  let hit = false;
  const clients = (region: string) => {
    const real = base(region);
    const wrapped = Object.fromEntries(
      (Object.keys(real) as ServiceName[]).map((service) => {
        const client = real[service] as unknown as { send(command: object): Promise<unknown> };
        const send = (command: { input: object }) => {
          const call = { service, command: command.constructor.name, input: JSON.stringify(command.input) };
          const occurrence = seen.get(callKey(call)) ?? 0;
          seen.set(callKey(call), occurrence + 1);
          sent.push({ ...call, occurrence });
          const target = failing?.call;
          if (target && callKey(target) === callKey(call) && target.occurrence === occurrence) {
            hit = true;
            return Promise.reject(failing.failure.error());
          }
          return client.send(command);
        };
        return [service, { send }];
      }),
    );
    return wrapped as unknown as LiveClients;
  };
  return { clients, hit: () => hit };
}

type Verdict = "pass" | "fail" | "not_applicable";
const VERDICTS: readonly Verdict[] = ["pass", "fail", "not_applicable"];

/** The decisive results of each (rule, resource): undetermined ones and errors decide nothing. */
function verdictsByKey(results: readonly RuleResult[]): Map<string, Verdict[]> {
  const byKey = new Map<string, Verdict[]>();
  for (const result of results) {
    const key = `${result.ruleId} ${result.resourceId}`;
    const verdicts = byKey.get(key) ?? [];
    byKey.set(key, verdicts);
    if (result.status !== "error" && result.status !== "undetermined") verdicts.push(result.status);
  }
  return byKey;
}

const count = (verdicts: readonly Verdict[] | undefined, verdict: Verdict) =>
  (verdicts ?? []).filter((v) => v === verdict).length;

/** What a read yields once evaluated: its results on `subjects` (all resources by default). */
function judge(read: LiveReadResult, subjects?: (r: Resource) => boolean): RuleResult[] {
  const report = evaluate(new ResourceModel(read.resources, read.coverage), CONFIG, { now: NOW });
  const ids = new Set(read.resources.filter(subjects ?? (() => true)).map((r) => r.id));
  return report.results.filter((result) => ids.has(result.resourceId));
}

/**
 * Verdicts the failed read reached that the baseline did not: per (rule, resource), more passes, fails or
 * not-applicables than the baseline had. Empty when every change is to "cannot evaluate" or an error.
 */
function newVerdicts(baseline: readonly RuleResult[], failed: readonly RuleResult[]): string[] {
  const before = verdictsByKey(baseline);
  const after = verdictsByKey(failed);
  const found: string[] = [];
  for (const [key, verdicts] of after) {
    for (const verdict of VERDICTS) {
      if (count(verdicts, verdict) > count(before.get(key), verdict)) {
        const was = before.get(key)?.join(", ") || "undecided";
        const message = failed.find((r) => `${r.ruleId} ${r.resourceId}` === key && r.status === verdict)?.message;
        found.push(`${key}: ${verdict} (was ${was}): ${message}`);
      }
    }
  }
  return found;
}

/** Resources the baseline read, the failed read lacks, and no incomplete kind of its coverage accounts for. */
function silentlyDropped(baseline: LiveReadResult, failed: LiveReadResult): string[] {
  const read = new Set(failed.resources.map((r) => r.id));
  const incomplete: ReadonlyMap<ResourceKind, unknown> =
    failed.coverage.scope === "account" ? failed.coverage.incompleteKinds : new Map();
  return baseline.resources.filter((r) => !read.has(r.id) && !incomplete.has(r.kind)).map((r) => r.id);
}

/** Every call the read made, once each with its occurrence: the cases to fail. */
async function callsOf(run: (clients: (region: string) => LiveClients) => Promise<LiveReadResult>, base: FakeAccount) {
  const sent: SentCall[] = [];
  const baseline = await run(instrumented(base.clients, sent).clients);
  return { baseline, calls: sent.filter((call) => call.service !== "sts") };
}

/**
 * Runs `run` once per call and failure (denied, then a server error or a throttle past the retries, in turn), that
 * call failing: what went wrong, as `check` sees the failed read, plus a call not made again or no error recorded.
 */
async function problemsWhenEachCallFails(
  run: (clients: (region: string) => LiveClients) => Promise<LiveReadResult>,
  calls: readonly SentCall[],
  check: (failed: LiveReadResult, label: string) => string[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const [index, call] of calls.entries()) {
    for (const failure of [DENIED, index % 2 === 0 ? SERVER_ERROR : THROTTLED]) {
      const { clients, hit } = instrumented(fake.clients, [], { call, failure });
      const failed = await run(clients);
      const label = `${describeCall(call)} ${failure.name}`;
      if (!hit()) problems.push(`${label}: the call was not made again`);
      if (failed.errors.length === 0) problems.push(`${label}: no read error recorded`);
      problems.push(...check(failed, label));
    }
  }
  return problems;
}

let fake: FakeAccount;
beforeAll(() => {
  fake = fakeAccount(2, { dataFlows: true });
});
afterAll(() => fake.restore());

const options = (clients: (region: string) => LiveClients) => ({
  region: FAKE_REGION,
  clients,
  rates: UNLIMITED_RATES,
});

describe("a failed read is never a verdict", () => {
  it("the baseline reads everything and judges the planted tags, flows, redrive and triggers", async () => {
    const { baseline } = await callsOf((clients) => readAccount(options(clients)), fake);
    expect(baseline.errors).toEqual([]);
    expect(baseline.coverage).toEqual({ scope: "account", incompleteKinds: new Map() });
    const status = (ruleId: string, arn: string) =>
      judge(baseline).find((r) => r.ruleId === ruleId && r.resourceId === arn)?.status;
    // What the failures below must not turn into their opposite.
    expect(status("lambda-required-tags-missing", fakeArns.fn(0))).toBe("pass");
    expect(status("lambda-required-tags-missing", fakeArns.fn(1))).toBe("fail");
    expect(status("flow-sensitive-write-unapproved", fakeArns.fn(0))).toBe("pass");
    expect(status("flow-sensitive-write-unapproved", fakeArns.fn(1))).toBe("fail");
    expect(status("sqs-queue-no-dlq", fakeArns.queue(0))).toBe("pass");
    expect(status("lambda-trigger-loop", fakeArns.fn(0))).toBe("fail");
  });

  it("in a full account read, for every call denied or failed past its retries", async () => {
    const run = (clients: (region: string) => LiveClients) => readAccount(options(clients));
    const { baseline, calls } = await callsOf(run, fake);
    const judged = judge(baseline);
    const problems = await problemsWhenEachCallFails(run, calls, (failed, label) => [
      ...newVerdicts(judged, judge(failed)).map((found) => `${label}: ${found}`),
      ...silentlyDropped(baseline, failed).map((id) => `${label}: ${id} dropped silently`),
    ]);
    expect(calls.length).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it.each<[string, TargetRef]>([
    ["a function", { kind: "lambda.function", arn: fakeArns.fn(0) }],
    ["a queue", { kind: "sqs.queue", arn: fakeArns.queue(0) }],
  ])("in a targeted read of %s, for every call denied or failed past its retries", async (_, ref) => {
    const run = (clients: (region: string) => LiveClients) => readTargeted(ref, options(clients));
    const isSubject = (r: Resource) => r.arn === ref.arn;
    const { baseline, calls } = await callsOf(run, fake);
    expect(baseline.errors).toEqual([]);
    const judged = judge(baseline, isSubject);
    expect(judged.length).toBeGreaterThan(0);
    // A subject the read could not find must not read as deleted: the errors say it was not read.
    const problems = await problemsWhenEachCallFails(run, calls, (failed, label) =>
      newVerdicts(judged, judge(failed, isSubject)).map((found) => `${label}: ${found}`),
    );
    expect(problems).toEqual([]);
  });
});
