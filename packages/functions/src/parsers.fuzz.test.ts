/**
 * Fuzz of every parser on the event path with fast-check: random and malformed events and records never crash a
 * handler, each bad one is rejected with a reason, and the good records of the same batch are processed.
 * Runs are bounded (fixed counts, fixed seed on failure replay) and loopback-only.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { marshall } from "@aws-sdk/util-dynamodb";
import { FindingEventPublisher, FindingsStore, readTargeted } from "@vigil/aws";
import {
  FAKE_ACCOUNT,
  FAKE_REGION,
  type FakeAccount,
  fakeAccount,
  fakeArns,
  type LocalFindingsTable,
  startLocalFindingsTable,
} from "@vigil/aws/testing";
import {
  FINDING_EVENT_DETAIL_TYPE,
  FINDING_EVENT_SOURCE,
  RULES,
  refsForEvent,
  resolveConfig,
  slackRoutingSchema,
} from "@vigil/core";
import { apiCallEvent, testEvent, testFinding } from "@vigil/core/testing";
import { mockClient } from "aws-sdk-client-mock";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Evaluator } from "./evaluate/evaluator.ts";
import { createEvaluateHandler } from "./evaluate/handler.ts";
import { createIngestHandler } from "./ingest/handler.ts";
import { createNotifyHandler } from "./notify/handler.ts";
import { Notifier } from "./notify/notifier.ts";
import { createPublishHandler } from "./publish/handler.ts";
import { lambdaContext, sqsRecord } from "./testing/lambda-events.ts";

/** Records per parser (ingest, evaluate, publish, notify); together above the 10,000 the reliability plan asks for. */
const RECORDS_PER_PARSER = 2_600;
const BATCH = 13;
const BATCHES = RECORDS_PER_PARSER / BATCH;

/** JSON-ish values of any shape, strings included: what a broken producer might put on the wire. */
const junkValue = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 4 }),
);

/** A logger whose warnings the test reads: every rejection must say why. */
function warningLogger(serviceName: string) {
  const logger = new Logger({ serviceName, logLevel: "SILENT" });
  const warn = vi.spyOn(logger, "warn");
  return { logger, reasons: () => warn.mock.calls.map(([, extra]) => (extra as { reason?: string })?.reason) };
}

const quietMetrics = (serviceName: string) => new Metrics({ namespace: "VigilFuzz", serviceName });

beforeAll(() => {
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
  // The ingest handler builds its own logger: thousands of rejections would flood the test output.
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
});
afterAll(() => vi.unstubAllEnvs());

