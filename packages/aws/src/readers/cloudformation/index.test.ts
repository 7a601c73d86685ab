// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LambdaFunction, type Resource, type ResourceKind, ResourceModel, type ResourceOfKind } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readTemplates } from "./index.ts";
import { FIXTURES } from "./testing.ts";

const PLAIN = join(FIXTURES, "plain", "template.yaml");
const FN_ARN = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders-prod";

function byLogicalId<K extends ResourceKind>(resources: readonly Resource[], kind: K, logicalId: string) {
  const found = resources.find(
    (r) => r.kind === kind && r.origin.type === "template" && r.origin.logicalId === logicalId,
  );
  if (!found) throw new Error(`${kind} ${logicalId} not in the model`);
  return found as ResourceOfKind<K>;
}

async function readPlain(parameters: Record<string, string> = { Stage: "prod" }) {
  const result = await readTemplates([PLAIN], { parameters });
  return { ...result, model: new ResourceModel(result.resources) };
}

describe("readTemplates: plain CloudFormation", () => {
  it("reads the function with resolved settings, defaults and its origin line", async () => {
    const { resources, errors } = await readPlain();
    expect(errors).toEqual([]);
    const fn = byLogicalId(resources, "lambda.function", "OrdersFunction");
    expect(fn).toMatchObject({
      id: FN_ARN,
      name: "orders-prod",
      origin: { type: "template", file: PLAIN, logicalId: "OrdersFunction", line: 98 },
      runtime: "nodejs22.x",
      timeoutSeconds: 30,
      memoryMb: 512,
      reservedConcurrency: 50,
      tracing: "Active",
      recursiveLoop: "Terminate",
      architectures: ["x86_64"],
      deadLetterTarget: "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${AuditQueue}",
      url: { authType: "NONE", invokeMode: "BUFFERED", cors: { allowOrigins: ["*"], allowCredentials: false } },
      asyncInvoke: {
        maximumRetryAttempts: 0,
        maximumEventAgeSeconds: 21_600,
        onFailure: "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${AuditQueue}",
      },
    });
    expect(fn).not.toHaveProperty("lastModified");
    expect(fn.environment).toEqual([
      { name: "TABLE_NAME", value: "orders-prod" },
      { name: "REGION_HINT", value: "${AWS::Region}" },
      { name: "BUILD", value: "djE=" },
    ]);
  });

  it("links function → role → inline, IAM::Policy and managed policies → table", async () => {
    const { model, resources } = await readPlain();
    const fn = byLogicalId(resources, "lambda.function", "OrdersFunction");
    const role = model.roleOf(fn);
    expect(role?.origin).toMatchObject({ logicalId: "OrdersFunctionRole" });
    const table = byLogicalId(resources, "dynamodb.table", "OrdersTable");
    expect(table).toMatchObject({
      arn: "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders-prod",
      pointInTimeRecovery: true,
      deletionProtection: true,
      encryption: "aws-managed",
      billingMode: "PAY_PER_REQUEST",
      stream: { viewType: "NEW_AND_OLD_IMAGES", arn: `${table.arn}/stream/\${OrdersTable.StreamLabel}` },
    });
    const policies = model.policiesOf(role!);
    expect(policies.map((p) => p.label)).toEqual([
      "inline policy orders-table",
      "inline policy stream-read",
      "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${AuditPolicy}",
    ]);
    const [inline, stream, , managed] = policies;
    expect(inline?.document).toMatchObject({ statements: [{ resource: { values: [table.arn] } }] });
    expect(stream?.document).toMatchObject({ statements: [{ resource: { values: [table.stream?.arn] } }] });
    expect(managed?.document).toMatchObject({
      statements: [
        { action: { values: ["sqs:SendMessage"] }, resource: { values: [expect.stringContaining("${AuditQueue}")] } },
      ],
    });
  });

  it("merges Lambda permissions into the function's resource policy", async () => {
    const { resources } = await readPlain();
    const fn = byLogicalId(resources, "lambda.function", "OrdersFunction");
    expect(fn.policy).toMatchObject({
      statements: [
        {
          sid: "OrdersFunctionUrlPermission",
          principal: { principals: { anyone: true } },
          action: { values: ["lambda:InvokeFunctionUrl"] },
          resource: { values: [FN_ARN] },
          conditions: [{ operator: "StringEquals", key: "lambda:functionurlauthtype", values: ["NONE"] }],
        },
        {
          sid: "OrdersFunctionApiPermission",
          principal: { principals: { service: ["apigateway.amazonaws.com"] } },
          conditions: [
            {
              operator: "ArnLike",
              key: "aws:sourcearn",
              values: ["arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${OrdersApi}/*"],
            },
          ],
        },
        {
          sid: "OrdersFunctionBucketPermission",
          principal: { principals: { service: ["s3.amazonaws.com"] } },
          conditions: [{ operator: "StringEquals", key: "aws:sourceaccount", values: ["${AWS::AccountId}"] }],
        },
      ],
    });
  });

  it("finds every trigger of the function", async () => {
    const { model, resources } = await readPlain();
    const fn = byLogicalId(resources, "lambda.function", "OrdersFunction");
    expect(
      model
        .triggersOf(fn)
        .map((t) => t.type)
        .sort(),
    ).toEqual(["event-source-mapping", "eventbridge", "function-url", "http-api", "rest-api", "s3"]);
    expect(byLogicalId(resources, "lambda.event-source-mapping", "OrdersStreamMapping")).toMatchObject({
      functionArn: FN_ARN,
      startingPosition: "LATEST",
      maximumRetryAttempts: 2,
      bisectBatchOnFunctionError: true,
      enabled: true,
    });
  });

  it("maps queues, topics and buckets with their policies and AWS defaults", async () => {
    const { resources } = await readPlain();
    const queue = byLogicalId(resources, "sqs.queue", "AuditQueue");
    expect(queue).toMatchObject({
      encryption: "sqs-managed",
      visibilityTimeoutSeconds: 60,
      messageRetentionSeconds: 345_600,
      redrive: { maxReceiveCount: 5, deadLetterTargetArn: expect.stringContaining("${AuditDeadLetterQueue}") },
      policy: { statements: [{ principal: { principals: { service: ["sns.amazonaws.com"] } } }] },
    });
    expect(byLogicalId(resources, "sqs.queue", "AuditDeadLetterQueue").encryption).toBe("none");
    const topic = byLogicalId(resources, "sns.topic", "AlertsTopic");
    expect(topic).toMatchObject({ kmsKeyId: "alias/aws/sns", fifo: false });
    expect(topic.subscriptions).toEqual([
      { protocol: "email", endpoint: { unknown: true, reason: expect.stringContaining("AlarmEmail") } },
      { protocol: "sqs", endpoint: queue.arn, deadLetterTarget: expect.stringContaining("${AuditDeadLetterQueue}") },
    ]);
    const bucket = byLogicalId(resources, "s3.bucket", "UploadsBucket");
    expect(bucket).toMatchObject({
      name: "uploads-${AWS::AccountId}-prod",
      versioning: true,
      eventBridgeEnabled: false,
      notifications: [{ targetType: "lambda", targetArn: FN_ARN, events: ["s3:ObjectCreated:*"] }],
      policy: { statements: [{ effect: "Deny", conditions: [{ operator: "Bool", key: "aws:securetransport" }] }] },
    });
  });

  it("maps REST and HTTP APIs with paths, stages, usage plans, validators and WAF", async () => {
    const { resources } = await readPlain();
    const api = byLogicalId(resources, "apigateway.rest-api", "OrdersApi");
    expect(api).toMatchObject({
      endpointTypes: ["REGIONAL"],
      requestValidators: [{ id: "${BodyValidator}", validateBody: true, validateParameters: false }],
    });
    expect(byLogicalId(resources, "apigateway.method", "GetOrderMethod")).toMatchObject({
      path: "/orders/{id}",
      httpMethod: "GET",
      authorizationType: "AWS_IAM",
      requestValidatorId: "${BodyValidator}",
      integrationFunctionArn: FN_ARN,
    });
    const stage = byLogicalId(resources, "apigateway.stage", "ApiStage");
    expect(stage).toMatchObject({
      stageName: "prod",
      arn: `${api.arn}/stages/prod`,
      tracing: true,
      methodSettings: [{ resourcePath: "/*", httpMethod: "*", loggingLevel: "INFO", burstLimit: 20, rateLimit: 10 }],
      webAclArn: { unknown: true, reason: "Fn::ImportValue shared-waf-acl-arn" },
    });
    expect(byLogicalId(resources, "apigateway.usage-plan", "ApiUsagePlan")).toMatchObject({
      apiStages: [{ restApiArn: api.arn, stageName: "prod" }],
      quota: { limit: 10_000, period: "MONTH" },
    });
    expect(byLogicalId(resources, "apigatewayv2.route", "HttpRoute")).toMatchObject({
      routeKey: "GET /orders",
      authorizationType: "NONE",
      integrationFunctionArn: FN_ARN,
    });
    expect(byLogicalId(resources, "apigatewayv2.stage", "HttpStage")).toMatchObject({
      stageName: "$default",
      defaultRouteThrottle: { burstLimit: 50, rateLimit: 25 },
    });
    expect(byLogicalId(resources, "events.rule", "NightlyRule")).toMatchObject({
      state: "ENABLED",
      targets: [{ id: "orders", arn: FN_ARN, maximumRetryAttempts: 3 }],
    });
  });

  it("leaves out resources whose condition is false and keeps undecidable ones", async () => {
    const dev = await readPlain({ Stage: "dev" });
    const logicalIds = (resources: readonly Resource[]) =>
      resources.map((r) => (r.origin.type === "template" ? r.origin.logicalId : ""));
    expect(logicalIds(dev.resources)).not.toContain("ProdOnlyQueue");
    expect(logicalIds(dev.resources)).toContain("RegionalQueue");
    expect(logicalIds((await readPlain()).resources)).toContain("ProdOnlyQueue");
  });

  it("keeps values depending on a parameter without a value unknown, naming the default", async () => {
    const { resources, errors } = await readPlain({});
    expect(errors).toEqual([]);
    const fn = byLogicalId(resources, "lambda.function", "OrdersFunction") as LambdaFunction;
    expect(fn.name).toMatchObject({
      unknown: true,
      reason: expect.stringContaining('Ref Stage: parameter without a value (default "dev")'),
    });
    expect(fn.arn).toBe("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${OrdersFunction}");
    expect(fn.timeoutSeconds).toMatchObject({ unknown: true });
    // The permission still lands on the function: the link goes by logical id.
    expect(fn.policy).toMatchObject({ statements: { length: 3 } });
    expect(byLogicalId(resources, "dynamodb.table", "OrdersTable").pointInTimeRecovery).toMatchObject({
      unknown: true,
    });
  });

  it("counts resource types the model does not hold", async () => {
    expect((await readPlain()).ignoredTypes).toEqual({ "AWS::KMS::Key": 1 });
  });
});

