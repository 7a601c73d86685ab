/**
 * The whole event path on a simulated timeline, in one process: change events → ingest → the evaluation queue
 * (delayed by the coalescing window) → evaluate → the table's stream (LocalTableStream over dynalite) → publish →
 * Vigil's bus → the notify queue → notify → Slack (any poster). Every handler runs through its real middy chain;
 * this module plays the Lambda event sources: batches, redelivery of failed records after the visibility timeout,
 * and a crash in the middle of a batch (nothing of it acknowledged). Faults are injected where AWS and Slack would
 * cause them. The caller owns the clock (`setTime` moves `Date`).
 */
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { EventBridgeClient, PutEventsCommand, type PutEventsRequest } from "@aws-sdk/client-eventbridge";
import { GetFunctionUrlConfigCommand, type GetFunctionUrlConfigRequest } from "@aws-sdk/client-lambda";
import { SendMessageBatchCommand, type SendMessageBatchRequest, SQSClient } from "@aws-sdk/client-sqs";
import {
  AlertThreads,
  FindingEventPublisher,
  FindingsStore,
  LocalTableStream,
  readTargeted,
  type SlackPoster,
} from "@vigil/aws";
import {
  FAKE_ACCOUNT,
  FAKE_REGION,
  fakeAccount,
  fakeArns,
  startLocalFindingsTable,
  UNLIMITED_RATES,
} from "@vigil/aws/testing";
import { type FindingState, RULES, resolveConfig, slackRoutingSchema } from "@vigil/core";
import { apiCallEvent } from "@vigil/core/testing";
import { Evaluator } from "../evaluate/evaluator.ts";
import { createEvaluateHandler } from "../evaluate/handler.ts";
import { createIngestHandler } from "../ingest/handler.ts";
import { DeliveryClaims } from "../notify/claims.ts";
import { createNotifyHandler } from "../notify/handler.ts";
import { Notifier } from "../notify/notifier.ts";
import { NOTIFY_IDEMPOTENCY_KEYS } from "../notify/table-access.ts";
import { createPublishHandler } from "../publish/handler.ts";
import { lambdaContext, sqsRecord } from "./lambda-events.ts";

/** The one rule the simulation runs: a function URL without auth, opened and closed by the script. */
export const SIMULATED_RULE = "lambda-url-auth-none";

/** A change to the account: function `fn`'s URL opens or closes at `at`. */
export interface AccountChange {
  readonly at: number;
  readonly fn: number;
  readonly open: boolean;
}

/** A CloudTrail event reaching ingest at `at` about the change `change` (events may repeat and arrive late). */
export interface EventDelivery {
  readonly at: number;
  readonly change: AccountChange;
}

export interface SimulationOptions {
  readonly functions: number;
  readonly changes: readonly AccountChange[];
  readonly events: readonly EventDelivery[];
  readonly windowMs: number;
  readonly setTime: (ms: number) => void;
  /** Slack; absent, the run stops at the findings table. */
  readonly slack?: SlackPoster;
  /** Seeded randomness for the faults. */
  readonly random?: () => number;
  /** Share of URL reads that AWS throttles past the SDK's retries. */
  readonly throttleRate?: number;
  /** The evaluate batch (1-based) during which the function crashes after half of its records. */
  readonly crashAtBatch?: number;
  /** The same for notify: half the batch is posted, none of it acknowledged. */
  readonly notifyCrashAtBatch?: number;
  /** Share of finding events the bus and queue deliver twice (both are at-least-once). */
  readonly duplicateRate?: number;
  readonly visibilityTimeoutMs?: number;
}

export interface SimulationResult {
  /** Live reads per function ARN, at their virtual times. */
  readonly reads: ReadonlyMap<string, readonly number[]>;
  readonly evaluations: number;
  readonly redeliveries: { readonly evaluate: number; readonly notify: number };
  /** Messages still queued when the run stopped (none, for a complete run). */
  readonly leftOver: number;
  /** Per changed function: the stored finding status and the truth from the account's final state. */
  readonly final: readonly { readonly arn: string; readonly stored?: FindingState; readonly truth: FindingState }[];
  /** Finding events put on the bus. */
  readonly published: number;
}

type Step =
  | { readonly at: number; readonly kind: "event"; readonly delivery: EventDelivery }
  | { readonly at: number; readonly kind: "change"; readonly change: AccountChange }
  | { readonly at: number; readonly kind: "evaluate" | "notify"; readonly body: string; readonly receives: number };

/** Steps in time order; among equal times, in insertion order. */
class Timeline {
  readonly #steps: Step[] = [];

