import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  AuditLog,
  ExemptionStore,
  type LiveReadResult,
  type PlanExecution,
  RemediationControlsStore,
  RemediationRecords,
  type TargetRef,
} from "@vigil/aws";
import { type LocalFindingsTable, startLocalFindingsTable } from "@vigil/aws/testing";
import {
  type AuditEntry,
  type FindingEventDetail,
  findingEventDetail,
  type PlannedCall,
  parseVigilConfig,
  type RemediationConfigInput,
  type RemediationRecord,
  type Resource,
  RULES,
  resolveConfig,
} from "@vigil/core";
import { lambdaFunction, table } from "@vigil/core/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { approvalMessage } from "../shared/remediation-messages.ts";
import { lambdaContext, sqsRecord } from "../testing/lambda-events.ts";
import { createRemediateHandler } from "./handler.ts";
import { Remediator } from "./remediator.ts";

const TABLE_ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders";
const FN_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:orders-api";
const PITR = "dynamodb-pitr-disabled";
const URL_AUTH = "lambda-url-auth-none";
const READ_AT = "2026-11-28T12:00:00.000Z";

/** The account as the remediator's reads and calls see it: resources by ARN, changed by the calls made. */
class World {
  readonly resources = new Map<string, Resource>();
  readonly calls: PlannedCall[] = [];
  reads = 0;
  failNext?: Error;
  readErrors: LiveReadResult["errors"] = [];

  put(resource: Resource) {
    this.resources.set(resource.id, resource);
  }

  read = async (ref: TargetRef): Promise<LiveReadResult> => {
    this.reads++;
    const resource = this.resources.get(ref.arn);
    return {
      account: "123456789012",
      resources: resource ? [resource] : [],
      errors: this.readErrors,
      calls: {},
      readAt: READ_AT,
      coverage: { scope: "account", incompleteKinds: new Map() },
      ...(resource && { subject: resource }),
    };
  };

  execute = async (calls: readonly PlannedCall[]): Promise<PlanExecution> => {
    for (const [index, call] of calls.entries()) {
      if (this.failNext) {
        const error = this.failNext;
        this.failNext = undefined;
        return { status: "failed", completed: calls.slice(0, index), failed: call, error };
      }
      this.calls.push(call);
      this.#apply(call);
    }
    return { status: "applied", calls };
  };

  #apply(call: PlannedCall) {
    const input = call.input as Record<string, unknown>;
    if (call.operation === "UpdateContinuousBackups") {
      const old = this.resources.get(TABLE_ARN);
      if (old?.kind === "dynamodb.table") this.put({ ...old, pointInTimeRecovery: true });
    }
    if (call.operation === "UpdateFunctionUrlConfig") {
      const old = this.resources.get(FN_ARN);
      if (old?.kind === "lambda.function") {
        this.put({ ...old, url: { authType: input.AuthType as "AWS_IAM", invokeMode: "BUFFERED" } });
      }
    }
  }
}

const unprotectedTable = (tags: Record<string, string> = {}) =>
  table("orders", { id: TABLE_ARN, arn: TABLE_ARN, name: "orders", pointInTimeRecovery: false, tags });
const publicFunction = () =>
  lambdaFunction("orders-api", {
    id: FN_ARN,
    arn: FN_ARN,
    name: "orders-api",
    url: { authType: "NONE", invokeMode: "BUFFERED" },
  });

function openedEvent(resource: Resource, ruleId: string, observedAt = READ_AT): FindingEventDetail {
  const rule = RULES.find((r) => r.id === ruleId)!;
  return findingEventDetail(
    "new-failure",
    undefined,
    {
      resourceId: resource.id,
      ruleId,
      resourceKind: resource.kind,
      resourceName: String(resource.name),
      status: "failing",
      severity: rule.severity,
      message: "failing",
      evidence: [],
      firstSeen: observedAt,
      lastSeen: observedAt,
      lastChanged: observedAt,
      observedAt,
      version: 1,
    },
    rule,
  );
}

const busMessage = (detail: FindingEventDetail) =>
  JSON.stringify({
    id: `event-${Math.random()}`,
    source: "vigil.findings",
    "detail-type": "Vigil Finding Transition",
    detail,
  });

