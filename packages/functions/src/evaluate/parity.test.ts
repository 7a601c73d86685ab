/**
 * Parity: the deployed service path (the sweep's messages → Evaluator + readTargeted with each rule's declared
 * context → the findings table) reaches the verdicts of a full `vigil scan` (readAccount → evaluate) on the same
 * account, read through the real SDK clients from an in-memory account. Removing one rule's declared context
 * breaks it: the declarations, not the reader, decide what a targeted read brings.
 */
import { ContextLinks, FindingsStore, readAccount, readTargeted } from "@vigil/aws";
import { ModelAccount, startLocalFindingsTable } from "@vigil/aws/local";
import { liveShapedAccount, UNLIMITED_RATES } from "@vigil/aws/testing";
import { type AnyRule, evaluate, RESOURCE_KINDS, ResourceModel, RULES, resolveConfig } from "@vigil/core";
import { functionInvokedByGoneBucket } from "@vigil/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { EvaluationMessage } from "../shared/evaluation-message.ts";
import { sweepMessages } from "../sweep/handler.ts";
import { Evaluator } from "./evaluator.ts";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
/** The evaluator stamps findings with the read time: the scan judges dates at the same moment. */
const NOW = new Date();

/** `rule resource` of every failing verdict of a full scan. */
async function scanFailures(account: ModelAccount, rules: readonly AnyRule[]): Promise<string[]> {
  const read = await readAccount({ region: REGION, clients: (r) => account.clients(r), rates: UNLIMITED_RATES });
  expect(read.errors).toEqual([]);
  const report = evaluate(new ResourceModel(read.resources, read.coverage), resolveConfig({}, rules), { now: NOW });
  return report.results
    .filter((r) => r.status === "fail")
    .map((r) => `${r.ruleId} ${r.resourceId}`)
    .sort();
}

const tables: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const table of tables.splice(0)) await table.close();
});

/** `rule resource` of every failing finding the service path records after one sweep (dependants drained). */
async function serviceFailures(account: ModelAccount, rules: readonly AnyRule[]): Promise<string[]> {
  const table = await startLocalFindingsTable();
  tables.push(table);
  const store = new FindingsStore(table.client, table.tableName);
  const queue: EvaluationMessage[] = [];
  const readOptions = { region: REGION, clients: (r: string) => account.clients(r), rates: UNLIMITED_RATES };
  const evaluator = new Evaluator({
    store,
    config: resolveConfig({}, rules),
    read: readTargeted,
    readOptions,
    dependants: {
      links: new ContextLinks(table.client, table.tableName),
      enqueue: async (messages) => {
        queue.push(...messages);
      },
    },
  });
  const inventory = await readAccount(readOptions);
  queue.push(...sweepMessages(inventory, new Date(Date.now() - 1_000)));
  // Bounded: a sweep's messages and one round of dependants each.
  for (let delivered = 0; queue.length > 0; delivered++) {
    if (delivered > 10 * inventory.resources.length) throw new Error("the evaluation queue did not drain");
    const message = queue.shift()!;
    await evaluator.evaluate(message);
  }
  const failing = await store.query({ status: "failing" });
  return failing.map((f) => `${f.ruleId} ${f.resourceId}`).sort();
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
