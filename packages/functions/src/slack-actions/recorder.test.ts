import { AuditLog, ExemptionStore, RemediationRecords } from "@vigil/aws";
import { type LocalFindingsTable, startLocalFindingsTable } from "@vigil/aws/testing";
import type { RemediationRef } from "@vigil/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { awaitingApproval } from "../testing/remediation-records.ts";
import { TableDecisionRecorder } from "./recorder.ts";

const awaiting = awaitingApproval("2026-11-28T12:00:00.000Z");
const { ref } = awaiting;
const AT = new Date("2026-11-28T12:05:00.000Z");
const alice = { id: "U0ALICE", name: "alice" };

describe("TableDecisionRecorder (dynalite)", () => {
  let local: LocalFindingsTable;
  let records: RemediationRecords;
  let exemptions: ExemptionStore;
  let audit: AuditLog;
  let sent: RemediationRef[];
  let sendFails: boolean;
  let recorder: TableDecisionRecorder;

  beforeEach(async () => {
    local = await startLocalFindingsTable();
    records = new RemediationRecords(local.client, local.tableName);
    audit = new AuditLog(local.client, local.tableName);
    exemptions = new ExemptionStore(local.client, local.tableName, audit);
    sent = [];
    sendFails = false;
    recorder = new TableDecisionRecorder(records, exemptions, audit, async (approved) => {
      if (sendFails) throw new Error("SQS unavailable");
      sent.push(approved);
    });
    await records.create(awaiting);
  });
  afterEach(async () => {
    await local.close();
  });

  const trail = () => audit.list(new Date("2026-11-01T00:00:00Z"), new Date("2026-12-01T00:00:00Z"));

  it("Approve: records who approved, audits it and hands the remediation to the remediator — once", async () => {
    expect((await recorder.record({ decision: "approve", ref, user: alice, at: AT })).outcome).toBe("recorded");
    expect(await records.get(ref)).toMatchObject({
      status: "approved",
      decision: { decision: "approve", by: "U0ALICE", byName: "alice", at: AT.toISOString() },
    });
    expect(sent).toEqual([ref]);
    expect(await trail()).toEqual([{ action: "remediation-approved", at: AT.toISOString(), actor: "U0ALICE", ref }]);
    // A second click, by anyone, finds it decided.
    expect((await recorder.record({ decision: "ignore", ref, user: { id: "U0BOB" }, at: AT })).outcome).toBe(
      "already-decided",
    );
    expect(sent).toHaveLength(1);
  });

  it("Exempt: a 30-day exemption from Slack, in the audit trail", async () => {
    expect((await recorder.record({ decision: "exempt", ref, user: alice, at: AT })).outcome).toBe("recorded");
    expect(await exemptions.list()).toEqual([
      {
        resource: ref.resourceId,
        rule: ref.ruleId,
        reason: "exempted from Slack by alice instead of remediating",
        expires: "2026-12-28T12:05:00.000Z",
        by: "U0ALICE",
        grantedAt: AT.toISOString(),
        source: "slack",
      },
    ]);
    expect((await records.get(ref))?.status).toBe("exempted");
    expect((await trail()).map((entry) => entry.action)).toEqual(["exemption-granted"]);
    expect(sent).toEqual([]);
  });

  it("Ignore: closes it, audited, nothing applied", async () => {
    expect((await recorder.record({ decision: "ignore", ref, user: alice, at: AT })).outcome).toBe("recorded");
    expect((await records.get(ref))?.status).toBe("ignored");
    expect((await trail()).map((entry) => entry.action)).toEqual(["remediation-ignored"]);
    expect(sent).toEqual([]);
  });

  it("an unknown remediation is not found; a failed hand-over undoes the approval so the button works again", async () => {
    const unknown = { ...ref, ruleId: "other-rule" };
    expect(await recorder.record({ decision: "approve", ref: unknown, user: alice, at: AT })).toEqual({
      outcome: "not-found",
    });
    sendFails = true;
    await expect(recorder.record({ decision: "approve", ref, user: alice, at: AT })).rejects.toThrow("SQS unavailable");
    expect((await records.get(ref))?.status).toBe("awaiting-approval");
    expect(await trail()).toEqual([]);
  });
});
