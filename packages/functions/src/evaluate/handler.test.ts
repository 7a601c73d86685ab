import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { SqsEvent, SqsRecord } from "@aws-lambda-powertools/parser/types";
import { GetPolicyCommand, ListAttachedRolePoliciesCommand, ListEntitiesForPolicyCommand } from "@aws-sdk/client-iam";
import { GetFunctionCommand, GetFunctionUrlConfigCommand } from "@aws-sdk/client-lambda";
import { ContextLinks, FindingsStore, readTargeted } from "@vigil/aws";
import {
  FAKE_ACCOUNT,
  FAKE_REGION,
  type FakeAccount,
  fakeAccount,
  fakeArns,
  type LocalFindingsTable,
  startLocalFindingsTable,
} from "@vigil/aws/testing";
import { RULES, resolveConfig } from "@vigil/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EvaluationMessage } from "../shared/evaluation-message.ts";
import { lambdaContext, sqsRecord as queueRecord } from "../testing/lambda-events.ts";
import { Evaluator } from "./evaluator.ts";
import { createEvaluateHandler } from "./handler.ts";
import { FINDINGS_TABLE_ACTIONS } from "./permissions.ts";

const URL_RULE = "lambda-url-auth-none";
const FUNCTION = fakeArns.fn(0);

const CONTEXT = lambdaContext("vigil-evaluate");

function message(overrides: Partial<EvaluationMessage> = {}): EvaluationMessage {
  return {
    kind: "lambda.function",
    arn: FUNCTION,
    account: FAKE_ACCOUNT,
    region: FAKE_REGION,
    reason: "lambda:CreateFunctionUrlConfig",
    eventTime: new Date().toISOString(),
    ...overrides,
  };
}

const sqsRecord = (body: string) => queueRecord(body, "vigil-evaluation");

/** The IAM action of a document-client command the store sends. */
function tableActionOf(command: object): string {
  const name = command.constructor.name;
  const actions: Record<string, string> = {
    GetCommand: "dynamodb:GetItem",
    PutCommand: "dynamodb:PutItem",
    QueryCommand: "dynamodb:Query",
    BatchWriteCommand: "dynamodb:BatchWriteItem",
  };
  return actions[name] ?? name;
}

const batch = (...records: SqsRecord[]): SqsEvent => ({ Records: records });