describe("remediate handler (dynalite stores, in-memory account)", () => {
  let local: LocalFindingsTable;
  let world: World;
  let records: RemediationRecords;
  let controls: RemediationControlsStore;
  let exemptions: ExemptionStore;
  let audit: AuditLog;
  let posted: RemediationRecord[];
  let now: Date;
  let test = 0;

  beforeAll(async () => {
    local = await startLocalFindingsTable();
  });
  afterAll(async () => {
    await local.close();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  beforeEach(async () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    // A table per test keeps budgets, guards and controls apart.
    await local.close();
    local = await startLocalFindingsTable(`findings-${++test}`);
    world = new World();
    audit = new AuditLog(local.client, local.tableName);
    records = new RemediationRecords(local.client, local.tableName);
    controls = new RemediationControlsStore(local.client, local.tableName, audit);
    exemptions = new ExemptionStore(local.client, local.tableName, audit);
    posted = [];
    now = new Date("2026-11-28T12:01:00.000Z");
  });

  function handlerWith(remediation: RemediationConfigInput = {}) {
    const config = parseVigilConfig({ remediation });
    const remediator = new Remediator({
      config: config.remediation,
      rules: resolveConfig({}, RULES),
      records,
      controls,
      exemptions,
      audit,
      read: world.read,
      readOptions: { region: "eu-west-1" },
      execute: world.execute,
      post: async (record) => {
        posted.push(record);
      },
      channelsOf: () => ["C0ALERTS"],
      clock: () => now,
    });
    return createRemediateHandler({
      remediator: () => remediator,
      logger: new Logger({ serviceName: "vigil-remediate", logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "VigilTest", serviceName: "vigil-remediate" }),
    });
  }

  const deliver = async (handler: ReturnType<typeof handlerWith>, ...bodies: string[]) =>
    handler({ Records: bodies.map((body) => sqsRecord(body)) } as never, lambdaContext("vigil-remediate") as never);

  const auditEntries = async (): Promise<AuditEntry[]> =>
    audit.list(new Date("2026-11-01T00:00:00Z"), new Date("2026-12-01T00:00:00Z"));

  it("dry-run (the default): posts the plan, changes nothing", async () => {
    world.put(unprotectedTable());
    await deliver(handlerWith(), busMessage(openedEvent(unprotectedTable(), PITR)));
    expect(world.calls).toEqual([]);
    expect(posted.map((r) => r.status)).toEqual(["proposed"]);
    expect(posted[0]?.plan?.calls[0]).toMatchObject({ operation: "UpdateContinuousBackups" });
    expect(posted[0]?.channels).toEqual(["C0ALERTS"]);
  });

  it("off: no record, no post", async () => {
    world.put(unprotectedTable());
    await deliver(handlerWith({ modes: { [PITR]: "off" } }), busMessage(openedEvent(unprotectedTable(), PITR)));
    expect(posted).toEqual([]);
    expect(world.reads).toBe(0);
  });

  it("auto: re-reads, applies, reads again and audits before, after and undo — once, however often delivered", async () => {
    world.put(unprotectedTable());
    const handler = handlerWith({ modes: { [PITR]: "auto" } });
    const message = busMessage(openedEvent(unprotectedTable(), PITR));
    await deliver(handler, message);
    await deliver(handler, message);
    expect(world.calls).toEqual([
      {
        service: "dynamodb",
        operation: "UpdateContinuousBackups",
        input: { TableName: "orders", PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
        iamAction: "dynamodb:UpdateContinuousBackups",
      },
    ]);
    expect(posted.map((r) => r.status)).toEqual(["applied"]);
    const [entry] = await auditEntries();
    expect(entry).toMatchObject({
      action: "remediation-applied",
      approvedBy: "vigil (auto)",
      before: [{ path: "pointInTimeRecovery", before: false, after: true }],
      after: { status: "pass" },
      undo: [{ input: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } } }],
    });
  });

  it("auto never goes past an approve-only plan's cap", async () => {
    world.put(publicFunction());
    await deliver(handlerWith({ modes: { [URL_AUTH]: "auto" } }), busMessage(openedEvent(publicFunction(), URL_AUTH)));
    expect(world.calls).toEqual([]);
    expect(posted.map((r) => r.status)).toEqual(["awaiting-approval"]);
  });

  it("approve: waits for a person, then applies the approved plan with the approver in the audit", async () => {
    world.put(publicFunction());
    const handler = handlerWith({ modes: { [URL_AUTH]: "approve" } });
    const opened = openedEvent(publicFunction(), URL_AUTH);
    await deliver(handler, busMessage(opened));
    const awaiting = posted[0];
    if (awaiting?.status !== "awaiting-approval") throw new Error("expected an approval request");
    // An approval message before anyone approved does nothing.
    await deliver(handler, JSON.stringify(approvalMessage(awaiting.ref)));
    expect(world.calls).toEqual([]);

    const decision = { decision: "approve" as const, by: "U0APPROVER", at: now.toISOString() };
    expect(await records.move({ ...awaiting, status: "approved", decision }, ["awaiting-approval"])).toBe(true);
    await deliver(handler, JSON.stringify(approvalMessage(awaiting.ref)));
    await deliver(handler, JSON.stringify(approvalMessage(awaiting.ref)));
    expect(world.calls.map((c) => c.input)).toEqual([{ FunctionName: "orders-api", AuthType: "AWS_IAM" }]);
    expect(posted.map((r) => r.status)).toEqual(["awaiting-approval", "applied"]);
    expect((await auditEntries())[0]).toMatchObject({ action: "remediation-applied", approvedBy: "U0APPROVER" });
  });

  it("an approved plan is not applied when the resource changed meanwhile", async () => {
    world.put(publicFunction());
    const handler = handlerWith({ modes: { [URL_AUTH]: "approve" } });
    await deliver(handler, busMessage(openedEvent(publicFunction(), URL_AUTH)));
    const awaiting = posted[0]!;
    const decision = { decision: "approve" as const, by: "U0APPROVER", at: now.toISOString() };
    await records.move({ ...awaiting, status: "approved", decision } as RemediationRecord, ["awaiting-approval"]);
    // Someone fixed it by hand in between.
    world.put({ ...publicFunction(), url: { authType: "AWS_IAM", invokeMode: "BUFFERED" } });
    await deliver(handler, JSON.stringify(approvalMessage(awaiting.ref)));
    expect(world.calls).toEqual([]);
    expect(posted.at(-1)).toMatchObject({ status: "skipped", detail: "the live state already passes the rule" });
  });

  it("kill switch: nothing changes, the plan is still posted; released, changes resume", async () => {
    world.put(unprotectedTable());
    const handler = handlerWith({ modes: { [PITR]: "auto" } });
    await controls.setKillSwitch({ engaged: true, by: "ops", at: now.toISOString(), reason: "incident" });
    await deliver(handler, busMessage(openedEvent(unprotectedTable(), PITR, "2026-11-28T11:00:00.000Z")));
    expect(world.calls).toEqual([]);
    expect(posted.map((r) => [r.status, r.mode])).toEqual([["proposed", "dry-run"]]);

    await controls.setKillSwitch({ engaged: false, by: "ops", at: now.toISOString() });
    await deliver(handler, busMessage(openedEvent(unprotectedTable(), PITR, "2026-11-28T11:30:00.000Z")));
    expect(world.calls).toHaveLength(1);
  });

  it("a run-time override lowers the mode without a redeploy, and cannot raise it above the config", async () => {
    world.put(unprotectedTable());
    await controls.setMode({ ruleId: PITR, mode: "dry-run", by: "alice", at: now.toISOString() });
    await deliver(handlerWith({ modes: { [PITR]: "auto" } }), busMessage(openedEvent(unprotectedTable(), PITR)));
    expect(world.calls).toHaveLength(0);
    await controls.setMode({ ruleId: PITR, mode: "auto", by: "alice", at: now.toISOString() });
    await deliver(handlerWith(), busMessage(openedEvent(unprotectedTable(), PITR)));
    expect(world.calls).toHaveLength(0);
    expect(posted.at(-1)).toMatchObject({ status: "proposed", mode: "dry-run" });
  });

  it("rate budget: past the rule's hourly budget a change is deferred, not made", async () => {
    const handler = handlerWith({ modes: { [PITR]: "auto" }, budget: { perRulePerHour: 2, perHour: 10 } });
    const tables = [1, 2, 3].map((i) => {
      const arn = `${TABLE_ARN}-${i}`;
      return table(`orders-${i}`, { id: arn, arn, name: `orders-${i}`, pointInTimeRecovery: false });
    });
    for (const t of tables) world.put(t);
    await deliver(handler, ...tables.map((t) => busMessage(openedEvent(t, PITR))));
    expect(posted.map((r) => r.status)).toEqual(["applied", "applied", "deferred"]);
    expect(posted[2]).toMatchObject({
      detail: expect.stringContaining("dynamodb-pitr-disabled's budget of 2 change(s) per hour is spent"),
    });
    expect(world.calls).toHaveLength(2);
  });

  it("skips resources tagged vigil:remediate=never and exempted ones", async () => {
    const handler = handlerWith({ modes: { [PITR]: "auto" } });
    world.put(unprotectedTable({ "vigil:remediate": "never" }));
    await deliver(handler, busMessage(openedEvent(unprotectedTable(), PITR)));
    expect(posted.map((r) => [r.status, "detail" in r && r.detail])).toEqual([
      ["skipped", "the resource is tagged vigil:remediate=never"],
    ]);

    world.put(unprotectedTable());
    await exemptions.grant({
      resource: TABLE_ARN,
      rule: PITR,
      reason: "scratch table",
      expires: "2026-12-28T00:00:00.000Z",
      by: "carol",
      grantedAt: now.toISOString(),
      source: "cli",
    });
    await deliver(handler, busMessage(openedEvent(unprotectedTable(), PITR, "2026-11-28T12:00:30.000Z")));
    expect(world.calls).toEqual([]);
    // Exempted: recorded, not posted (notify announces the exemption itself).
    expect(posted).toHaveLength(1);
  });

  it("loop guard: a failure read after Vigil's own change is not remediated within the window", async () => {
    const handler = handlerWith({ modes: { [PITR]: "auto" }, loopWindowMinutes: 60 });
    world.put(unprotectedTable());
    await deliver(handler, busMessage(openedEvent(unprotectedTable(), PITR, "2026-11-28T11:00:00.000Z")));
    expect(world.calls).toHaveLength(1);
    // Something flips it back; the evaluation after Vigil's change reopens the finding.
    world.put(unprotectedTable());
    now = new Date("2026-11-28T12:20:00.000Z");
    await deliver(handler, busMessage(openedEvent(unprotectedTable(), PITR, "2026-11-28T12:10:00.000Z")));
    expect(world.calls).toHaveLength(1);
    expect(posted.at(-1)).toMatchObject({ status: "skipped", detail: expect.stringContaining("loop window") });
  });

  it("a failing call is audited with what was done and how to undo it", async () => {
    world.put(unprotectedTable());
    world.failNext = Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException" });
    await deliver(handlerWith({ modes: { [PITR]: "auto" } }), busMessage(openedEvent(unprotectedTable(), PITR)));
    expect(posted.map((r) => r.status)).toEqual(["failed"]);
    const [entry] = await auditEntries();
    expect(entry).toMatchObject({
      action: "remediation-failed",
      error: "AccessDeniedException: User is not authorized",
      undo: [],
      after: { status: "fail" },
    });
  });

  it("a live read that fails in part decides nothing: the message is retried, nothing recorded or changed", async () => {
    world.put(unprotectedTable());
    world.readErrors = [
      {
        region: "eu-west-1",
        service: "dynamodb",
        action: "dynamodb:DescribeContinuousBackups",
        kind: "throttled",
        resource: TABLE_ARN,
        message: "Rate exceeded",
      },
    ];
    const handler = handlerWith({ modes: { [PITR]: "auto" } });
    const record = sqsRecord(busMessage(openedEvent(unprotectedTable(), PITR)));
    const response = await handler({ Records: [record] } as never, lambdaContext("vigil-remediate") as never);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(world.calls).toEqual([]);
    expect(posted).toEqual([]);
    // The retry, with the read whole again, remediates.
    world.readErrors = [];
    await handler({ Records: [record] } as never, lambdaContext("vigil-remediate") as never);
    expect(world.calls).toHaveLength(1);
  });

  it("fails a malformed record alone", async () => {
    world.put(unprotectedTable());
    const handler = handlerWith({ modes: { [PITR]: "auto" } });
    const bad = sqsRecord("{not json");
    const good = sqsRecord(busMessage(openedEvent(unprotectedTable(), PITR)));
    const response = await handler({ Records: [bad, good] } as never, lambdaContext("vigil-remediate") as never);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: bad.messageId }] });
    expect(world.calls).toHaveLength(1);
  });
});
