/**
 * The live readers over real HTTP against moto's server, an independent implementation of the AWS APIs: seed a
 * small vulnerable app through the SDK, read it back, check the model and that the rules find what was seeded.
 * Where moto departs from AWS, the readers follow AWS and the assertion says why.
 */
import * as apigw from "@aws-sdk/client-api-gateway";
import * as apigwv2 from "@aws-sdk/client-apigatewayv2";
import * as ddb from "@aws-sdk/client-dynamodb";
import * as eb from "@aws-sdk/client-eventbridge";
import * as iam from "@aws-sdk/client-iam";
import * as lambda from "@aws-sdk/client-lambda";
import * as s3 from "@aws-sdk/client-s3";
import * as s3control from "@aws-sdk/client-s3-control";
import * as sns from "@aws-sdk/client-sns";
import * as sqs from "@aws-sdk/client-sqs";
import {
  type DynamoDbTable,
  type EventRule,
  evaluate,
  type IamManagedPolicy,
  type IamRole,
  isUnknown,
  type LambdaFunction,
  type Resource,
  ResourceModel,
  type RestApiMethod,
  RULES,
  resolveConfig,
  type S3Bucket,
  type SnsTopic,
  type SqsQueue,
} from "@vigil/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClients } from "./clients.ts";
import { type LiveReadResult, readAccount, readTargeted } from "./read-account.ts";
import { listEnabledRegions } from "./regions.ts";
import { freePort, MotoServer, motoAvailable } from "./testing/moto.ts";

const REGION = "us-east-1";
const ACCOUNT = "123456789012"; // moto's default account
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const available = motoAvailable();
if (!available) {
  if (process.env.CI) throw new Error("moto is required in CI: pip install 'moto[server]'");
  console.warn("moto is not installed (python3 -c 'import moto' failed): skipping the live-reader integration tests");
}

