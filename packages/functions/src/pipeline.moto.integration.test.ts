/**
 * The event path end to end, in one process, over real HTTP: evaluate (live reads from moto, findings into moto's
 * DynamoDB) → the table's stream → publish (onto a bus in moto, whose rule feeds a queue) → notify (claims and
 * threads in the same table) → a local Slack Web API. Every handler runs through its real middy chain; only the
 * Lambda service itself is played by this test, which moves records between the steps as the event sources would.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import { CreateEventBusCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { AttachRolePolicyCommand, CreateRoleCommand } from "@aws-sdk/client-iam";
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  UpdateFunctionUrlConfigCommand,
} from "@aws-sdk/client-lambda";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import {
  AlertThreads,
  BotSlackPoster,
  createClients,
  createFindingsDocumentClient,
  createTableInput,
  FindingEventPublisher,
  FindingsStore,
  type LiveClients,
  readTargeted,
} from "@vigil/aws";
import { MotoServer, motoAvailable } from "@vigil/aws/testing";
import { RULES, resolveConfig, slackRoutingSchema } from "@vigil/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Evaluator } from "./evaluate/evaluator.ts";
import { createEvaluateHandler } from "./evaluate/handler.ts";
import { DeliveryClaims } from "./notify/claims.ts";
import { createNotifyHandler } from "./notify/handler.ts";
import { Notifier } from "./notify/notifier.ts";
import { NOTIFY_IDEMPOTENCY_KEYS } from "./notify/table-access.ts";
import { createPublishHandler } from "./publish/handler.ts";
import type { EvaluationMessage } from "./shared/evaluation-message.ts";
import { lambdaContext, sqsRecord } from "./testing/lambda-events.ts";

const REGION = "us-east-1";
const ACCOUNT = "123456789012"; // moto's default account
const TABLE = "vigil-findings";
const BUS = "vigil-bus";
const CHANNEL = "C0VIGIL";
const URL_RULE = "lambda-url-auth-none";
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const EMPTY_ZIP = Buffer.from("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==", "base64");
const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

const available = motoAvailable();
if (!available) {
  if (process.env.CI) throw new Error("moto is required in CI: pip install 'moto[server]'");
  console.warn("moto is not installed (python3 -c 'import moto' failed): skipping the pipeline integration test");
}

interface SlackPost {
  readonly channel: string;
  readonly text: string;
  readonly thread_ts?: string;
  readonly ts: string;
}

/** A stand-in for Slack's Web API on 127.0.0.1: `chat.postMessage` answers like Slack and is recorded. */
async function startSlack(): Promise<{ server: Server; url: string; posts: SlackPost[] }> {
  const posts: SlackPost[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const message = JSON.parse(body) as Omit<SlackPost, "ts">;
      const ts = `1764324000.${String(posts.length + 1).padStart(6, "0")}`;
      posts.push({ ...message, ts });
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ ok: true, channel: message.channel, ts }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts };
}

/**
 * moto lacks Lambda's GetFunctionRecursionConfig (it answers an HTML 404, which the readers rightly report as a
 * failed read, and a partly failed read never stores a pass). This shim in front of moto answers that one call as
 * AWS does for a function with default settings and forwards everything else unchanged.
 */
