/**
 * The whole event path on a simulated timeline, in one process: change events → ingest → the evaluation queue
 * (delayed by the coalescing window) → evaluate → the table's stream (LocalTableStream over dynalite) → publish →
 * Vigil's bus → the notify queue → notify → Slack (any poster). Every handler runs through its real middy chain;
 * this module plays the Lambda event sources as deployed (shared/queue-consumers.ts): several invocations of a
 * function at once, each in an execution environment of its own; a received message hidden from the others for
 * the visibility timeout, back after it unless acknowledged, on the dead-letter queue after its last receive; a
 * crash in the middle of a batch (nothing of it acknowledged). Faults are injected where AWS and Slack would cause
 * them, and latency where an invocation waits on them, so that invocations interleave. The caller owns the clock
 * (`setTime` moves `Date`).
 */
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { EventBridgeClient, PutEventsCommand, type PutEventsRequest } from "@aws-sdk/client-eventbridge";
import { GetFunctionUrlConfigCommand, type GetFunctionUrlConfigRequest } from "@aws-sdk/client-lambda";
import { SendMessageBatchCommand, type SendMessageBatchRequest, SQSClient } from "@aws-sdk/client-sqs";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
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
import { EVALUATE_CONSUMER, NOTIFY_CONSUMER } from "../shared/queue-consumers.ts";
import { lambdaContext } from "./lambda-events.ts";
import { Invocations, Timeline } from "./simulated-time.ts";
import { SimulatedQueue, type SqsBatchHandler, SqsEventSource } from "./sqs-event-source.ts";

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
  /** Seeded randomness for the faults and latencies. */
  readonly random?: () => number;
  /** Share of URL reads that AWS throttles past the SDK's retries. */
  readonly throttleRate?: number;
  /** The evaluate invocation (1-based) that crashes after half of its records. */
  readonly crashAtBatch?: number;
  /** The same for notify: half the batch is posted, none of it acknowledged. */
  readonly notifyCrashAtBatch?: number;
  /** Share of finding events the bus and queue deliver twice (both are at-least-once). */
  readonly duplicateRate?: number;
  /** Invocations at once per function; default the deployed reservations. */
  readonly concurrency?: { readonly evaluate?: number; readonly notify?: number };
  /**
   * Longest wait (seeded, uniform) after each live read of an evaluation and before each of its writes to the
   * store, so that evaluations of one resource interleave in every order; default none (no simulated time passes).
   */
  readonly evaluationLatencyMs?: number;
  /** The same between a notify delivery's claim and its post to Slack. */
  readonly postLatencyMs?: number;
  /** Redrives of the dead-letter queues once nothing else is left to do, as an operator runs them; default none. */
  readonly redrives?: number;
  /** The store evaluate records through; default `FindingsStore` on `client`. */
  readonly store?: (client: DynamoDBDocumentClient, tableName: string) => FindingsStore;
}

export interface SimulationResult {
  /** Live reads per function ARN, at their virtual times. */
  readonly reads: ReadonlyMap<string, readonly number[]>;
  readonly evaluations: number;
  /** Receives of a message after its first. */
  readonly redeliveries: { readonly evaluate: number; readonly notify: number };
  /** Messages parked on a dead-letter queue during the run, redriven or not. */
  readonly deadLettered: { readonly evaluate: number; readonly notify: number };
  /** Messages still queued or dead-lettered when the run stopped (none, for a complete run). */
  readonly leftOver: number;
  /** Per changed function: the stored finding status and the truth from the account's final state. */
  readonly final: readonly { readonly arn: string; readonly stored?: FindingState; readonly truth: FindingState }[];
  /** Finding events put on the bus. */
  readonly published: number;
  /** Findings the store refused as older than the one it holds (evaluate's `StaleWrites`). */
  readonly staleWrites: number;
}

type Step =
  | { readonly at: number; readonly kind: "event"; readonly delivery: EventDelivery }
  | { readonly at: number; readonly kind: "change"; readonly change: AccountChange }
  /** A queued message becomes visible: idle environments poll. */
  | { readonly at: number; readonly kind: "visible" }
  /** A waiting invocation goes on. */
  | { readonly at: number; readonly kind: "resume"; readonly resume: () => void };

