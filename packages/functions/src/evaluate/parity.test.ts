/**
 * Parity: the deployed service path (the sweep's messages → Evaluator + readTargeted with each rule's declared
 * context → the findings table) reaches the verdicts of a full `vigil scan` (readAccount → evaluate) on the same
 * account, read through the real SDK clients from an in-memory account. Removing one rule's declared context
 * breaks it: the declarations, not the reader, decide what a targeted read brings.
 */
import { ModelAccount } from "@vigil/aws/local";
import { liveShapedAccount, UNLIMITED_RATES } from "@vigil/aws/testing";
import { type AnyRule, RESOURCE_KINDS, RULES } from "@vigil/core";
import { functionInvokedByGoneBucket } from "@vigil/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { ServicePath, scan } from "../testing/service-path.ts";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
/** The evaluator stamps findings with the read time: the scan judges dates at the same moment. */
const NOW = new Date();

const readOptions = (account: ModelAccount) => ({
  region: REGION,
  clients: (r: string) => account.clients(r),
  rates: UNLIMITED_RATES,
});

/** `rule resource` of every failing verdict of a full scan. */
async function scanFailures(account: ModelAccount, rules: readonly AnyRule[]): Promise<string[]> {
  const scanned = await scan(readOptions(account), rules, NOW);
  expect(scanned.read.errors).toEqual([]);
  return scanned.failures;
}

const paths: ServicePath[] = [];
afterEach(async () => {
  for (const path of paths.splice(0)) await path.close();
});

/** `rule resource` of every failing finding the service path records after one sweep (dependants drained). */
async function serviceFailures(account: ModelAccount, rules: readonly AnyRule[]): Promise<string[]> {
  const path = await ServicePath.start(readOptions(account), rules);
  paths.push(path);
  await path.sweep();
  return path.findings("failing");
}

/** The live-shaped account and a function whose invoke permission outlived its bucket. */
function plantedAccount(): ModelAccount {
  const account = new ModelAccount({ account: ACCOUNT, region: REGION, resources: liveShapedAccount() });
  const leftover = functionInvokedByGoneBucket("leftover", { description: "" });
  account.put({ ...leftover, role: account.resources.find((r) => r.kind === "iam.role")!.arn });
  return account;
}

describe("service path parity with a full scan", () => {
  it("records after a sweep exactly the failures a scan of the same account finds", async () => {
    const account = plantedAccount();
    expect(new Set(account.resources.map((r) => r.kind))).toEqual(new Set(RESOURCE_KINDS));

    const scanned = await scanFailures(account, RULES);
    expect(scanned.length).toBeGreaterThan(0);
    expect(await serviceFailures(account, RULES)).toEqual(scanned);
  });

  it("misses failures when a rule's declared context is removed", async () => {
    const account = plantedAccount();
    const scanned = await scanFailures(account, RULES);
    const withoutContext = RULES.map((rule) =>
      rule.id === "lambda-permission-obsolete-source" ? { ...rule, context: [] } : rule,
    );

    expect(scanned).toContain(
      `lambda-permission-obsolete-source arn:aws:lambda:${REGION}:${ACCOUNT}:function:leftover`,
    );
    expect(await serviceFailures(account, withoutContext)).toEqual(
      scanned.filter((failure) => !failure.startsWith("lambda-permission-obsolete-source ")),
    );
  });
});