describe("ingest: refsForEvent and the handler", () => {
  it("never throws on random events and always answers refs, ignored or rejected with a reason", () => {
    const eventLike = fc.record(
      {
        version: fc.constant("0"),
        id: fc.uuid(),
        "detail-type": fc.constantFrom("AWS API Call via CloudTrail", "Configuration Item Change", "Other"),
        source: fc.constantFrom("aws.iam", "aws.lambda", "aws.s3", "aws.sqs", "aws.config", "aws.events", "x"),
        account: fc.oneof(fc.constant("123456789012"), fc.string()),
        time: fc.oneof(
          fc.date().map((d) => (Number.isNaN(d.getTime()) ? "bad" : d.toISOString())),
          fc.string(),
        ),
        region: fc.constantFrom("us-east-1", "eu-west-1", ""),
        detail: fc.oneof(
          junkValue,
          fc.record({
            eventSource: fc.constantFrom("iam.amazonaws.com", "lambda.amazonaws.com", "s3.amazonaws.com", "x"),
            eventName: fc.constantFrom("PutRolePolicy", "AddPermission20150331v2", "PutBucketPolicy", "Nope", ""),
            requestParameters: junkValue,
            responseElements: junkValue,
            errorCode: fc.option(fc.string(), { nil: undefined }),
          }),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(junkValue, eventLike), (event) => {
        const result = refsForEvent(event);
        if ("ignored" in result) expect(result.ignored.length).toBeGreaterThan(0);
        else if ("rejected" in result) expect(result.rejected.length).toBeGreaterThan(0);
        else for (const ref of result.refs) expect(ref.arn.startsWith("arn:")).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it("acknowledges random events through the middy chain, enqueueing only for events that name resources", async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageBatchCommand).callsFake((input) => ({
      Successful: input.Entries.map((entry: { Id: string }) => ({
        Id: entry.Id,
        MessageId: entry.Id,
        MD5OfMessageBody: "",
      })),
    }));
    const handler = createIngestHandler({
      sqs: () => new SQSClient({ region: FAKE_REGION }),
      queueUrl: () => "https://q",
    });
    const context = lambdaContext("vigil-ingest");
    let enqueuedByGood = 0;
    await fc.assert(
      fc.asyncProperty(junkValue, async (junk) => {
        await expect(handler(junk as never, context as never)).resolves.toBeUndefined();
        const before = sqs.commandCalls(SendMessageBatchCommand).length;
        const good = apiCallEvent("lambda.amazonaws.com", "DeleteFunction20150331", {
          requestParameters: { functionName: "orders-api" },
        });
        await handler(good as never, context as never);
        if (sqs.commandCalls(SendMessageBatchCommand).length === before + 1) enqueuedByGood++;
      }),
      { numRuns: RECORDS_PER_PARSER / 10 },
    );
    expect(enqueuedByGood).toBe(RECORDS_PER_PARSER / 10);
    sqs.restore();
  });
});

describe("batch parsers: one good record among malformed ones", () => {
  let table: LocalFindingsTable;
  let account: FakeAccount;

  beforeAll(async () => {
    table = await startLocalFindingsTable();
    account = fakeAccount(2);
  });
  afterAll(async () => {
    account.restore();
    await table.close();
  });

  it("evaluate fails exactly the malformed messages and evaluates the good one", async () => {
    const { logger, reasons } = warningLogger("vigil-evaluate");
    const store = new FindingsStore(table.client, table.tableName);
    const handler = createEvaluateHandler({
      logger,
      metrics: quietMetrics("vigil-evaluate"),
      evaluator: () =>
        new Evaluator({
          store,
          config: resolveConfig({}, RULES),
          read: readTargeted,
          readOptions: { region: FAKE_REGION, clients: account.clients },
        }),
    });
    const good = {
      kind: "lambda.function",
      arn: fakeArns.fn(0),
      account: FAKE_ACCOUNT,
      region: FAKE_REGION,
      reason: "fuzz",
      eventTime: "2026-11-28T10:00:00.000Z",
    };
    // Malformed for certain: not JSON, not an object, or a good message with one field broken.
    const badBody = fc.oneof(
      fc.string().filter((text) => !isJsonObject(text)),
      junkValue
        .filter((value) => typeof value !== "object" || value === null || Array.isArray(value))
        .map((v) => JSON.stringify(v) ?? "undefined"),
      fc
        .constantFrom<[string, unknown]>(
          ["kind", "lambda.layer"],
          ["arn", "function:orders"],
          ["account", "12345"],
          ["eventTime", "yesterday"],
          ["reason", ""],
          ["deleted", false],
          ["extra", true],
        )
        .map(([field, value]) => JSON.stringify({ ...good, [field]: value })),
    );
    await assertOnlyMalformedFail({
      bad: badBody.map((body) => sqsRecord(body)),
      good: () => sqsRecord(JSON.stringify(good)),
      idOf: (record) => record.messageId,
      handle: (records) => handler({ Records: records }, lambdaContext("vigil-evaluate") as never),
      reasons,
      expectReason: (reason) => expect(reason).toMatch(/body is not JSON|evaluation message: \S/),
    });
    expect(await store.get(fakeArns.fn(0), "lambda-url-auth-none")).toBeDefined();
  }, 120_000);

  it("publish fails exactly the malformed stream records and publishes the good one", async () => {
    const eventBridge = mockClient(EventBridgeClient);
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "e" }] });
    const { logger, reasons } = warningLogger("vigil-publish");
    const handler = createPublishHandler({
      logger,
      metrics: quietMetrics("vigil-publish"),
      publisher: () => new FindingEventPublisher(new EventBridgeClient({ region: FAKE_REGION }), "bus"),
    });
    let sequence = 0;
    const record = (eventName: unknown, image: Record<string, unknown> | undefined, extra: object = {}) => ({
      eventID: `e-${++sequence}`,
      eventName,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: FAKE_REGION,
      eventSourceARN: `arn:aws:dynamodb:${FAKE_REGION}:${FAKE_ACCOUNT}:table/findings/stream/x`,
      dynamodb: {
        Keys: marshall({ pk: "RES#x", sk: "RULE#y" }),
        ...(image && { NewImage: marshall(image, { removeUndefinedValues: true, convertClassInstanceToMap: true }) }),
        SequenceNumber: String(++sequence),
        SizeBytes: 100,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
      ...extra,
    });
    const item = (overrides: object) => ({
      ...testFinding(),
      pk: "RES#x",
      sk: "RULE#lambda-url-auth-none",
      ...overrides,
    });
    const badRecord = fc.oneof(
      fc.constantFrom("UPSERT", "", "insert").map((name) => record(name, item({}))),
      fc
        .constantFrom<object>(
          { status: "on fire" },
          { severity: "urgent" },
          { resourceId: "" },
          { evidence: "none" },
          { version: 0 },
          { observedAt: "yesterday" },
          { resourceKind: "lambda.layer" },
          { ruleId: "no-such-rule" },
        )
        .map((overrides) => record("INSERT", item(overrides))),
      junkValue.map((junk) => record("INSERT", item({}), { eventSource: junk === "aws:dynamodb" ? "x" : junk })),
    );
    await assertOnlyMalformedFail({
      bad: badRecord,
      good: () => record("INSERT", item({})),
      idOf: (streamRecord) => streamRecord.dynamodb.SequenceNumber,
      handle: (records) => handler({ Records: records } as never, lambdaContext("vigil-publish") as never),
      reasons,
      expectReason: (reason) => expect(reason?.length).toBeGreaterThan(10),
      processed: () => eventBridge.commandCalls(PutEventsCommand).length,
    });
    eventBridge.restore();
  }, 120_000);
});

describe("notify: finding events among malformed queue records", () => {
  it("fails exactly the malformed records and announces the good one", async () => {
    const { logger, reasons } = warningLogger("vigil-notify");
    const posts: string[] = [];
    const claimed = new Set<string>();
    const handler = createNotifyHandler({
      logger,
      metrics: quietMetrics("vigil-notify"),
      notifier: () =>
        new Notifier({
          poster: {
            post: async (message) => {
              posts.push(message.text);
              return {};
            },
          },
          routing: slackRoutingSchema.parse({ digestThreshold: BATCH + 1 }),
          claims: {
            claim: async (key) => {
              if (claimed.has(key)) return "delivered";
              claimed.add(key);
              return "claimed";
            },
            complete: async () => {},
            release: async (key) => void claimed.delete(key),
          },
        }),
    });
    let counter = 0;
    const goodBody = () =>
      JSON.stringify({
        id: `event-${++counter}`,
        source: FINDING_EVENT_SOURCE,
        "detail-type": FINDING_EVENT_DETAIL_TYPE,
        detail: testEvent("new-failure", { resourceId: `${fakeArns.fn(0)}-${counter}` }),
      });
    const good = JSON.parse(goodBody());
    const badBody = fc.oneof(
      fc.string().filter((text) => !isJsonObject(text)),
      junkValue.map((value) => JSON.stringify({ value }) ?? "{}"),
      fc
        .constantFrom<[string, unknown]>(
          ["source", "aws.lambda"],
          ["detail-type", "Object Created"],
          ["detail", { ...good.detail, schemaVersion: "2" }],
          ["detail", { ...good.detail, transition: "exploded" }],
          ["detail", { ...good.detail, finding: { ...good.detail.finding, severity: "urgent" } }],
          ["detail", { ...good.detail, finding: { ...good.detail.finding, evidence: [{ type: "rumour" }] } }],
          ["detail", null],
        )
        .map(([field, value]) => JSON.stringify({ ...good, [field]: value })),
    );
    await assertOnlyMalformedFail({
      bad: badBody.map((body) => sqsRecord(body)),
      good: () => sqsRecord(goodBody()),
      idOf: (record) => record.messageId,
      handle: (records) => handler({ Records: records }, lambdaContext("vigil-notify") as never),
      reasons,
      expectReason: (reason) => expect(reason).toMatch(/body is not JSON|finding event: \S/),
      processed: () => posts.length,
    });
  });
});

/**
 * `BATCHES` batches of one good record among `BATCH - 1` malformed ones, the good one at a random place: exactly
 * the malformed ones fail, each logged with a reason `expectReason` accepts, and `processed` (when given) counts
 * the good one once.
 */
async function assertOnlyMalformedFail<R>(options: {
  readonly bad: fc.Arbitrary<R>;
  readonly good: () => R;
  readonly idOf: (record: R) => string;
  readonly handle: (records: R[]) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  readonly reasons: () => (string | undefined)[];
  readonly expectReason: (reason: string | undefined) => void;
  readonly processed?: () => number;
}): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.array(options.bad, { minLength: BATCH - 1, maxLength: BATCH - 1 }),
      fc.nat(BATCH - 1),
      async (bad, at) => {
        const good = options.good();
        const records = [...bad];
        records.splice(at, 0, good);
        const processedBefore = options.processed?.();
        const warningsBefore = options.reasons().length;
        const response = await options.handle(records);
        const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
        expect(failed.has(options.idOf(good))).toBe(false);
        expect(failed.size).toBe(BATCH - 1);
        if (processedBefore !== undefined) expect(options.processed?.()).toBe(processedBefore + 1);
        const newReasons = options.reasons().slice(warningsBefore);
        expect(newReasons).toHaveLength(BATCH - 1);
        for (const reason of newReasons) options.expectReason(reason);
      },
    ),
    { numRuns: BATCHES },
  );
}

function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
