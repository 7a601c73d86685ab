import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { AuditLog, ExemptionStore, FindingsStore, type LiveReadResult } from "@vigil/aws";
import { type LocalFindingsTable, startLocalFindingsTable } from "@vigil/aws/testing";
import { RULES, resolveConfig } from "@vigil/core";
import { lambdaFunction } from "@vigil/core/testing";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Evaluator } from "../evaluate/evaluator.ts";
import type { EvaluationMessage } from "../shared/evaluation-message.ts";
import { lambdaContext } from "../testing/lambda-events.ts";
import { createExemptionsHandler } from "./handler.ts";
import { EXEMPTION_REASON } from "./reconciler.ts";

const FN = "arn:aws:lambda:eu-west-1:123456789012:function:orders-api";
const RULE = "lambda-url-auth-none";
const QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/vigil-evaluation";
const publicFunction = lambdaFunction("orders-api", {
  id: FN,
  arn: FN,
  name: "orders-api",
  url: { authType: "NONE", invokeMode: "BUFFERED" },
});

describe("exemption expiry: the finding reopens and alerts", () => {
  let local: LocalFindingsTable;
  let findings: FindingsStore;
  let exemptions: ExemptionStore;
  let now: Date;
  const sqs = mockClient(SQSClient);

  beforeEach(async () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    local = await startLocalFindingsTable();
    findings = new FindingsStore(local.client, local.tableName);
    exemptions = new ExemptionStore(local.client, local.tableName, new AuditLog(local.client, local.tableName));
    now = new Date("2026-11-28T12:00:00.000Z");
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await local.close();
  });

  const evaluator = () =>
    new Evaluator({
      store: findings,
      config: resolveConfig({}, RULES),
      read: async (): Promise<LiveReadResult> => ({
        account: "123456789012",
        resources: [publicFunction],
        errors: [],
        calls: {},
        readAt: now.toISOString(),
        coverage: { scope: "account", incompleteKinds: new Map() },
        subject: publicFunction,
      }),
      readOptions: { region: "eu-west-1" },
      exemptions: () => exemptions.list(),
      clock: () => now,
    });

  const evaluateNow = (reason = "lambda:UpdateFunctionUrlConfig") =>
    evaluator().evaluate({
      kind: "lambda.function",
      arn: FN,
      account: "123456789012",
      region: "eu-west-1",
      reason,
      eventTime: now.toISOString(),
    });

  const reconcile = async (): Promise<EvaluationMessage[]> => {
    const calls = sqs.commandCalls(SendMessageBatchCommand).length;
    const handler = createExemptionsHandler({
      dependencies: () => ({
        findings,
        exemptions: () => exemptions.list(),
        sqs: new SQSClient({ region: "eu-west-1" }),
        queueUrl: QUEUE,
        now: () => now,
      }),
      logger: new Logger({ serviceName: "vigil-exemptions", logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "VigilTest", serviceName: "vigil-exemptions" }),
    });
    await handler({}, lambdaContext("vigil-exemptions") as never);
    return sqs
      .commandCalls(SendMessageBatchCommand)
      .slice(calls)
      .flatMap((call) => call.args[0].input.Entries ?? [])
      .map((entry) => JSON.parse(entry.MessageBody ?? "{}"));
  };

  const grant = (expires: string) =>
    exemptions.grant({
      resource: FN,
      rule: RULE,
      reason: "partner webhook, HMAC-signed payloads",
      expires,
      by: "carol",
      grantedAt: now.toISOString(),
      source: "cli",
    });

  it("a stored exemption hides the failure; when it expires the next run re-evaluates and the finding reopens", async () => {
    await evaluateNow();
    expect(await findings.get(FN, RULE)).toMatchObject({ status: "failing" });

    // Granted: the reconciler sends the failing finding back, and its evaluation exempts it.
    await grant("2026-11-28T18:00:00.000Z");
    now = new Date("2026-11-28T12:15:00.000Z");
    const afterGrant = await reconcile();
    expect(afterGrant).toEqual([
      expect.objectContaining({ kind: "lambda.function", arn: FN, account: "123456789012", reason: EXEMPTION_REASON }),
    ]);
    await evaluateNow(EXEMPTION_REASON);
    expect(await findings.get(FN, RULE)).toMatchObject({
      status: "exempted",
      exemption: expect.objectContaining({ by: "carol" }),
    });

    // Still in force: nothing to do.
    now = new Date("2026-11-28T17:00:00.000Z");
    expect(await reconcile()).toEqual([]);

    // Expired: back on the queue, and the evaluation reopens it as `exemption-expired`, which notify alerts.
    now = new Date("2026-11-28T18:15:00.000Z");
    expect(await reconcile()).toEqual([expect.objectContaining({ arn: FN })]);
    await evaluateNow(EXEMPTION_REASON);
    expect(await findings.get(FN, RULE)).toMatchObject({ status: "failing" });
    expect((await findings.history(FN, RULE)).map((entry) => entry.kind)).toEqual([
      "new-failure",
      "exempted",
      "exemption-expired",
    ]);
  });

  it("a revoked exemption reopens the finding at the next run, before its expiry", async () => {
    await grant("2027-01-31T00:00:00.000Z");
    await evaluateNow();
    expect(await findings.get(FN, RULE)).toMatchObject({ status: "exempted" });
    await exemptions.revoke(FN, RULE, { by: "dave", at: now.toISOString(), reason: "URL moved behind IAM" });
    now = new Date("2026-11-28T12:15:00.000Z");
    expect(await reconcile()).toEqual([expect.objectContaining({ arn: FN })]);
    await evaluateNow(EXEMPTION_REASON);
    expect((await findings.history(FN, RULE)).map((entry) => entry.kind)).toEqual(["exempted", "exemption-expired"]);
  });
});