describe("evaluate handler", () => {
  let account: FakeAccount;
  let table: LocalFindingsTable;
  let store: FindingsStore;
  let metrics: Metrics;
  let handler: ReturnType<typeof createEvaluateHandler>;
  /** Messages the evaluator put back on the evaluation queue (dependants), in order. */
  let enqueued: EvaluationMessage[];

  /** Values recorded for one metric, in order. */
  const metricValues = (name: string) =>
    vi
      .mocked(metrics.addMetric)
      .mock.calls.filter(([metric]) => metric === name)
      .map(([, , value]) => value);

  const evaluateOnce = async (body: EvaluationMessage = message()) => {
    const record = sqsRecord(JSON.stringify(body));
    return { record, response: await handler(batch(record), CONTEXT as never) };
  };

  /** Evaluates a message, then the dependants it enqueued, as the queue would deliver them. */
  const evaluateWithDependants = async (body: EvaluationMessage) => {
    await evaluateOnce(body);
    const dependants = enqueued.splice(0);
    if (dependants.length > 0)
      await handler(batch(...dependants.map((m) => sqsRecord(JSON.stringify(m)))), CONTEXT as never);
    return dependants;
  };

  beforeEach(async () => {
    // The table first: the fake account stubs every DynamoDBClient's `send`, CreateTable included.
    table = await startLocalFindingsTable();
    account = fakeAccount(2);
    store = new FindingsStore(table.client, table.tableName);
    // Metrics are asserted through the spy; disabled, they print no EMF lines.
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    metrics = new Metrics({ namespace: "VigilTest", serviceName: "vigil-evaluate" });
    vi.spyOn(metrics, "addMetric");
    enqueued = [];
    handler = createEvaluateHandler({
      logger: new Logger({ serviceName: "vigil-evaluate", logLevel: "SILENT" }),
      metrics,
      evaluator: () =>
        new Evaluator({
          store,
          config: resolveConfig({}, RULES),
          read: readTargeted,
          readOptions: { region: FAKE_REGION, clients: account.clients },
          dependants: {
            links: new ContextLinks(table.client, table.tableName),
            enqueue: async (messages) => {
              enqueued.push(...messages);
            },
          },
        }),
    });
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    account.restore();
    await table.close();
  });

  it("fails only the malformed record of a batch and stores the good one", async () => {
    const good = sqsRecord(JSON.stringify(message()));
    const malformed = sqsRecord(JSON.stringify({ ...message(), kind: "lambda.layer", account: "me" }));
    const notJson = sqsRecord("{not json");

    const response = await handler(batch(good, malformed, notJson), CONTEXT as never);

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: malformed.messageId },
      { itemIdentifier: notJson.messageId },
    ]);
    expect(await store.get(FUNCTION, URL_RULE)).toMatchObject({ status: "passing" });
    expect(metricValues("MalformedMessages")).toEqual([1, 1]);
    expect(metricValues("Evaluations")).toEqual([1]);
  });

  it("stores a new failure for a function URL with auth type NONE", async () => {
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).resolves({ AuthType: "NONE", FunctionArn: FUNCTION });

    const { response } = await evaluateOnce();

    expect(response.batchItemFailures).toEqual([]);
    expect(await store.get(FUNCTION, URL_RULE)).toMatchObject({ status: "failing", severity: "high" });
    expect((await store.history(FUNCTION, URL_RULE)).map((entry) => entry.kind)).toEqual(["new-failure"]);
  });

  it("reads once when the same event arrives twice: the first read already saw it", async () => {
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).resolves({ AuthType: "NONE", FunctionArn: FUNCTION });
    const body = message();

    await evaluateOnce(body);
    const readsAfterFirst = account.stubs.lambda.commandCalls(GetFunctionCommand).length;
    await evaluateOnce(body);

    expect(metricValues("Evaluations")).toEqual([1]);
    expect(metricValues("CoalescedEvents")).toEqual([1]);
    expect(account.stubs.lambda.commandCalls(GetFunctionCommand)).toHaveLength(readsAfterFirst);
    expect((await store.history(FUNCTION, URL_RULE)).map((entry) => entry.kind)).toEqual(["new-failure"]);
  });

  it("evaluates again for an event that happened after the last read, writing nothing for an unchanged state", async () => {
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).resolves({ AuthType: "NONE", FunctionArn: FUNCTION });

    await evaluateOnce(message());
    await evaluateOnce(message({ eventTime: new Date(Date.now() + 1_000).toISOString() }));

    const [firstWrites, secondWrites] = metricValues("FindingWrites");
    expect(firstWrites).toBeGreaterThan(0);
    expect(secondWrites).toBe(0);
    expect(metricValues("Transitions")[1]).toBe(0);
  });

  it("refuses an evaluation read before the one the store holds", async () => {
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).resolves({ AuthType: "NONE", FunctionArn: FUNCTION });
    // A later read (another delivery, finished first) already recorded the function as passing.
    const later = new Date(Date.now() + 60_000);
    await store.record(
      [
        {
          ruleId: URL_RULE,
          resourceId: FUNCTION,
          resourceKind: "lambda.function",
          origin: { type: "live", account: FAKE_ACCOUNT, region: FAKE_REGION },
          status: "pass",
          severity: "high",
          practice: 2,
          message: "no function URL",
          evidence: [],
        },
      ],
      later,
      later,
    );

    const { response } = await evaluateOnce();

    expect(response.batchItemFailures).toEqual([]);
    expect(metricValues("StaleWrites")).toEqual([1]);
    expect(await store.get(FUNCTION, URL_RULE)).toMatchObject({ status: "passing", observedAt: later.toISOString() });
  });

  it("marks the findings of a deleted function gone", async () => {
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).resolves({ AuthType: "NONE", FunctionArn: FUNCTION });
    await evaluateOnce();
    account.stubs.lambda
      .on(GetFunctionCommand)
      .rejects(Object.assign(new Error("not found"), { name: "ResourceNotFoundException" }));

    const { response } = await evaluateOnce(message({ reason: "lambda:DeleteFunction", deleted: true }));

    expect(response.batchItemFailures).toEqual([]);
    expect(await store.get(FUNCTION, URL_RULE)).toMatchObject({ status: "gone" });
    expect((await store.query({ status: "failing" })).filter((f) => f.resourceId === FUNCTION)).toEqual([]);
    expect((await store.history(FUNCTION, URL_RULE)).map((entry) => entry.kind)).toEqual(["new-failure", "gone"]);
  });

  it("stores undetermined, never a pass, for a rule whose input could not be read, and errors for the rest", async () => {
    account.stubs.lambda
      .on(GetFunctionUrlConfigCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));

    const { response } = await evaluateOnce();

    expect(response.batchItemFailures).toEqual([]);
    expect(await store.get(FUNCTION, URL_RULE)).toMatchObject({
      status: "undetermined",
      message: expect.stringContaining("lambda:GetFunctionUrlConfig"),
    });
    expect(await store.query({ status: "passing" })).toEqual([]);
    expect(await store.query({ status: "error" })).not.toEqual([]);
  });

  it("keeps a failing finding open when its input can no longer be read", async () => {
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).resolves({ AuthType: "NONE", FunctionArn: FUNCTION });
    await evaluateOnce();
    const failing = await store.get(FUNCTION, URL_RULE);
    expect(failing).toMatchObject({ status: "failing" });
    account.stubs.lambda
      .on(GetFunctionUrlConfigCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));

    await evaluateOnce(message({ eventTime: new Date(Date.now() + 1_000).toISOString() }));

    expect(await store.get(FUNCTION, URL_RULE)).toMatchObject({
      status: "failing",
      message: failing?.message,
      firstSeen: failing?.firstSeen,
    });
  });

  it("retries a resource it cannot read at all instead of marking it gone", async () => {
    await evaluateOnce();
    account.stubs.lambda
      .on(GetFunctionCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));

    const { record, response } = await evaluateOnce();

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(await store.get(FUNCTION, URL_RULE)).toMatchObject({ status: "passing" });
    expect(metricValues("FailedEvaluations")).toEqual([1]);
  });

  it("re-checks the functions using a changed role as its dependants, once, at the event's time", async () => {
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).resolves({ AuthType: "NONE", FunctionArn: FUNCTION });
    const change = message({ kind: "iam.role", arn: fakeArns.role(0), region: "", reason: "iam:PutRolePolicy" });

    const dependants = await evaluateWithDependants(change);

    expect(dependants).toEqual([
      expect.objectContaining({
        kind: "lambda.function",
        arn: FUNCTION,
        eventTime: change.eventTime,
        dependantOf: fakeArns.role(0),
      }),
    ]);
    expect(await store.get(FUNCTION, URL_RULE)).toMatchObject({ status: "failing" });
    expect(await store.get(fakeArns.fn(1), URL_RULE)).toBeUndefined();
    // A dependant's own evaluation fans out no further.
    expect(enqueued).toEqual([]);
  });

  it("re-checks what read a resource as context even when the link is gone from a fresh read", async () => {
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).resolves({ AuthType: "NONE", FunctionArn: FUNCTION });
    await evaluateOnce(message({ reason: "vigil:sweep" }));

    const dependants = await evaluateWithDependants(
      message({ kind: "sqs.queue", arn: fakeArns.queue(0), region: FAKE_REGION, reason: "sqs:SetQueueAttributes" }),
    );

    expect(dependants.map((d) => d.arn)).toContain(FUNCTION);
  });

  it("re-checks the roles a managed policy is attached to and the functions using them", async () => {
    const policy = `arn:aws:iam::${FAKE_ACCOUNT}:policy/shared`;
    account.stubs.iam
      .on(GetPolicyCommand)
      .resolves({ Policy: { PolicyName: "shared", Arn: policy, DefaultVersionId: "v1", AttachmentCount: 1 } })
      .on(ListEntitiesForPolicyCommand, { PolicyArn: policy, EntityFilter: "Role" })
      .resolves({ PolicyRoles: [{ RoleName: "fn-0-role", RoleId: "AROA0" }], IsTruncated: false })
      .on(ListAttachedRolePoliciesCommand)
      .resolves({ AttachedPolicies: [{ PolicyName: "shared", PolicyArn: policy }], IsTruncated: false });
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).resolves({ AuthType: "NONE", FunctionArn: FUNCTION });

    const dependants = await evaluateWithDependants(message({ kind: "iam.managed-policy", arn: policy, region: "" }));

    expect(dependants.map((d) => d.arn).sort()).toEqual([FUNCTION, fakeArns.role(0)].sort());
    expect(await store.get(FUNCTION, URL_RULE)).toMatchObject({ status: "failing" });
    expect(await store.get(fakeArns.role(0), "iam-role-admin-access")).toBeDefined();
    expect(await store.get(fakeArns.fn(1), URL_RULE)).toBeUndefined();

    // No rule reads the policy's users as its context: a later change to them does not re-check the policy.
    const later = await evaluateWithDependants(
      message({ kind: "iam.role", arn: fakeArns.role(0), region: "", reason: "iam:PutRolePolicy" }),
    );
    expect(later.map((d) => d.arn)).not.toContain(policy);
  });

  it.each([
    [
      "throttled",
      Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { attempts: 6 } }),
    ],
    ["unreachable", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" })],
  ])("retries a message whose read was %s instead of recording 'cannot evaluate'", async (_, error) => {
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).rejects(error);

    const { record, response } = await evaluateOnce();

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(await store.get(FUNCTION, URL_RULE)).toBeUndefined();
    expect(metricValues("FailedEvaluations")).toEqual([1]);
  });

  it("calls only the table actions it declares", async () => {
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).resolves({ AuthType: "NONE", FunctionArn: FUNCTION });
    const send = vi.spyOn(table.client, "send");

    await evaluateOnce();
    account.stubs.lambda
      .on(GetFunctionCommand)
      .rejects(Object.assign(new Error("not found"), { name: "ResourceNotFoundException" }));
    await evaluateOnce();

    const actions = new Set(send.mock.calls.map(([command]) => tableActionOf(command)));
    expect([...actions].filter((action) => !FINDINGS_TABLE_ACTIONS.some((declared) => declared === action))).toEqual(
      [],
    );
    expect(actions).toContain("dynamodb:PutItem");
  });
});