const json = (value: unknown) => JSON.stringify(value);
const EMPTY_ZIP = Buffer.from("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==", "base64");
const arn = {
  fn: (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
  role: `arn:aws:iam::${ACCOUNT}:role/app-role`,
  admin: "arn:aws:iam::aws:policy/AdministratorAccess",
  queue: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`,
  table: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`,
  topic: `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`,
  rule: `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly`,
};

/** A small vulnerable app, created through the SDK as a deployment would. */
async function seed(endpoint: string) {
  const c = createClients({ region: REGION, endpoint, credentials });
  await c.iam.send(
    new iam.CreateRoleCommand({
      RoleName: "app-role",
      AssumeRolePolicyDocument: json({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    }),
  );
  await c.iam.send(new iam.AttachRolePolicyCommand({ RoleName: "app-role", PolicyArn: arn.admin }));
  await c.iam.send(
    new iam.PutRolePolicyCommand({
      RoleName: "app-role",
      PolicyName: "data",
      PolicyDocument: json({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
    }),
  );
  const createFunction = (FunctionName: string, Runtime: lambda.Runtime, Timeout: number) =>
    c.lambda.send(
      new lambda.CreateFunctionCommand({
        FunctionName,
        Role: arn.role,
        Runtime,
        Timeout,
        Handler: "index.handler",
        Code: { ZipFile: new Uint8Array(EMPTY_ZIP) },
      }),
    );
  await createFunction("public-api", "nodejs20.x", 3);
  await createFunction("worker", "nodejs22.x", 60);
  await c.lambda.send(new lambda.CreateFunctionUrlConfigCommand({ FunctionName: "public-api", AuthType: "NONE" }));
  await c.lambda.send(
    new lambda.AddPermissionCommand({
      FunctionName: "public-api",
      StatementId: "public-url",
      Action: "lambda:InvokeFunctionUrl",
      Principal: "*",
      FunctionUrlAuthType: "NONE",
    }),
  );
  await c.lambda.send(
    new lambda.PutFunctionConcurrencyCommand({ FunctionName: "worker", ReservedConcurrentExecutions: 5 }),
  );

  await c.sqs.send(new sqs.CreateQueueCommand({ QueueName: "jobs", Attributes: { SqsManagedSseEnabled: "false" } }));
  await c.lambda.send(
    new lambda.CreateEventSourceMappingCommand({ FunctionName: "worker", EventSourceArn: arn.queue, BatchSize: 10 }),
  );
  await c.dynamodb.send(
    new ddb.CreateTableCommand({
      TableName: "orders",
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    }),
  );
  await c.s3.send(new s3.CreateBucketCommand({ Bucket: "uploads-bucket" }));
  await c.s3.send(
    new s3.PutBucketPolicyCommand({
      Bucket: "uploads-bucket",
      Policy: json({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::uploads-bucket/*" },
        ],
      }),
    }),
  );
  await c.sns.send(new sns.CreateTopicCommand({ Name: "alerts" }));
  await c.sns.send(new sns.SubscribeCommand({ TopicArn: arn.topic, Protocol: "lambda", Endpoint: arn.fn("worker") }));
  await c.events.send(new eb.PutRuleCommand({ Name: "nightly", ScheduleExpression: "rate(1 day)" }));
  await c.events.send(
    new eb.PutTargetsCommand({ Rule: "nightly", Targets: [{ Id: "worker", Arn: arn.fn("worker") }] }),
  );

  const api = await c.apigateway.send(new apigw.CreateRestApiCommand({ name: "shop" }));
  const resources = await c.apigateway.send(new apigw.GetResourcesCommand({ restApiId: api.id }));
  const orders = await c.apigateway.send(
    new apigw.CreateResourceCommand({ restApiId: api.id, parentId: resources.items?.[0]?.id, pathPart: "orders" }),
  );
  await c.apigateway.send(
    new apigw.PutMethodCommand({
      restApiId: api.id,
      resourceId: orders.id,
      httpMethod: "GET",
      authorizationType: "NONE",
    }),
  );
  await c.apigateway.send(
    new apigw.PutIntegrationCommand({
      restApiId: api.id,
      resourceId: orders.id,
      httpMethod: "GET",
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn.fn("public-api")}/invocations`,
    }),
  );
  await c.apigateway.send(new apigw.CreateDeploymentCommand({ restApiId: api.id, stageName: "prod" }));

  const http = await c.apigatewayv2.send(new apigwv2.CreateApiCommand({ Name: "public-http", ProtocolType: "HTTP" }));
  const integration = await c.apigatewayv2.send(
    new apigwv2.CreateIntegrationCommand({
      ApiId: http.ApiId,
      IntegrationType: "AWS_PROXY",
      IntegrationUri: arn.fn("public-api"),
      PayloadFormatVersion: "2.0",
    }),
  );
  await c.apigatewayv2.send(
    new apigwv2.CreateRouteCommand({
      ApiId: http.ApiId,
      RouteKey: "GET /items",
      AuthorizationType: "NONE",
      Target: `integrations/${integration.IntegrationId}`,
    }),
  );
  await c.apigatewayv2.send(new apigwv2.CreateStageCommand({ ApiId: http.ApiId, StageName: "$default" }));
  return { restApiId: api.id!, httpApiId: http.ApiId! };
}

const find = <T extends Resource>(result: LiveReadResult, id: string) =>
  result.resources.find((r) => r.arn === id) as T;

describe.runIf(available)("live readers against moto over HTTP", () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await MotoServer.start();
  });
  afterAll(() => moto?.stop());
  beforeEach(() => moto.reset());

  it("reads the seeded app back into the model, and the rules find what was seeded", async () => {
    const { restApiId } = await seed(moto.endpoint);
    const result = await readAccount({ region: REGION, endpoint: moto.endpoint, credentials });

    const api = find<LambdaFunction>(result, arn.fn("public-api"));
    expect(api.url).toMatchObject({ authType: "NONE" });
    expect(api.runtime).toBe("nodejs20.x");
    expect(api.timeoutSeconds).toBe(3);
    expect(api.reservedConcurrency).toBeUndefined();
    expect(api.policy).toMatchObject({ statements: [{ action: { values: ["lambda:InvokeFunctionUrl"] } }] });
    // moto lacks GetFunctionRecursionConfig (an HTML 404): unknown plus an error for that field only.
    expect(isUnknown(api.recursiveLoop)).toBe(true);
    // moto lacks ListCodeSigningConfigs too: code signing is read per function instead, and this one has none.
    expect(api.codeSigning).toBeUndefined();
    expect(find<LambdaFunction>(result, arn.fn("worker")).reservedConcurrency).toBe(5);

    const role = find<IamRole>(result, arn.role);
    expect(role.managedPolicyArns).toEqual([arn.admin]);
    expect(role.inlinePolicies).toMatchObject([{ name: "data", document: { statements: [{ effect: "Allow" }] } }]);
    const admin = find<IamManagedPolicy>(result, arn.admin);
    expect(admin).toMatchObject({ awsManaged: true, document: { statements: [{ action: { values: ["*"] } }] } });

    expect(result.resources.find((r) => r.kind === "lambda.event-source-mapping")).toMatchObject({
      functionArn: arn.fn("worker"),
      eventSourceArn: arn.queue,
      enabled: true,
    });
    expect(find<SqsQueue>(result, arn.queue)).toMatchObject({ encryption: "none", visibilityTimeoutSeconds: 30 });
    expect(find<SqsQueue>(result, arn.queue).redrive).toBeUndefined();
    expect(find<DynamoDbTable>(result, arn.table)).toMatchObject({
      pointInTimeRecovery: false,
      deletionProtection: false,
      billingMode: "PAY_PER_REQUEST",
    });
    const bucket = find<S3Bucket>(result, "arn:aws:s3:::uploads-bucket");
    expect(bucket.policy).toMatchObject({ statements: [{ principal: { principals: { anyone: true } } }] });
    // New AWS buckets block public access by default; moto's do not, so no block is read here.
    expect(bucket.publicAccessBlock).toBeUndefined();
    expect(find<SnsTopic>(result, arn.topic).subscriptions).toMatchObject([
      { protocol: "lambda", endpoint: arn.fn("worker") },
    ]);
    expect(find<EventRule>(result, arn.rule).targets).toMatchObject([{ arn: arn.fn("worker") }]);
    const method = result.resources.find((r) => r.kind === "apigateway.method") as RestApiMethod;
    expect(method).toMatchObject({
      restApiArn: `arn:aws:apigateway:${REGION}::/restapis/${restApiId}`,
      path: "/orders",
      authorizationType: "NONE",
      integrationFunctionArn: arn.fn("public-api"),
    });
    expect(result.resources.find((r) => r.kind === "apigatewayv2.route")).toMatchObject({
      routeKey: "GET /items",
      authorizationType: "NONE",
      integrationFunctionArn: arn.fn("public-api"),
    });

    // Errors only where moto lacks an operation; each is an error entry, never "not configured".
    expect(new Set(result.errors.map((e) => `${e.action} ${e.kind}: ${e.message}`))).toEqual(
      new Set(
        ["lambda:GetFunctionRecursionConfig", "lambda:ListCodeSigningConfigs"].map(
          (action) => `${action} unavailable: HTTP 404 from ${moto.endpoint}: operation not available`,
        ),
      ),
    );

    const report = evaluate(new ResourceModel(result.resources), resolveConfig({ ruleset: "strict" }, RULES));
    const failed = new Set(report.results.filter((r) => r.status === "fail").map((r) => `${r.ruleId} ${r.resourceId}`));
    expect(failed).toContain(`lambda-url-auth-none ${arn.fn("public-api")}`);
    // The other seeded problems, for the rules of the catalogue that judge them.
    const seeded = [
      ["dynamodb-pitr-disabled", arn.table],
      ["dynamodb-deletion-protection-off", arn.table],
      ["lambda-public-trigger-uncapped", arn.fn("public-api")],
      ["lambda-runtime-deprecated", arn.fn("public-api")],
      ["sqs-queue-no-dlq", arn.queue],
      ["sqs-queue-unencrypted", arn.queue],
      ["sqs-visibility-below-function-timeout", arn.queue],
      ["apigw-method-no-authorization", method.arn],
      ["events-target-no-dlq", arn.rule],
    ].filter(([ruleId]) => RULES.some((rule) => rule.id === ruleId));
    expect(seeded.length).toBeGreaterThan(0);
    expect(seeded.map(([ruleId, id]) => `${ruleId} ${id}`).filter((finding) => !failed.has(finding))).toEqual([]);
  });

  it("reads the account-level public access block over S3 Control: none, then one that confines public policies", async () => {
    await seed(moto.endpoint);
    const c = createClients({ region: REGION, endpoint: moto.endpoint, credentials });
    const bucketArn = "arn:aws:s3:::uploads-bucket";
    const policyVerdict = (result: LiveReadResult) =>
      evaluate(new ResourceModel(result.resources), resolveConfig({}, RULES)).results.find(
        (r) => r.ruleId === "s3-bucket-policy-public" && r.resourceId === bucketArn,
      )?.status;
    const before = await readAccount({ region: REGION, endpoint: moto.endpoint, credentials, kinds: ["s3.bucket"] });
    expect(before.errors.filter((e) => e.service === "s3control")).toEqual([]);
    // NoSuchPublicAccessBlockConfiguration: the account has none, the bucket's own block (none either) decides.
    expect(find<S3Bucket>(before, bucketArn).accountPublicAccessBlock).toBeUndefined();
    expect(policyVerdict(before)).toBe("fail");

    await c.s3control.send(
      new s3control.PutPublicAccessBlockCommand({
        AccountId: ACCOUNT,
        PublicAccessBlockConfiguration: { BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    );
    const after = await readAccount({ region: REGION, endpoint: moto.endpoint, credentials, kinds: ["s3.bucket"] });
    expect(find<S3Bucket>(after, bucketArn).accountPublicAccessBlock).toEqual({
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    });
    expect(policyVerdict(after)).toBe("pass");
  });

  it("names an endpoint that does not answer, for any call", async () => {
    await seed(moto.endpoint);
    const nothingListening = `http://127.0.0.1:${await freePort()}`;
    const result = await readAccount({
      region: REGION,
      clients: (region) => ({
        ...createClients({ region, endpoint: moto.endpoint, credentials }),
        sqs: createClients({ region, endpoint: nothingListening, credentials, maxAttempts: 1 }).sqs,
      }),
    });
    expect(result.errors.filter((e) => e.service === "sqs")).toEqual([
      expect.objectContaining({
        action: "sqs:ListQueues",
        kind: "unreachable",
        message: expect.stringMatching(new RegExp(`^cannot reach ${nothingListening}: .*ECONNREFUSED`)),
      }),
    ]);
    expect(result.resources.some((r) => r.kind === "lambda.function")).toBe(true);
  });

  it("lists the enabled regions with ec2:DescribeRegions where the Account API is missing", async () => {
    const regions = await listEnabledRegions({ region: REGION, endpoint: moto.endpoint, credentials });
    expect(regions).toEqual(expect.arrayContaining([REGION, "eu-west-1"]));
    expect(regions).toEqual([...regions].sort());
  });

  it("reads tags over HTTP: a sweep from the Tagging API (buckets included), a targeted read from each resource", async () => {
    await seed(moto.endpoint);
    const c = createClients({ region: REGION, endpoint: moto.endpoint, credentials });
    await c.s3.send(
      new s3.PutBucketTaggingCommand({
        Bucket: "uploads-bucket",
        Tagging: { TagSet: [{ Key: "vigil:sensitive", Value: "true" }] },
      }),
    );
    await c.sqs.send(
      new sqs.TagQueueCommand({ QueueUrl: `${moto.endpoint}/${ACCOUNT}/jobs`, Tags: { owner: "jobs" } }),
    );
    await c.sns.send(new sns.TagResourceCommand({ ResourceArn: arn.topic, Tags: [{ Key: "owner", Value: "ops" }] }));
    await c.lambda.send(new lambda.TagResourceCommand({ Resource: arn.fn("worker"), Tags: { owner: "payments" } }));
    const options = { region: REGION, endpoint: moto.endpoint, credentials };
    const expected: [Resource["kind"], string, Record<string, string>][] = [
      ["s3.bucket", "arn:aws:s3:::uploads-bucket", { "vigil:sensitive": "true" }],
      ["sqs.queue", arn.queue, { owner: "jobs" }],
      ["sns.topic", arn.topic, { owner: "ops" }],
      ["lambda.function", arn.fn("worker"), { owner: "payments" }],
      ["dynamodb.table", arn.table, {}],
    ];
    const swept = await readAccount(options);
    for (const [, resourceArn, tags] of expected) expect(find(swept, resourceArn).tags, resourceArn).toEqual(tags);
    for (const [kind, resourceArn, tags] of expected) {
      const targeted = await readTargeted({ kind, arn: resourceArn }, options);
      expect(find(targeted, resourceArn).tags, resourceArn).toEqual(tags);
      expect(
        targeted.errors.filter((e) => /tag/i.test(e.action)),
        resourceArn,
      ).toEqual([]);
    }
  });

  it("reads one function with its declared context for the event path: role, policies, triggers, the stores an admin role reaches", async () => {
    await seed(moto.endpoint);
    const result = await readTargeted(
      { kind: "lambda.function", arn: arn.fn("worker") },
      { region: REGION, endpoint: moto.endpoint, credentials },
    );
    expect(result.subject?.arn).toBe(arn.fn("worker"));
    // AdministratorAccess reaches every store: the targeted read sweeps each store kind, as a full scan would.
    expect(new Set(result.resources.map((r) => r.kind))).toEqual(
      new Set([
        "lambda.function",
        "lambda.event-source-mapping",
        "iam.role",
        "iam.managed-policy",
        "dynamodb.table",
        "s3.bucket",
        "sns.topic",
        "sqs.queue",
      ]),
    );
    expect(find<IamRole>(result, arn.role).inlinePolicies).toHaveLength(1);
    expect(find<IamManagedPolicy>(result, arn.admin).document).toMatchObject({ statements: [{ effect: "Allow" }] });
  });
});
