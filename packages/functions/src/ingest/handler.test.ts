import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { ResourceRef } from "@vigil/core";
import { apiCallEvent, EVENT_ACCOUNT } from "@vigil/core/testing";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createIngestHandler, EnqueueError } from "./handler.ts";
import { coalesceByArn } from "./message.ts";

const QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/vigil-test-EvaluationQueue";
const context = { functionName: "vigil-test-Ingest", awsRequestId: "request-1" } as never;

const sqsMock = mockClient(SQSClient);
let logLines: Record<string, unknown>[];

function parseLine(text: unknown): Record<string, unknown> {
  try {
    return JSON.parse(String(text)) as Record<string, unknown>;
  } catch {
    return { text: String(text) };
  }
}

function setUp() {
  const sqs = vi.fn(() => new SQSClient({ region: "eu-west-1" }));
  return { sqs, handler: createIngestHandler({ sqs, queueUrl: () => QUEUE_URL }) };
}

const logged = (level: string) => logLines.filter((line) => line.level === level);

beforeEach(() => {
  sqsMock.reset();
  logLines = [];
  // POWERTOOLS_DEV routes the logger and metrics through the global console, where the test reads them.
  vi.stubEnv("POWERTOOLS_DEV", "true");
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", "DEBUG");
  // Dev mode turns metrics off unless asked for explicitly.
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
  for (const method of ["debug", "info", "warn", "error", "log"] as const) {
    vi.spyOn(console, method).mockImplementation((text: unknown) => {
      logLines.push(parseLine(text));
    });
  }
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("ingest handler", () => {
  it("enqueues one message for the role of a PutRolePolicy call", async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: "0", MessageId: "m-1", MD5OfMessageBody: "" }] });
    const { handler } = setUp();
    const event = apiCallEvent("iam.amazonaws.com", "PutRolePolicy", {
      requestParameters: { roleName: "orders-fn-role", policyName: "inline", policyDocument: "{}" },
    });

    await handler(event, context);

    const calls = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.QueueUrl).toBe(QUEUE_URL);
    expect(input.Entries).toHaveLength(1);
    expect(JSON.parse(input.Entries![0]!.MessageBody!)).toEqual({
      kind: "iam.role",
      arn: `arn:aws:iam::${EVENT_ACCOUNT}:role/orders-fn-role`,
      account: EVENT_ACCOUNT,
      region: "",
      reason: "iam:PutRolePolicy",
      eventTime: event.time,
    });
    const enqueued = logged("INFO").find((line) => line.message === "references enqueued");
    expect(enqueued).toMatchObject({
      correlation_id: event.id,
      arns: [`arn:aws:iam::${EVENT_ACCOUNT}:role/orders-fn-role`],
    });
    const emf = logLines.find((line) => "_aws" in line);
    expect(emf).toMatchObject({ ReferencesEnqueued: 1, service: "vigil-ingest" });
  });

  it("sends nothing for a failed call, logs why at debug and creates no client", async () => {
    const { handler, sqs } = setUp();
    const event = apiCallEvent("iam.amazonaws.com", "PutRolePolicy", {
      requestParameters: { roleName: "orders-fn-role" },
      errorCode: "AccessDenied",
    });

    await expect(handler(event, context)).resolves.toBeUndefined();

    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    expect(sqs).not.toHaveBeenCalled();
    expect(logged("DEBUG")).toContainEqual(
      expect.objectContaining({ message: "event ignored", reason: expect.stringContaining("AccessDenied") }),
    );
  });

  it.each([
    ["an object that is no event", { hello: "world" }],
    ["null", null],
    ["a CloudTrail event without its role name", apiCallEvent("iam.amazonaws.com", "PutRolePolicy")],
  ])("logs %s as rejected with its reason and returns normally", async (_, event) => {
    const { handler } = setUp();

    await expect(handler(event, context)).resolves.toBeUndefined();

    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    const [warning] = logged("WARN");
    expect(warning).toMatchObject({ message: "event rejected", reason: expect.any(String) });
  });

  it("throws when SQS refuses a message, so that Lambda retries the event", async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: "0", Code: "InternalError", SenderFault: false, Message: "try again" }],
    });
    const { handler } = setUp();
    const event = apiCallEvent("lambda.amazonaws.com", "DeleteFunction20150331", {
      requestParameters: { functionName: "orders" },
    });

    await expect(handler(event, context)).rejects.toThrow(EnqueueError);
    await expect(handler(event, context)).rejects.toThrow(/function:orders: InternalError try again/);
  });
});

describe("coalesceByArn", () => {
  const ref = (overrides: Partial<ResourceRef>): ResourceRef => ({
    kind: "lambda.function",
    arn: "arn:aws:lambda:eu-west-1:123456789012:function:orders",
    account: "123456789012",
    region: "eu-west-1",
    reason: "lambda:UpdateFunctionCode",
    ...overrides,
  });

  it("keeps one reference per ARN, keeping a deletion whichever reference carried it", () => {
    const other = ref({ arn: "arn:aws:lambda:eu-west-1:123456789012:function:billing" });
    expect(coalesceByArn([ref({}), other, ref({ deleted: true })])).toEqual([ref({ deleted: true }), other]);
  });
});
