/**
 * Storm: 10,000 change events over 500 functions, in a shuffled order, through ingest and evaluate (their real
 * middy chains) on a simulated timeline — the queue delays each message by the coalescing window, as SQS does.
 * Each function is read at most once per window, and the findings end equal to the account's final state.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { GetFunctionUrlConfigCommand, type GetFunctionUrlConfigRequest } from "@aws-sdk/client-lambda";
import { SendMessageBatchCommand, type SendMessageBatchRequest, SQSClient } from "@aws-sdk/client-sqs";
import { FindingsStore, readTargeted } from "@vigil/aws";
import {
  FAKE_REGION,
  type FakeAccount,
  fakeAccount,
  fakeArns,
  type LocalFindingsTable,
  startLocalFindingsTable,
} from "@vigil/aws/testing";
import { RULES, resolveConfig } from "@vigil/core";
import { apiCallEvent } from "@vigil/core/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Evaluator } from "./evaluate/evaluator.ts";
import { createEvaluateHandler } from "./evaluate/handler.ts";
import { createIngestHandler } from "./ingest/handler.ts";
import { lambdaContext, sqsRecord } from "./testing/lambda-events.ts";

const FUNCTIONS = 500;
const EVENTS = 10_000;
const WINDOW_MS = 60_000;
/** The events happen within this span of virtual time. */
const SPAN_MS = 3 * 60_000;
const T0 = Date.parse("2026-11-28T10:00:00.000Z");
const URL_RULE = "lambda-url-auth-none";

interface Change {
  readonly at: number;
  readonly fn: number;
  readonly open: boolean;
}

interface Delivery {
  readonly at: number;
  readonly body: string;
}

describe("storm", () => {
  let table: LocalFindingsTable;
  let account: FakeAccount;

  beforeAll(async () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
    table = await startLocalFindingsTable();
    account = fakeAccount(FUNCTIONS);
  });
  afterAll(async () => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    account.restore();
    await table.close();
  });

  it("reads each function at most once per coalescing window and ends with the account's final state", async () => {
    // The account: which functions have a public URL, changed by the events as they happen.
    const urlOpen = new Map<string, boolean>();
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).callsFake((input: GetFunctionUrlConfigRequest) => {
      const arn = String(input.FunctionName);
      if (!urlOpen.get(arn)) throw Object.assign(new Error("no URL"), { name: "ResourceNotFoundException" });
      return { AuthType: "NONE", FunctionArn: arn };
    });
    const reads = new Map<string, number[]>();
    const evaluate = createEvaluateHandler({
      logger: new Logger({ serviceName: "vigil-evaluate", logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "VigilStorm", serviceName: "vigil-evaluate" }),
      evaluator: () =>
        new Evaluator({
          store: new FindingsStore(table.client, table.tableName),
          // The URL rule only: the storm is about coalescing, not about the rule set.
          config: resolveConfig(
            {
              rules: Object.fromEntries(RULES.filter((r) => r.id !== URL_RULE).map((r) => [r.id, { enabled: false }])),
            },
            RULES,
          ),
          read: (ref, options) => {
            reads.set(ref.arn, [...(reads.get(ref.arn) ?? []), Date.now()]);
            return readTargeted(ref, options);
          },
          readOptions: {
            region: FAKE_REGION,
            clients: account.clients,
            rates: { lambda: Number.POSITIVE_INFINITY, iam: Number.POSITIVE_INFINITY, sts: Number.POSITIVE_INFINITY },
          },
        }),
    });

    // Ingest's messages become due one window after they are sent (the queue's delivery delay). Time only moves
    // forward, so the queue stays in delivery order.
    const queue: Delivery[] = [];
    // The fake account stubs every SQS client; ingest's sends go through the same stub.
    account.stubs.sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchRequest) => {
      for (const entry of input.Entries ?? [])
        queue.push({ at: Date.now() + WINDOW_MS, body: entry.MessageBody ?? "" });
      return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: "" })) };
    });
    const ingest = createIngestHandler({
      sqs: () => new SQSClient({ region: FAKE_REGION }),
      queueUrl: () => "https://q",
    });

    const changes: Change[] = fc
      .sample(fc.record({ fn: fc.nat(FUNCTIONS - 1), offset: fc.nat(SPAN_MS), open: fc.boolean() }), {
        numRuns: EVENTS,
        seed: 42,
      })
      .map(({ fn, offset, open }) => ({ at: T0 + offset, fn, open }))
      .sort((a, b) => a.at - b.at);

    vi.useFakeTimers({ toFake: ["Date"] });
    let delivered = 0;
    let nextChange = 0;
    // Bounded: each round consumes a change or at least one delivery.
    for (let round = 0; round < 2 * EVENTS && (nextChange < changes.length || queue.length > 0); round++) {
      const change = changes[nextChange];
      const delivery = queue[0];
      if (change && (!delivery || change.at <= delivery.at)) {
        nextChange++;
        vi.setSystemTime(change.at);
        urlOpen.set(fakeArns.fn(change.fn), change.open);
        const event = apiCallEvent("lambda.amazonaws.com", "UpdateFunctionUrlConfig", {
          region: FAKE_REGION,
          requestParameters: { functionName: `fn-${change.fn}`, authType: change.open ? "NONE" : "AWS_IAM" },
        });
        await ingest({ ...event, time: new Date(change.at).toISOString() }, lambdaContext("vigil-ingest") as never);
        continue;
      }
      if (!delivery) break;
      vi.setSystemTime(delivery.at);
      // SQS hands over what is due together, up to 10 a batch.
      let size = 1;
      while (size < 10 && (queue[size]?.at ?? Number.POSITIVE_INFINITY) <= delivery.at) size++;
      const due = queue.splice(0, size);
      const response = await evaluate(
        { Records: due.map((step) => sqsRecord(step.body)) },
        lambdaContext("vigil-evaluate") as never,
      );
      expect(response.batchItemFailures).toEqual([]);
      delivered += due.length;
    }
    vi.useRealTimers();

    expect(queue).toEqual([]);
    expect(delivered).toBe(EVENTS);
    const evaluations = [...reads.values()].reduce((sum, times) => sum + times.length, 0);
    for (const [arn, times] of reads) {
      for (let i = 1; i < times.length; i++) {
        expect(times[i]! - times[i - 1]!, arn).toBeGreaterThanOrEqual(WINDOW_MS);
      }
    }
    // Far fewer reads than events: most events found their change already read.
    expect(evaluations).toBeLessThan(EVENTS / 3);

    const store = new FindingsStore(table.client, table.tableName);
    const changed = new Set(changes.map(({ fn }) => fakeArns.fn(fn)));
    for (const arn of changed) {
      const finding = await store.get(arn, URL_RULE);
      expect(finding?.status, arn).toBe(urlOpen.get(arn) ? "failing" : "passing");
    }
  }, 240_000);
});
