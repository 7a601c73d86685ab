import type { RemediationPlan, RemediationRecord } from "@vigil/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "./audit-log.ts";
import { ExemptionStore } from "./exemption-store.ts";
import { FindingsStore } from "./findings-store.ts";
import { type LocalFindingsTable, startLocalFindingsTable } from "./local-table.ts";
import { RemediationControlsStore } from "./remediation-controls.ts";
import { RemediationRecords } from "./remediation-records.ts";

const FN = "arn:aws:lambda:eu-west-1:123456789012:function:orders";
const NOW = new Date("2026-11-28T14:30:00.000Z");
const LATER = "2026-11-28T14:31:00.000Z";
const PLAN: RemediationPlan = {
  ruleId: "lambda-url-auth-none",
  resourceId: FN,
  summary: "require AWS_IAM auth on the function URL of orders",
  changes: [{ path: "url.authType", before: "NONE", after: "AWS_IAM" }],
  calls: [
    {
      service: "lambda",
      operation: "UpdateFunctionUrlConfig",
      input: { FunctionName: "orders", AuthType: "AWS_IAM" },
      iamAction: "lambda:UpdateFunctionUrlConfig",
    },
  ],
  undo: [],
};

describe("remediation state in the findings table (dynalite)", () => {
  let table: LocalFindingsTable;
  let audit: AuditLog;
  beforeAll(async () => {
    table = await startLocalFindingsTable();
    audit = new AuditLog(table.client, table.tableName);
  });
  afterAll(async () => {
    await table.close();
  });

  it("creates a remediation record once and moves it only from the expected states", async () => {
    const records = new RemediationRecords(table.client, table.tableName);
    const ref = { resourceId: FN, ruleId: "lambda-url-auth-none", observedAt: "2026-11-28T14:00:00.000Z" };
    const awaiting: RemediationRecord = {
      ref,
      status: "awaiting-approval",
      mode: "approve",
      plan: PLAN,
      resourceName: "orders",
      channels: [""],
      updatedAt: NOW.toISOString(),
    };
    expect(await records.create(awaiting)).toBe(true);
    expect(await records.create({ ...awaiting, status: "proposed" })).toBe(false);
    const decision = { decision: "approve" as const, by: "U0APPROVER", at: NOW.toISOString() };
    const approved: RemediationRecord = { ...awaiting, status: "approved", decision };
    expect(await records.move(approved, ["awaiting-approval"])).toBe(true);
    // A second click (or a racing Ignore) finds it no longer awaiting.
    expect(await records.move({ ...approved, status: "ignored" }, ["awaiting-approval"])).toBe(false);
    expect(await records.get(ref)).toEqual(approved);
    // Records never show up as findings: they hold no top-level `status`.
    expect(await new FindingsStore(table.client, table.tableName).query({ status: "failing" })).toEqual([]);
  });

  it("spends the hourly budget per rule and in all, never beyond", async () => {
    const records = new RemediationRecords(table.client, table.tableName);
    const budget = { perRulePerHour: 2, perHour: 3 };
    const claims = [];
    for (const rule of ["a", "a", "a", "b", "b"]) claims.push(await records.claimBudget(rule, budget, NOW));
    expect(claims).toEqual(["claimed", "claimed", "rule-exhausted", "claimed", "all-exhausted"]);
    // The next hour starts afresh.
    expect(await records.claimBudget("a", budget, new Date("2026-11-28T15:00:00.000Z"))).toBe("claimed");
  });

  it("remembers Vigil's last change to a resource for the loop guard", async () => {
    const records = new RemediationRecords(table.client, table.tableName);
    expect(await records.lastRemediation(`${FN}-guard`)).toBeUndefined();
    await records.markRemediated(`${FN}-guard`, "lambda-url-auth-none", NOW);
    expect(await records.lastRemediation(`${FN}-guard`)).toEqual({
      at: NOW.toISOString(),
      ruleId: "lambda-url-auth-none",
    });
  });

  it("keeps mode overrides and the kill switch, and audits each change", async () => {
    const controls = new RemediationControlsStore(table.client, table.tableName, audit);
    await controls.setMode({ ruleId: "dynamodb-pitr-disabled", mode: "auto", by: "alice", at: NOW.toISOString() });
    await controls.setKillSwitch({ engaged: true, by: "bob", at: NOW.toISOString(), reason: "incident 42" });
    const read = await controls.read();
    expect(read.overrides.get("dynamodb-pitr-disabled")?.mode).toBe("auto");
    expect(read.killSwitch).toMatchObject({ engaged: true, by: "bob", reason: "incident 42" });
    await controls.resetMode("dynamodb-pitr-disabled", { by: "alice", at: NOW.toISOString() });
    expect((await controls.read()).overrides.size).toBe(0);
    const entries = await audit.list(new Date("2026-11-01T00:00:00Z"), NOW);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["mode-set", "kill-switch"]));
    expect(entries.filter((e) => e.action === "mode-set").map((e) => "mode" in e && e.mode)).toEqual(
      expect.arrayContaining(["auto", "config"]),
    );
  });

  it("grants, lists and revokes exemptions with an audit trail", async () => {
    const exemptions = new ExemptionStore(table.client, table.tableName, audit);
    const granted = {
      resource: FN,
      rule: "lambda-url-auth-none",
      reason: "public webhook, signed payloads",
      expires: "2026-12-28T00:00:00.000Z",
      by: "carol",
      grantedAt: NOW.toISOString(),
      source: "cli" as const,
    };
    await exemptions.grant(granted);
    expect(await exemptions.list()).toEqual([granted]);
    expect(await exemptions.revoke(FN, "lambda-url-auth-none", { by: "dave", at: LATER, reason: "fixed" })).toBe(true);
    expect(await exemptions.revoke(FN, "lambda-url-auth-none", { by: "dave", at: LATER, reason: "again" })).toBe(false);
    expect(await exemptions.list()).toEqual([]);
    const trail = (await audit.list(new Date("2026-11-01T00:00:00Z"), new Date(LATER))).filter((e) =>
      e.action.startsWith("exemption"),
    );
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ["exemption-revoked", "dave"],
      ["exemption-granted", "carol"],
    ]);
  });

  it("lists the audit trail across months, newest first", async () => {
    const log = new AuditLog(table.client, table.tableName);
    for (const at of ["2026-09-30T23:59:59.000Z", "2026-10-01T00:00:00.000Z", "2026-10-15T00:00:00.000Z"]) {
      await log.append({ action: "kill-switch", at, actor: "ops", engaged: false });
    }
    const entries = await log.list(new Date("2026-09-01T00:00:00Z"), new Date("2026-10-31T00:00:00Z"));
    expect(entries.map((e) => e.at)).toEqual([
      "2026-10-15T00:00:00.000Z",
      "2026-10-01T00:00:00.000Z",
      "2026-09-30T23:59:59.000Z",
    ]);
  });
});