  add(step: Step): void {
    let low = 0;
    let high = this.#steps.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#steps[middle]!.at <= step.at) low = middle + 1;
      else high = middle;
    }
    this.#steps.splice(low, 0, step);
  }

  next(): Step | undefined {
    return this.#steps.shift();
  }

  /** Up to `limit` more steps of `kind` due by `at`, removed. */
  due(kind: Step["kind"], at: number, limit: number): Step[] {
    const taken: Step[] = [];
    for (let i = 0; i < this.#steps.length && taken.length < limit && this.#steps[i]!.at <= at; ) {
      if (this.#steps[i]!.kind === kind) taken.push(...this.#steps.splice(i, 1));
      else i++;
    }
    return taken;
  }

  count(kind: Step["kind"]): number {
    return this.#steps.filter((step) => step.kind === kind).length;
  }

  get size(): number {
    return this.#steps.length;
  }
}

const quiet = (serviceName: string) => {
  const logger = new Logger({ serviceName, logLevel: "SILENT" });
  // Metrics warn through their logger when a batch added none: silent too.
  return { logger, metrics: new Metrics({ namespace: "VigilSimulation", serviceName, logger }) };
};

export async function simulatePipeline(options: SimulationOptions): Promise<SimulationResult> {
  const table = await startLocalFindingsTable();
  const account = fakeAccount(options.functions);
  const random = options.random ?? Math.random;
  const visibility = options.visibilityTimeoutMs ?? 30_000;
  const timeline = new Timeline();
  try {
    // The account: which URLs are open. A throttled read fails past the SDK's retries.
    const urlOpen = new Map<string, boolean>();
    account.stubs.lambda.on(GetFunctionUrlConfigCommand).callsFake((input: GetFunctionUrlConfigRequest) => {
      if (random() < (options.throttleRate ?? 0)) {
        throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { attempts: 6 } });
      }
      const arn = String(input.FunctionName);
      if (!urlOpen.get(arn)) throw Object.assign(new Error("no URL"), { name: "ResourceNotFoundException" });
      return { AuthType: "NONE", FunctionArn: arn };
    });

    // Ingest's sends join the timeline one window later (the queue's delivery delay).
    account.stubs.sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchRequest) => {
      for (const entry of input.Entries ?? []) {
        timeline.add({
          at: Date.now() + options.windowMs,
          kind: "evaluate",
          body: entry.MessageBody ?? "",
          receives: 0,
        });
      }
      return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: "" })) };
    });
    // The bus's rule delivers finding events to the notify queue at once.
    let published = 0;
    const bus = account.stubs.events;
    bus.on(PutEventsCommand).callsFake((input: PutEventsRequest) => {
      for (const entry of input.Entries ?? []) {
        published++;
        const envelope = {
          version: "0",
          id: `event-${published}`,
          "detail-type": entry.DetailType,
          source: entry.Source,
          account: FAKE_ACCOUNT,
          time: new Date().toISOString(),
          region: FAKE_REGION,
          resources: entry.Resources ?? [],
          detail: JSON.parse(entry.Detail ?? "{}"),
        };
        timeline.add({ at: Date.now(), kind: "notify", body: JSON.stringify(envelope), receives: 0 });
        if (random() < (options.duplicateRate ?? 0)) {
          timeline.add({ at: Date.now() + 1_000, kind: "notify", body: JSON.stringify(envelope), receives: 0 });
        }
      }
      return {
        FailedEntryCount: 0,
        Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `e-${published}-${i}` })),
      };
    });

    const stream = new LocalTableStream(`arn:aws:dynamodb:${FAKE_REGION}:${FAKE_ACCOUNT}:table/${table.tableName}`);
    const store = new FindingsStore(stream.wrap(table.client), table.tableName);
    const reads = new Map<string, number[]>();
    const config = resolveConfig(
      {
        rules: Object.fromEntries(RULES.filter((r) => r.id !== SIMULATED_RULE).map((r) => [r.id, { enabled: false }])),
      },
      RULES,
    );
    const evaluate = createEvaluateHandler({
      ...quiet("vigil-evaluate"),
      evaluator: () =>
        new Evaluator({
          store,
          config,
          read: (ref, readOptions) => {
            reads.set(ref.arn, [...(reads.get(ref.arn) ?? []), Date.now()]);
            return readTargeted(ref, readOptions);
          },
          readOptions: { region: FAKE_REGION, clients: account.clients, rates: UNLIMITED_RATES },
        }),
    });
    const ingest = createIngestHandler({
      sqs: () => new SQSClient({ region: FAKE_REGION }),
      queueUrl: () => "https://q",
    });
    const publish = createPublishHandler({
      ...quiet("vigil-publish"),
      publisher: () => new FindingEventPublisher(new EventBridgeClient({ region: FAKE_REGION }), "vigil-bus"),
    });
    const slack = options.slack;
    const notify =
      slack &&
      createNotifyHandler({
        ...quiet("vigil-notify"),
        notifier: () =>
          new Notifier({
            poster: slack,
            routing: slackRoutingSchema.parse({ defaultChannel: "C0VIGIL", digestThreshold: 50 }),
            // The document client passes Powertools' marshalled commands through (the fake account stubs the
            // low-level client of every table).
            claims: new DeliveryClaims(
              new DynamoDBPersistenceLayer({
                tableName: table.tableName,
                ...NOTIFY_IDEMPOTENCY_KEYS,
                awsSdkV3Client: table.client as never,
              }),
              "vigil-notify",
            ),
            threads: new AlertThreads(table.client, table.tableName),
          }),
      });

    for (const change of options.changes) timeline.add({ at: change.at, kind: "change", change });
    for (const delivery of options.events) timeline.add({ at: delivery.at, kind: "event", delivery });

    const redeliveries = { evaluate: 0, notify: 0 };
    const redeliver = (steps: readonly Step[], kind: "evaluate" | "notify") => {
      for (const step of steps) {
        if (step.kind !== kind) continue;
        redeliveries[kind]++;
        timeline.add({ ...step, at: Date.now() + visibility, receives: step.receives + 1 });
      }
    };
    const handlers = { evaluate, notify } as const;
    /**
     * One SQS batch through its handler: failed records come back after the visibility timeout; a crash runs the
     * first half of the batch and acknowledges nothing, so all of it comes back.
     */
    const runBatch = async (kind: "evaluate" | "notify", batch: readonly Step[], crash: boolean) => {
      const handler = handlers[kind];
      if (!handler) return;
      const records = batch.map((item) => ({ item, record: sqsRecord((item as { body: string }).body) }));
      const context = lambdaContext(`vigil-${kind}`) as never;
      if (crash) {
        await handler({ Records: records.slice(0, Math.ceil(records.length / 2)).map((r) => r.record) }, context);
        redeliver(batch, kind);
        return;
      }
      const response = await handler({ Records: records.map((r) => r.record) }, context);
      const failed = new Set(response.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier));
      redeliver(
        records.filter((r) => failed.has(r.record.messageId)).map((r) => r.item),
        kind,
      );
    };
    let evaluateBatches = 0;
    let notifyBatches = 0;
    const limit = 20 * (options.events.length + options.changes.length) + 1_000;
    // Bounded: every step is consumed; redeliveries are finite because faults are a share, not a certainty.
    for (let round = 0; round < limit && timeline.size > 0; round++) {
      const step = timeline.next()!;
      options.setTime(step.at);
      if (step.kind === "change") {
        urlOpen.set(fakeArns.fn(step.change.fn), step.change.open);
        continue;
      }
      if (step.kind === "event") {
        const { change } = step.delivery;
        const event = apiCallEvent("lambda.amazonaws.com", "UpdateFunctionUrlConfig", {
          region: FAKE_REGION,
          requestParameters: { functionName: `fn-${change.fn}`, authType: change.open ? "NONE" : "AWS_IAM" },
        });
        await ingest({ ...event, time: new Date(change.at).toISOString() }, lambdaContext("vigil-ingest") as never);
        continue;
      }
      if (step.kind === "evaluate") {
        await runBatch(
          "evaluate",
          [step, ...timeline.due("evaluate", step.at, 9)],
          ++evaluateBatches === options.crashAtBatch,
        );
        // The stream's records go to publish in order; a failed record would be retried from there.
        const written = stream.take();
        for (let start = 0; start < written.length; start += 100) {
          const response = await publish(
            { Records: written.slice(start, start + 100) } as never,
            lambdaContext("vigil-publish") as never,
          );
          if (response.batchItemFailures.length > 0) throw new Error("publish failed a record it should not have");
        }
        continue;
      }
      if (notify) {
        await runBatch(
          "notify",
          [step, ...timeline.due("notify", step.at, 49)],
          ++notifyBatches === options.notifyCrashAtBatch,
        );
      }
    }

    const changed = [...new Set(options.changes.map(({ fn }) => fakeArns.fn(fn)))];
    const findings = new FindingsStore(table.client, table.tableName);
    const final = await Promise.all(
      changed.map(async (arn) => {
        const stored = (await findings.get(arn, SIMULATED_RULE))?.status;
        return { arn, ...(stored && { stored }), truth: (urlOpen.get(arn) ? "failing" : "passing") as FindingState };
      }),
    );
    return {
      reads,
      evaluations: [...reads.values()].reduce((sum, times) => sum + times.length, 0),
      redeliveries,
      leftOver: timeline.count("evaluate") + timeline.count("notify"),
      final,
      published,
    };
  } finally {
    account.restore();
    await table.close();
  }
}
