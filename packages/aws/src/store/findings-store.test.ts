import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FindingsStore } from "./findings-store.ts";
import { type LocalFindingsTable, startLocalFindingsTable } from "./local-table.ts";
import { ORDERS_FUNCTION as ORDERS, ruleResult, URL_AUTH_RULE as URL_RULE } from "./testing/results.ts";

const BILLING = "arn:aws:lambda:eu-west-1:123456789012:function:billing";
const T0 = Date.parse("2026-11-28T00:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const NOW = at(100_000);
const result = ruleResult;

describe("FindingsStore on dynalite", () => {
  let table: LocalFindingsTable;
  let store: FindingsStore;
  let testNumber = 0;

  beforeAll(async () => {
    table = await startLocalFindingsTable();
  });
  afterAll(async () => {
    await table.close();
  });
  // A fresh prefix per test keeps them independent on one table.
  let resource = ORDERS;
  beforeEach(() => {
    testNumber++;
    resource = `${ORDERS}-${testNumber}`;
    store = new FindingsStore(table.client, table.tableName);
  });

  it("writes one current item and one history item for a first failure", async () => {
    const outcome = await store.record([result("fail", { resourceId: resource })], at(0), NOW);

    expect(outcome.transitions.map((next) => next.kind)).toEqual(["new-failure"]);
    expect(outcome).toMatchObject({ writes: 2, stale: 0 });
    expect(await store.get(resource, URL_RULE)).toMatchObject({
      status: "failing",
      severity: "high",
      evidence: [{ path: "FunctionUrlConfig.AuthType", value: "NONE" }],
      observedAt: at(0).toISOString(),
      version: 1,
    });
    const history = await store.history(resource, URL_RULE);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: "new-failure", finding: { status: "failing" } });
  });

  it("costs zero writes for a repeat", async () => {
    await store.record([result("fail", { resourceId: resource })], at(0), NOW);
    const repeat = await store.record([result("fail", { resourceId: resource })], at(5), NOW);
    expect(repeat).toEqual({ transitions: [], writes: 0, stale: 0 });
  });

  it("resolves a fixed finding and keeps both transitions in the history", async () => {
    await store.record([result("fail", { resourceId: resource })], at(0), NOW);
    const fix = await store.record([result("pass", { resourceId: resource })], at(10), NOW);

    expect(fix.transitions.map((next) => next.kind)).toEqual(["resolved"]);
    expect(await store.get(resource, URL_RULE)).toMatchObject({ status: "passing", lastChanged: at(10).toISOString() });
    expect((await store.history(resource, URL_RULE)).map((entry) => entry.kind)).toEqual(["new-failure", "resolved"]);
  });

  it("refuses an older evaluation", async () => {
    await store.record([result("pass", { resourceId: resource })], at(10), NOW);
    const late = await store.record([result("fail", { resourceId: resource })], at(5), NOW);

    expect(late).toEqual({ transitions: [], writes: 0, stale: 1 });
    expect(await store.get(resource, URL_RULE)).toMatchObject({ status: "passing" });
  });

  it("ends with the newer state when two writers race", async () => {
    await store.record([result("fail", { resourceId: resource })], at(0), NOW);
    const older = new FindingsStore(table.client, table.tableName);
    const newer = new FindingsStore(table.client, table.tableName);

    const outcomes = await Promise.all([
      older.record([result("pass", { resourceId: resource })], at(5), NOW),
      newer.record([result("fail", { resourceId: resource, severity: "critical" })], at(6), NOW),
    ]);

    expect(await store.get(resource, URL_RULE)).toMatchObject({
      status: "failing",
      severity: "critical",
      observedAt: at(6).toISOString(),
    });
    // Whichever order the writes landed in, the history agrees with the final state.
    const kinds = outcomes.flatMap((outcome) => outcome.transitions.map((next) => next.kind)).sort();
    expect([["severity-changed"], ["regression", "resolved"]]).toContainEqual(kinds);
  });

  it("marks the findings of a deleted resource gone", async () => {
    await store.record(
      [result("fail", { resourceId: resource }), result("pass", { resourceId: resource, ruleId: "lambda-dlq" })],
      at(0),
      NOW,
    );
    const gone = await store.markGone(resource, at(20), NOW);

    expect(gone.transitions.map((next) => [next.finding.ruleId, next.kind]).sort()).toEqual([
      ["lambda-dlq", "gone"],
      [URL_RULE, "gone"],
    ]);
    expect(await store.get(resource, URL_RULE)).toMatchObject({ status: "gone", lastSeen: at(0).toISOString() });
  });

  it("queries current findings by status, severity and rule through the indexes", async () => {
    const billing = `${BILLING}-${testNumber}`;
    const ruleId = `lambda-rule-${testNumber}`;
    await store.record(
      [
        result("fail", { resourceId: resource, ruleId, severity: "critical" }),
        result("fail", { resourceId: billing, ruleId, severity: "low" }),
        result("pass", { resourceId: resource, ruleId: `${ruleId}-other` }),
      ],
      at(0),
      NOW,
    );
    const ids = (findings: { resourceId: string; ruleId: string }[]) =>
      findings
        .filter((finding) => finding.ruleId.startsWith(ruleId))
        .map((finding) => `${finding.resourceId}|${finding.ruleId}`)
        .sort();

    expect(ids(await store.query({ status: "failing" }))).toEqual([`${billing}|${ruleId}`, `${resource}|${ruleId}`]);
    expect(ids(await store.query({ status: "failing", severity: "critical" }))).toEqual([`${resource}|${ruleId}`]);
    expect(ids(await store.query({ severity: "low", ruleId }))).toEqual([`${billing}|${ruleId}`]);
    expect(ids(await store.query({ ruleId: `${ruleId}-other` }))).toEqual([`${resource}|${ruleId}-other`]);
    // History items are not in the indexes.
    expect((await store.query({ ruleId })).every((finding) => finding.status === "failing")).toBe(true);
  });

  it("remembers the newest read of a resource, apart from its findings", async () => {
    expect(await store.lastRead(resource)).toBeUndefined();
    expect(await store.markRead(resource, at(10))).toBe(true);
    // An older read (a slow evaluation finishing late) does not move it back.
    expect(await store.markRead(resource, at(5))).toBe(false);
    expect(await store.lastRead(resource)).toBe(at(10).toISOString());
    await store.record([result("fail", { resourceId: resource })], at(10), NOW);
    const findings = await store.query({ status: "failing" });
    expect(findings.filter((finding) => finding.resourceId === resource)).toHaveLength(1);
    await store.markGone(resource, at(20), NOW);
    expect(await store.get(resource, URL_RULE)).toMatchObject({ status: "gone" });
  });
});
