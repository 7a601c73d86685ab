/**
 * The storm simulation: change events over many functions through ingest and evaluate (their real middy chains)
 * on a simulated timeline — the queue delays each message by the coalescing window, as SQS does, and hands over
 * what is due in batches of ten. Shared by the storm test (which asserts) and the benchmark (which reports).
 * The caller owns the clock: `setTime` moves `Date` (vitest's or @sinonjs/fake-timers' fake timers).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { GetFunctionUrlConfigCommand, type GetFunctionUrlConfigRequest } from "@aws-sdk/client-lambda";
import { SendMessageBatchCommand, type SendMessageBatchRequest, SQSClient } from "@aws-sdk/client-sqs";
import { FindingsStore, readTargeted } from "@vigil/aws";
import { FAKE_REGION, fakeAccount, fakeArns, startLocalFindingsTable, UNLIMITED_RATES } from "@vigil/aws/testing";
import { type FindingState, RULES, resolveConfig } from "@vigil/core";
import { apiCallEvent } from "@vigil/core/testing";
import fc from "fast-check";
import { Evaluator } from "../evaluate/evaluator.ts";
import { createEvaluateHandler } from "../evaluate/handler.ts";
import { createIngestHandler } from "../ingest/handler.ts";
import { lambdaContext, sqsRecord } from "./lambda-events.ts";

export const STORM_RULE = "lambda-url-auth-none";
const T0 = Date.parse("2026-11-28T10:00:00.000Z");

export interface StormOptions {
  readonly functions: number;
  readonly events: number;
  readonly windowMs: number;
  /** The events happen within this span of virtual time. */
  readonly spanMs: number;
  readonly setTime: (ms: number) => void;
  readonly seed?: number;
}

export interface StormResult {
  readonly delivered: number;
  /** Live reads per function ARN, at their virtual times. */
  readonly reads: ReadonlyMap<string, readonly number[]>;
  readonly evaluations: number;
  /** Messages left undelivered or failed (both must be none). */
  readonly leftOver: number;
  readonly failedRecords: number;
  /** Per changed function: the final finding status and the truth from the account's final state. */
  readonly final: readonly { readonly arn: string; readonly stored?: FindingState; readonly truth: FindingState }[];
}

interface Change {
  readonly at: number;
  readonly fn: number;
  readonly open: boolean;
}

interface Delivery {
  readonly at: number;
  readonly body: string;
}

export async function runStorm(options: StormOptions): Promise<StormResult> {
  const table = await startLocalFindingsTable();
  const account = fakeAccount(options.functions);
  try {
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
              rules: Object.fromEntries(
                RULES.filter((r) => r.id !== STORM_RULE).map((r) => [r.id, { enabled: false }]),
              ),
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
            rates: UNLIMITED_RATES,
          },
        }),
    });

    // Ingest's messages become due one window after they are sent (the queue's delivery delay). Time only moves
    // forward, so the queue stays in delivery order.
    const queue: Delivery[] = [];
    // The fake account stubs every SQS client; ingest's sends go through the same stub.
    account.stubs.sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchRequest) => {
      for (const entry of input.Entries ?? [])
        queue.push({ at: Date.now() + options.windowMs, body: entry.MessageBody ?? "" });
      return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: "" })) };
    });
    const ingest = createIngestHandler({
      sqs: () => new SQSClient({ region: FAKE_REGION }),
      queueUrl: () => "https://q",
    });

    const changes: Change[] = fc
      .sample(fc.record({ fn: fc.nat(options.functions - 1), offset: fc.nat(options.spanMs), open: fc.boolean() }), {
        numRuns: options.events,
        seed: options.seed ?? 42,
      })
      .map(({ fn, offset, open }) => ({ at: T0 + offset, fn, open }))
      .sort((a, b) => a.at - b.at);

    let failedRecords = 0;
    let delivered = 0;
    let nextChange = 0;
    // Bounded: each round consumes a change or at least one delivery.
    for (let round = 0; round < 2 * options.events && (nextChange < changes.length || queue.length > 0); round++) {
      const change = changes[nextChange];
      const delivery = queue[0];
      if (change && (!delivery || change.at <= delivery.at)) {
        nextChange++;
        options.setTime(change.at);
        urlOpen.set(fakeArns.fn(change.fn), change.open);
        const event = apiCallEvent("lambda.amazonaws.com", "UpdateFunctionUrlConfig", {
          region: FAKE_REGION,
          requestParameters: { functionName: `fn-${change.fn}`, authType: change.open ? "NONE" : "AWS_IAM" },
        });
        await ingest({ ...event, time: new Date(change.at).toISOString() }, lambdaContext("vigil-ingest") as never);
        continue;
      }
      if (!delivery) break;
      options.setTime(delivery.at);
      // SQS hands over what is due together, up to 10 a batch.
      let size = 1;
      while (size < 10 && (queue[size]?.at ?? Number.POSITIVE_INFINITY) <= delivery.at) size++;
      const due = queue.splice(0, size);
      const response = await evaluate(
        { Records: due.map((step) => sqsRecord(step.body)) },
        lambdaContext("vigil-evaluate") as never,
      );
      failedRecords += response.batchItemFailures.length;
      delivered += due.length;
    }
    const store = new FindingsStore(table.client, table.tableName);
    const changed = [...new Set(changes.map(({ fn }) => fakeArns.fn(fn)))];
    const final = await Promise.all(
      changed.map(async (arn) => {
        const stored = (await store.get(arn, STORM_RULE))?.status;
        return { arn, ...(stored && { stored }), truth: (urlOpen.get(arn) ? "failing" : "passing") as FindingState };
      }),
    );
    return {
      delivered,
      reads,
      evaluations: [...reads.values()].reduce((sum, times) => sum + times.length, 0),
      leftOver: queue.length,
      failedRecords,
      final,
    };
  } finally {
    account.restore();
    await table.close();
  }
}
