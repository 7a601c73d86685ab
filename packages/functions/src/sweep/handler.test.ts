import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { LiveReadResult } from "@vigil/aws";
import type { Resource } from "@vigil/core";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// Test-only fixtures: model resources as the live readers build them.
import {
  ACCOUNT,
  bucket,
  eventRule,
  eventSourceMapping,
  iamRole,
  lambdaFunction,
  managedPolicy,
  queue,
  restApi,
  restStage,
} from "../../../core/src/testing/builders.ts";
import { type EvaluationMessage, evaluationMessageSchema } from "../shared/evaluation-message.ts";
import { createSweepHandler, EnqueueError, SWEEP_REASON } from "./handler.ts";

const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/vigil-test-EvaluationQueue";
const SWEPT_AT = new Date("2026-11-28T03:00:00.000Z");
const context = { functionName: "vigil-test-Sweep", awsRequestId: "request-1" } as never;
const scheduledEvent = { "detail-type": "Scheduled Event", source: "aws.events", detail: {} };

const sqsMock = mockClient(SQSClient);

function inventory(resources: Resource[], errors: LiveReadResult["errors"] = []): LiveReadResult {
  return {
    account: ACCOUNT,
    resources,
    errors,
    calls: {},
    readAt: SWEPT_AT.toISOString(),
    coverage: { scope: "account", incompleteKinds: new Map() },
  };
}

function sweepWith(result: LiveReadResult) {
  return createSweepHandler({
    readInventory: async () => result,
    sqs: () => new SQSClient({ region: "us-east-1" }),
    queueUrl: () => QUEUE_URL,
    now: () => SWEPT_AT,
  });
}

/** Every message body sent, batch by batch, checked against the queue contract. */
function sentBatches(): EvaluationMessage[][] {
  return sqsMock.commandCalls(SendMessageBatchCommand).map((call) => {
    expect(call.args[0].input.QueueUrl).toBe(QUEUE_URL);
    return (call.args[0].input.Entries ?? []).map((entry) =>
      evaluationMessageSchema.parse(JSON.parse(entry.MessageBody ?? "")),
    );
  });
}

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [] });
  // Quiet Powertools output; the tests read what was sent, not the logs.
  vi.stubEnv("POWERTOOLS_DEV", "true");
  for (const method of ["debug", "info", "warn", "error", "log"] as const) {
    vi.spyOn(console, method).mockImplementation(() => undefined);
  }
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("sweep handler", () => {
  it("enqueues one reference per resource a rule applies to (mappings and rules included), an API for its parts", async () => {
    const fn = lambdaFunction("orders");
    const role = iamRole("orders-role");
    const api = restApi("api123");
    const jobs = queue("jobs");
    const uploads = bucket("uploads");
    const mapping = eventSourceMapping("m-1", fn.arn, jobs.arn);
    const nightly = eventRule("nightly");
    const policy = managedPolicy("shared", { Statement: [] });
    const resources = [fn, role, api, restStage("api123"), jobs, uploads, mapping, nightly, policy];

    await sweepWith(inventory(resources))(scheduledEvent, context);

    expect(sentBatches().flat()).toEqual(
      [fn, role, api, jobs, uploads, mapping, nightly].map((resource) => ({
        kind: resource.kind,
        arn: resource.arn,
        account: ACCOUNT,
        region: resource.arn.split(":")[3],
        reason: SWEEP_REASON,
        eventTime: SWEPT_AT.toISOString(),
      })),
    );
  });

  it("leaves the region empty for IAM and S3, whose ARNs name none", async () => {
    await sweepWith(inventory([iamRole("orders-role"), bucket("uploads")]))(scheduledEvent, context);

    expect(
      sentBatches()
        .flat()
        .map((message) => message.region),
    ).toEqual(["", ""]);
  });

  it("sends in batches of ten", async () => {
    const functions = Array.from({ length: 23 }, (_, index) => lambdaFunction(`fn-${index}`));

    await sweepWith(inventory(functions))(scheduledEvent, context);

    expect(sentBatches().map((batch) => batch.length)).toEqual([10, 10, 3]);
  });

  it("still enqueues what was read when part of the inventory failed", async () => {
    const errors = [{ service: "s3", operation: "ListBuckets", kind: "access-denied", message: "denied" }] as never;

    await sweepWith(inventory([lambdaFunction("orders")], errors))(scheduledEvent, context);

    expect(sentBatches().flat()).toHaveLength(1);
  });

  it("fails the invocation when SQS refuses a message, so that the schedule retries it", async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: "0", Code: "InternalError", SenderFault: false, Message: "try again" }],
    });

    await expect(sweepWith(inventory([lambdaFunction("orders")]))(scheduledEvent, context)).rejects.toThrow(
      EnqueueError,
    );
  });

  it("sends nothing for an empty account", async () => {
    await sweepWith(inventory([]))(scheduledEvent, context);

    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