describe("readTemplates: files, folders and errors", () => {
  async function scratch(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "vigil-cfn-"));
    for (const [name, text] of Object.entries(files)) {
      await mkdir(join(dir, name, ".."), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    return dir;
  }
  const queueTemplate = (id: string) => `{\n  "Resources": {\n    "${id}": { "Type": "AWS::SQS::Queue" }\n  }\n}\n`;

  it("reads JSON templates with their lines", async () => {
    const dir = await scratch({ "stack.json": queueTemplate("Jobs") });
    const { resources } = await readTemplates([join(dir, "stack.json")]);
    expect(resources[0]?.origin).toMatchObject({ logicalId: "Jobs", line: 3 });
  });

  it("reads a bucket's AccessControl in S3's canned-ACL spelling, as the other sources do", async () => {
    const bucket = (id: string, acl: string) =>
      `"${id}": { "Type": "AWS::S3::Bucket", "Properties": { "AccessControl": "${acl}" } }`;
    const dir = await scratch({
      "stack.json": `{ "Resources": { ${bucket("Site", "PublicRead")}, ${bucket("Drop", "PublicReadWrite")}, ${bucket("Logs", "LogDeliveryWrite")} } }`,
    });
    const { resources } = await readTemplates([join(dir, "stack.json")]);
    expect(resources.map((r) => (r.kind === "s3.bucket" ? r.acl : undefined))).toEqual([
      "public-read",
      "public-read-write",
      "log-delivery-write",
    ]);
  });

  it("finds templates in a folder, skipping node_modules and files that are not templates", async () => {
    const dir = await scratch({
      "infra/a.json": queueTemplate("A"),
      "infra/b.yml": "Resources:\n  B:\n    Type: AWS::SQS::Queue\n",
      "package.json": '{ "name": "app" }',
      "node_modules/dep/template.json": queueTemplate("Dep"),
    });
    const { files, resources, errors } = await readTemplates([dir]);
    expect(errors).toEqual([]);
    expect(files.map((f) => f.slice(dir.length))).toEqual(["/infra/a.json", "/infra/b.yml"]);
    expect(resources).toHaveLength(2);
  });

  it("prefers template.yaml in a folder", async () => {
    const dir = await scratch({
      "template.yaml": "Resources:\n  T:\n    Type: AWS::SQS::Queue\n",
      "other.json": queueTemplate("O"),
    });
    expect((await readTemplates([dir])).files).toEqual([join(dir, "template.yaml")]);
  });

  it("reports a broken file with its line and still reads the others", async () => {
    const dir = await scratch({
      "good.yaml": "Resources:\n  Good:\n    Type: AWS::SQS::Queue\n",
      "bad.yaml": "Resources:\n  Bad:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Reff Name\n",
      "broken.json": '{\n  "Resources": {\n    "X": { "Type": "AWS::SQS::Queue" },,\n  }\n}\n',
    });
    const { resources, errors } = await readTemplates([
      join(dir, "bad.yaml"),
      join(dir, "broken.json"),
      join(dir, "good.yaml"),
    ]);
    expect(resources.map((r) => r.name)).toEqual(["${Good}"]);
    expect(errors).toEqual([
      { file: join(dir, "bad.yaml"), line: 5, column: expect.any(Number), message: "unknown tag !Reff" },
      { file: join(dir, "broken.json"), line: 3, column: expect.any(Number), message: expect.any(String) },
    ]);
  });

  it("turns a resource that cannot be mapped into an error entry", async () => {
    const dir = await scratch({
      "t.yaml": [
        "Resources:",
        "  Role:",
        "    Type: AWS::IAM::Role",
        "    Properties:",
        "      AssumeRolePolicyDocument:",
        "        Statement:",
        "          - Effect: Maybe",
        "            Action: sts:AssumeRole",
        "  Queue:",
        "    Type: AWS::SQS::Queue",
        "",
      ].join("\n"),
    });
    const { resources, errors } = await readTemplates([join(dir, "t.yaml")]);
    expect(resources).toHaveLength(2);
    expect(resources[0]).toMatchObject({ kind: "iam.role", trustPolicy: { unknown: true } });
    expect(errors).toEqual([
      { file: join(dir, "t.yaml"), line: 2, message: expect.stringContaining("Effect must be") },
    ]);
  });

  it("reports a path that does not exist", async () => {
    const { errors } = await readTemplates(["/nonexistent/template.yaml"]);
    expect(errors).toEqual([{ file: "/nonexistent/template.yaml", message: expect.stringContaining("cannot read") }]);
  });
});