/** A handler's metrics, each one also added up in `totals`. */
class CountedMetrics extends Metrics {
  constructor(
    private readonly totals: Map<string, number>,
    options: ConstructorParameters<typeof Metrics>[0],
  ) {
    super(options);
  }

  override addMetric(...metric: Parameters<Metrics["addMetric"]>): this {
    const [name, , value] = metric;
    this.totals.set(name, (this.totals.get(name) ?? 0) + value);
    return super.addMetric(...metric);
  }
}

/** Silent logs and metrics for a handler; what it measures is added up in `totals`. */
const quiet = (serviceName: string, totals = new Map<string, number>()) => {
  const logger = new Logger({ serviceName, logLevel: "SILENT" });
  // Metrics warn through their logger when a batch added none: silent too.
  return { logger, metrics: new CountedMetrics(totals, { namespace: "VigilSimulation", serviceName, logger }) };
};

/** The store's client, each write sent after `wait()`: the store has read what it writes from, and waits. */
function writingAfter(client: DynamoDBDocumentClient, wait: () => Promise<void>): DynamoDBDocumentClient {
  return new Proxy(client, {
    get: (target, property, receiver) => {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return async (command: unknown, ...rest: unknown[]) => {
        if (command instanceof PutCommand) await wait();
        return (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
      };
    },
  });
}

export async function simulatePipeline(options: SimulationOptions): Promise<SimulationResult> {
  const table = await startLocalFindingsTable();
  const account = fakeAccount(options.functions);
  const random = options.random ?? Math.random;
  const timeline = new Timeline<Step>();
  const invocations = new Invocations((at, resume) => timeline.add({ at, kind: "resume", resume }));
  /** A seeded wait of up to `maxMs` in the running invocation; none at all without a maximum. */
  const latency = async (maxMs: number | undefined) => {
    if (maxMs) await invocations.wait(Math.floor(random() * maxMs));
  };
  const visibleAt = (at: number) => timeline.add({ at, kind: "visible" });
  const evaluationQueue = new SimulatedQueue("vigil-evaluation", EVALUATE_CONSUMER, visibleAt);
  const notifyQueue = options.slack && new SimulatedQueue("vigil-notify", NOTIFY_CONSUMER, visibleAt);
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

    // Ingest's sends become visible one window later (the queue's delivery delay).
    account.stubs.sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchRequest) => {
      for (const entry of input.Entries ?? [])
        evaluationQueue.send(entry.MessageBody ?? "", Date.now() + options.windowMs);
      return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: "" })) };
    });
    // The bus's rule delivers finding events to the notify queue at once.
    let published = 0;
    account.stubs.events.on(PutEventsCommand).callsFake((input: PutEventsRequest) => {
      for (const entry of input.Entries ?? []) {
        published++;
        const envelope = JSON.stringify({
          version: "0",
          id: `event-${published}`,
          "detail-type": entry.DetailType,
          source: entry.Source,
          account: FAKE_ACCOUNT,
          time: new Date().toISOString(),
          region: FAKE_REGION,
          resources: entry.Resources ?? [],
          detail: JSON.parse(entry.Detail ?? "{}"),
        });
        notifyQueue?.send(envelope);
        if (random() < (options.duplicateRate ?? 0)) notifyQueue?.send(envelope, Date.now() + 1_000);
      }
      return {
        FailedEntryCount: 0,
        Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `e-${published}-${i}` })),
      };
    });

    const stream = new LocalTableStream(`arn:aws:dynamodb:${FAKE_REGION}:${FAKE_ACCOUNT}:table/${table.tableName}`);
    const store = (options.store ?? ((client, tableName) => new FindingsStore(client, tableName)))(
      writingAfter(stream.wrap(table.client), () => latency(options.evaluationLatencyMs)),
      table.tableName,
    );
    const reads = new Map<string, number[]>();
    const evaluateMetrics = new Map<string, number>();
    const config = resolveConfig(
      {
        rules: Object.fromEntries(RULES.filter((r) => r.id !== SIMULATED_RULE).map((r) => [r.id, { enabled: false }])),
      },
      RULES,
    );
    const evaluateEnvironment = () =>
      createEvaluateHandler({
        ...quiet("vigil-evaluate", evaluateMetrics),
        evaluator: () =>
          new Evaluator({
            store,
            config,
            read: async (ref, readOptions) => {
              reads.set(ref.arn, [...(reads.get(ref.arn) ?? []), Date.now()]);
              const state = await readTargeted(ref, readOptions);
              await latency(options.evaluationLatencyMs);
              return state;
            },
            readOptions: { region: FAKE_REGION, clients: account.clients, rates: UNLIMITED_RATES },
          }),
      });
    const slack = options.slack;
    // Claims come first, then the posts (Notifier.notify): a wait before each post is one after its claim.
    const poster: SlackPoster | undefined = slack && {
      post: async (message, target) => {
        await latency(options.postLatencyMs);
        return slack.post(message, target);
      },
    };
    const notifyEnvironment = (delivering: SlackPoster) =>
      createNotifyHandler({
        ...quiet("vigil-notify"),
        notifier: () =>
          new Notifier({
            poster: delivering,
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
    const environments = (count: number, environment: () => unknown) =>
      Array.from({ length: count }, () => environment() as SqsBatchHandler);
    const sources = [
      new SqsEventSource(
        evaluationQueue,
        "vigil-evaluate",
        EVALUATE_CONSUMER,
        environments(options.concurrency?.evaluate ?? EVALUATE_CONSUMER.concurrency, evaluateEnvironment),
        options.crashAtBatch,
      ),
      ...(notifyQueue && poster
        ? [
            new SqsEventSource(
              notifyQueue,
              "vigil-notify",
              NOTIFY_CONSUMER,
              environments(options.concurrency?.notify ?? NOTIFY_CONSUMER.concurrency, () => notifyEnvironment(poster)),
              options.notifyCrashAtBatch,
            ),
          ]
        : []),
    ];
    const ingest = createIngestHandler({
      sqs: () => new SQSClient({ region: FAKE_REGION }),
      queueUrl: () => "https://q",
    });
    const publish = createPublishHandler({
      ...quiet("vigil-publish"),
      publisher: () => new FindingEventPublisher(new EventBridgeClient({ region: FAKE_REGION }), "vigil-bus"),
    });
    // The stream's records go to publish in order; a failed record would be retried from there.
    const publishWritten = async () => {
      const written = stream.take();
      for (let start = 0; start < written.length; start += 100) {
        const response = await publish(
          { Records: written.slice(start, start + 100) } as never,
          lambdaContext("vigil-publish") as never,
        );
        if (response.batchItemFailures.length > 0) throw new Error("publish failed a record it should not have");
      }
    };

    for (const change of options.changes) timeline.add({ at: change.at, kind: "change", change });
    for (const delivery of options.events) timeline.add({ at: delivery.at, kind: "event", delivery });

    let redrivesLeft = options.redrives ?? 0;
    const queues = sources.map((source) => source.queue);
    const limit = 20 * (options.events.length + options.changes.length) + 1_000;
    // Bounded: every step is consumed; redeliveries are finite (maxReceiveCount), and so are redrives.
    for (let round = 0; round < limit; round++) {
      const step = timeline.next();
      if (!step) {
        if (redrivesLeft-- > 0 && queues.reduce((moved, queue) => moved + queue.redrive(), 0) > 0) continue;
        break;
      }
      options.setTime(step.at);
      if (step.kind === "change") {
        urlOpen.set(fakeArns.fn(step.change.fn), step.change.open);
      } else if (step.kind === "event") {
        const { change } = step.delivery;
        const event = apiCallEvent("lambda.amazonaws.com", "UpdateFunctionUrlConfig", {
          region: FAKE_REGION,
          requestParameters: { functionName: `fn-${change.fn}`, authType: change.open ? "NONE" : "AWS_IAM" },
        });
        await ingest({ ...event, time: new Date(change.at).toISOString() }, lambdaContext("vigil-ingest") as never);
      } else if (step.kind === "resume") {
        await invocations.resume(step.resume);
      }
      for (const source of sources) {
        await source.poll(invocations);
        await publishWritten();
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
      redeliveries: { evaluate: evaluationQueue.redeliveries, notify: notifyQueue?.redeliveries ?? 0 },
      deadLettered: { evaluate: evaluationQueue.deadLettered, notify: notifyQueue?.deadLettered ?? 0 },
      leftOver: timeline.size + queues.reduce((sum, queue) => sum + queue.size, 0),
      final,
      published,
      staleWrites: evaluateMetrics.get("StaleWrites") ?? 0,
    };
  } finally {
    account.restore();
    await table.close();
  }
}