async function startRecursionConfigShim(motoEndpoint: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.method === "GET" && /^\/2024-08-31\/functions\/[^/]+\/recursion-config/.test(request.url ?? "")) {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ RecursiveLoop: "Terminate" }));
      return;
    }
    const upstream = httpRequest(
      `${motoEndpoint}${request.url ?? "/"}`,
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => {
      response.statusCode = 502;
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.runIf(available)("the event path end to end (moto + local Slack)", () => {
  let moto: MotoServer;
  let slack: Awaited<ReturnType<typeof startSlack>>;
  let shim: Awaited<ReturnType<typeof startRecursionConfigShim>>;
  let clients: LiveClients;
  let streams: DynamoDBStreamsClient;
  let streamArn: string;
  let notifyQueueUrl: string;
  /** Where the stream reader stopped, per shard: each step reads only what is new. */
  const shardIterators = new Map<string, string>();
  let evaluate: ReturnType<typeof createEvaluateHandler>;
  let publish: ReturnType<typeof createPublishHandler>;
  let notify: ReturnType<typeof createNotifyHandler>;

  const silent = (serviceName: string) => ({
    logger: new Logger({ serviceName, logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "VigilTest", serviceName }),
  });

  beforeAll(async () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    [moto, slack] = await Promise.all([MotoServer.start(), startSlack()]);
    shim = await startRecursionConfigShim(moto.endpoint);
    clients = createClients({ region: REGION, endpoint: shim.url, credentials });
    streams = new DynamoDBStreamsClient({ region: REGION, endpoint: moto.endpoint, credentials });

    const table = await clients.dynamodb.send(
      new CreateTableCommand({
        ...createTableInput(TABLE),
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      }),
    );
    streamArn = table.TableDescription?.LatestStreamArn ?? "";
    await clients.events.send(new CreateEventBusCommand({ Name: BUS }));
    const queue = await clients.sqs.send(new CreateQueueCommand({ QueueName: "vigil-notify" }));
    notifyQueueUrl = queue.QueueUrl ?? "";
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: notifyQueueUrl, AttributeNames: ["QueueArn"] }),
    );
    await clients.events.send(
      new PutRuleCommand({
        Name: "vigil-notify",
        EventBusName: BUS,
        EventPattern: JSON.stringify({ source: ["vigil.findings"], "detail-type": ["Vigil Finding Transition"] }),
      }),
    );
    await clients.events.send(
      new PutTargetsCommand({
        Rule: "vigil-notify",
        EventBusName: BUS,
        Targets: [{ Id: "notify-queue", Arn: Attributes?.QueueArn }],
      }),
    );
    await clients.iam.send(
      new CreateRoleCommand({
        RoleName: "app-role",
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      }),
    );
    await clients.iam.send(
      new AttachRolePolicyCommand({
        RoleName: "app-role",
        PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      }),
    );

    const documents = createFindingsDocumentClient(clients.dynamodb);
    // One rule keeps the expected alerts countable; the rule set is not what this test is about.
    const config = resolveConfig(
      { rules: Object.fromEntries(RULES.filter((r) => r.id !== URL_RULE).map((r) => [r.id, { enabled: false }])) },
      RULES,
    );
    evaluate = createEvaluateHandler({
      ...silent("vigil-evaluate"),
      evaluator: () =>
        new Evaluator({
          store: new FindingsStore(documents, TABLE),
          config,
          read: readTargeted,
          readOptions: { region: REGION, clients: () => clients },
        }),
    });
    publish = createPublishHandler({
      ...silent("vigil-publish"),
      publisher: () => new FindingEventPublisher(clients.events, BUS),
    });
    notify = createNotifyHandler({
      ...silent("vigil-notify"),
      notifier: () =>
        new Notifier({
          poster: new BotSlackPoster("xoxb-test-token", { apiBaseUrl: slack.url }),
          routing: slackRoutingSchema.parse({ defaultChannel: CHANNEL, digestThreshold: 5 }),
          claims: new DeliveryClaims(
            new DynamoDBPersistenceLayer({
              tableName: TABLE,
              ...NOTIFY_IDEMPOTENCY_KEYS,
              awsSdkV3Client: clients.dynamodb as never,
            }),
            "vigil-notify",
          ),
          threads: new AlertThreads(documents, TABLE),
        }),
    });
  }, 60_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    moto?.stop();
    await new Promise((resolve) => slack?.server.close(resolve));
    await new Promise((resolve) => shim?.server.close(resolve));
  });

  async function createPublicFunction(name: string): Promise<void> {
    await clients.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: `arn:aws:iam::${ACCOUNT}:role/app-role`,
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Code: { ZipFile: new Uint8Array(EMPTY_ZIP) },
      }),
    );
    await clients.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "NONE" }));
    await clients.lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: "public-url",
        Action: "lambda:InvokeFunctionUrl",
        Principal: "*",
        FunctionUrlAuthType: "NONE",
      }),
    );
  }

  /** The Lambda service's part: evaluation messages in, stream records to publish, queue messages to notify. */
  async function runPipeline(functionNames: readonly string[]): Promise<{ notifyRecords: Message[] }> {
    const messages = functionNames.map(
      (name): EvaluationMessage => ({
        kind: "lambda.function",
        arn: functionArn(name),
        account: ACCOUNT,
        region: REGION,
        reason: "lambda:UpdateFunctionUrlConfig",
        eventTime: new Date().toISOString(),
      }),
    );
    const evaluated = await evaluate(
      { Records: messages.map((message) => sqsRecord(JSON.stringify(message))) },
      lambdaContext("vigil-evaluate") as never,
    );
    expect(evaluated.batchItemFailures).toEqual([]);

    const published = await publish(
      { Records: await newStreamRecords() } as never,
      lambdaContext("vigil-publish") as never,
    );
    expect(published.batchItemFailures).toEqual([]);

    const notifyRecords = await drainNotifyQueue();
    if (notifyRecords.length > 0) await deliverToNotify(notifyRecords);
    return { notifyRecords };
  }

  async function deliverToNotify(messages: readonly Message[]): Promise<void> {
    const records = messages.map((message) => ({
      ...sqsRecord(message.Body ?? ""),
      messageId: message.MessageId ?? "",
    }));
    const response = await notify({ Records: records }, lambdaContext("vigil-notify") as never);
    expect(response.batchItemFailures).toEqual([]);
  }

  /** Stream records written since the last call, in the shape Lambda's DynamoDB event source hands a function. */
  async function newStreamRecords(): Promise<unknown[]> {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const records: StreamRecord[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId ?? "";
      let iterator =
        shardIterators.get(shardId) ??
        (
          await streams.send(
            new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }),
          )
        ).ShardIterator;
      // Bounded: a shard of this test holds a few dozen records.
      for (let page = 0; page < 20 && iterator; page++) {
        const answer = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        records.push(...(answer.Records ?? []));
        iterator = answer.NextShardIterator;
        if ((answer.Records ?? []).length === 0) break;
      }
      if (iterator) shardIterators.set(shardId, iterator);
    }
    return records.map((record) => ({
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion ?? "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: REGION,
      eventSourceARN: streamArn,
      dynamodb: {
        ...record.dynamodb,
        ApproximateCreationDateTime: Math.floor((record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? 0) / 1000),
        SizeBytes: record.dynamodb?.SizeBytes ?? 1,
      },
    }));
  }

  /** Every message on the notify queue (bounded), deleted as Lambda would after a successful batch. */
  async function drainNotifyQueue(): Promise<Message[]> {
    const drained: Message[] = [];
    for (let round = 0; round < 10; round++) {
      const { Messages = [] } = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: notifyQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (Messages.length === 0) break;
      drained.push(...Messages);
      await clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: notifyQueueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? "" })),
        }),
      );
    }
    return drained;
  }

  it("alerts once on a new failure, not on a repeat, then answers the resolution in the alert's thread", async () => {
    await createPublicFunction("orders-api");

    const first = await runPipeline(["orders-api"]);
    expect(first.notifyRecords).toHaveLength(1);
    expect(slack.posts).toHaveLength(1);
    const [alert] = slack.posts;
    expect(alert).toMatchObject({ channel: CHANNEL });
    expect(alert?.thread_ts).toBeUndefined();
    expect(alert?.text).toContain("orders-api");

    // The same change reported again, and the same notify message delivered again: nothing new on Slack.
    const repeat = await runPipeline(["orders-api"]);
    expect(repeat.notifyRecords).toHaveLength(0);
    await deliverToNotify(first.notifyRecords);
    expect(slack.posts).toHaveLength(1);

    await clients.lambda.send(new UpdateFunctionUrlConfigCommand({ FunctionName: "orders-api", AuthType: "AWS_IAM" }));
    const resolved = await runPipeline(["orders-api"]);
    expect(resolved.notifyRecords).toHaveLength(1);
    expect(slack.posts).toHaveLength(2);
    expect(slack.posts[1]).toMatchObject({ channel: CHANNEL, thread_ts: alert?.ts });
    expect(slack.posts[1]?.text.toLowerCase()).toContain("resolved");
  }, 60_000);

  it("sends one digest when a burst of transitions arrives together", async () => {
    const names = ["billing-a", "billing-b", "billing-c", "billing-d", "billing-e", "billing-f"];
    for (const name of names) await createPublicFunction(name);
    const before = slack.posts.length;

    const burst = await runPipeline(names);

    expect(burst.notifyRecords).toHaveLength(names.length);
    const posted = slack.posts.slice(before);
    expect(posted).toHaveLength(1);
    for (const name of names) expect(JSON.stringify(posted[0])).toContain(name);
  }, 60_000);
});