describe("readTemplates: CDK cloud assembly", () => {
  it("reads the stacks of cdk.out and their nested stacks, linked through parameters", async () => {
    const { resources, errors, files } = await readTemplates([join(FIXTURES, "cdk-app")]);
    expect(errors).toEqual([]);
    expect(files.map((f) => f.split("/").pop())).toEqual([
      "OrdersStack.template.json",
      "OrdersStackApiNestedStack2C0E4B6A.nested.template.json",
    ]);
    const model = new ResourceModel(resources);
    const fn = byLogicalId(resources, "lambda.function", "Handler886CB40B");
    expect(fn.origin).toMatchObject({ stack: "OrdersStack/ApiNestedStackApiNestedStackResource4F1D0F3B", line: 37 });
    expect(fn.url).toMatchObject({ authType: "AWS_IAM" });
    expect(fn.environment).toEqual([{ name: "TABLE_NAME", value: "${OrdersTable315BB997}" }]);
    const table = byLogicalId(resources, "dynamodb.table", "OrdersTable315BB997");
    const policies = model.policiesOf(model.roleOf(fn)!);
    expect(policies[0]?.document).toMatchObject({ statements: [{ resource: { values: [table.arn] } }] });
    expect(policies[1]?.managedArn).toBe(
      "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    );
  });
});
