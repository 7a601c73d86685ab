// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Resource, type ResourceKind, ResourceModel, type ResourceOfKind } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readTemplates } from "./index.ts";
import { expandPolicyTemplate, samPolicyTemplates } from "./sam-policies.ts";
import { FIXTURES, pythonModuleAvailable, requireOracle } from "./testing.ts";

const SAM = join(FIXTURES, "sam", "template.yaml");

function byLogicalId<K extends ResourceKind>(resources: readonly Resource[], kind: K, logicalId: string) {
  const found = resources.find(
    (r) => r.kind === kind && r.origin.type === "template" && r.origin.logicalId === logicalId,
  );
  if (!found) throw new Error(`${kind} ${logicalId} not in the model`);
  return found as ResourceOfKind<K>;
}

async function scratchTemplate(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "vigil-sam-")), "template.yaml");
  await writeFile(file, text);
  return file;
}

describe("SAM expansion", () => {
  it("expands the policy templates with the translator's statements", () => {
    expect(samPolicyTemplates().source).toContain("aws-sam-translator");
    expect(expandPolicyTemplate("SQSPollerPolicy", { QueueName: { "Fn::GetAtt": ["Q", "QueueName"] } })).toEqual({
      document: {
        Statement: [
          {
            Action: [
              "sqs:ChangeMessageVisibility",
              "sqs:ChangeMessageVisibilityBatch",
              "sqs:DeleteMessage",
              "sqs:DeleteMessageBatch",
              "sqs:GetQueueAttributes",
              "sqs:ReceiveMessage",
            ],
            Effect: "Allow",
            Resource: {
              "Fn::Sub": [
                "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}",
                { queueName: { "Fn::GetAtt": ["Q", "QueueName"] } },
              ],
            },
          },
        ],
      },
    });
    expect(expandPolicyTemplate("KMSDecryptPolicy", { KeyId: { Ref: "Key" } })).toEqual({
      document: {
        Statement: [
          {
            Action: "kms:Decrypt",
            Effect: "Allow",
            Resource: {
              "Fn::Sub": [
                "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${keyId}",
                { keyId: { Ref: "Key" } },
              ],
            },
          },
        ],
      },
    });
    expect(expandPolicyTemplate("CloudWatchPutMetricPolicy", {})).toEqual({
      document: { Statement: [{ Action: ["cloudwatch:PutMetricData"], Effect: "Allow", Resource: "*" }] },
    });
    expect(expandPolicyTemplate("S3ReadPolicy", {})).toEqual({
      error: "SAM policy template S3ReadPolicy: missing BucketName",
    });
    expect(expandPolicyTemplate("S3ReedPolicy", { BucketName: "b" })).toEqual({
      error: "S3ReedPolicy is not a SAM policy template",
    });
    expect(expandPolicyTemplate("toString", {})).toEqual({ error: "toString is not a SAM policy template" });
  });

  it("expands every template the translator knows as the translator does", async (context) => {
    requireOracle(pythonModuleAvailable("samtranslator"), "aws-sam-translator (python3)", (note) => context.skip(note));
    const installed = spawnSync(
      "python3",
      [
        "-c",
        "import json, os, samtranslator; d = os.path.dirname(samtranslator.__file__); " +
          "t = json.load(open(os.path.join(d, 'policy_templates_data', 'policy_templates.json')))['Templates']; " +
          "print(json.dumps({'version': samtranslator.__version__, 'names': sorted(t)}))",
      ],
      { encoding: "utf8" },
    );
    const { version, names } = JSON.parse(installed.stdout) as { version: string; names: string[] };
    expect(samPolicyTemplates().version).toBe(version);
    expect(Object.keys(samPolicyTemplates().templates).sort()).toEqual(names);

    // One function per template, each parameter given a distinct value: both expansions must agree on every role.
    const functions = names.map((name, i) => {
      const parameters = Object.fromEntries(
        samPolicyTemplates().templates[name]!.parameters.map((p) => [p, `${p}-${i}`]),
      );
      const fn = { Type: "AWS::Serverless::Function", Properties: { InlineCode: "x", Handler: "index.handler" } };
      return [
        `Fn${i}`,
        { ...fn, Properties: { ...fn.Properties, Runtime: "nodejs22.x", Policies: [{ [name]: parameters }] } },
      ];
    });
    const sam = await scratchTemplate(
      JSON.stringify({ Transform: "AWS::Serverless-2016-10-31", Resources: Object.fromEntries(functions) }),
    );
    const translated = spawnSync("python3", [join(FIXTURES, "sam-translate.py"), sam], { encoding: "utf8" });
    expect(translated.stderr).toBe("");
    const file = join(await mkdtemp(join(tmpdir(), "vigil-sam-")), "translated.json");
    await writeFile(file, translated.stdout);
    const ours = await readTemplates([sam]);
    const official = await readTemplates([file]);
    expect(ours.errors).toEqual([]);
    expect(official.errors).toEqual([]);
    const roles = (resources: readonly Resource[]) => comparable(resources.filter((r) => r.kind === "iam.role"));
    expect(roles(ours.resources)).toHaveLength(names.length);
    expect(roles(ours.resources)).toEqual(roles(official.resources));
  });

  it("gives each function its implicit role, Globals and policies resolved to the template's resources", async () => {
    const { resources, errors } = await readTemplates([SAM]);
    expect(errors).toEqual([]);
    const model = new ResourceModel(resources);
    const create = byLogicalId(resources, "lambda.function", "CreateOrderFunction");
    expect(create).toMatchObject({
      runtime: "nodejs22.x",
      timeoutSeconds: 10,
      memoryMb: 256,
      tracing: "Active",
      reservedConcurrency: 10,
      environment: [{ name: "TABLE_NAME", value: "${OrdersTable}" }],
      tags: { "lambda:createdBy": "SAM" },
      origin: { line: 50 },
    });
    const role = model.roleOf(create)!;
    expect(role.origin).toMatchObject({ logicalId: "CreateOrderFunctionRole", line: 50 });
    expect(role.managedPolicyArns).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    ]);
    const table = byLogicalId(resources, "dynamodb.table", "OrdersTable");
    expect(table).toMatchObject({ billingMode: "PAY_PER_REQUEST", encryption: "aws-owned" });
    const queue = byLogicalId(resources, "sqs.queue", "JobsQueue");
    const documents = model.policiesOf(role).map((p) => p.document);
    expect(documents[0]).toMatchObject({
      statements: [{ resource: { values: [table.arn, `${table.arn}/index/*`] } }],
    });
    expect(documents[1]).toMatchObject({
      statements: [{ action: { values: ["sqs:SendMessage*"] }, resource: { values: [queue.arn] } }],
    });
    expect(documents[2]).toMatchObject({ statements: [{ action: { values: ["ssm:GetParameter"] } }] });
  });

  it("turns events into triggers: APIs, queues, topics, schedules, rules, streams and URLs", async () => {
    const { resources } = await readTemplates([SAM]);
    const model = new ResourceModel(resources);
    const triggers = (logicalId: string) =>
      model
        .triggersOf(byLogicalId(resources, "lambda.function", logicalId))
        .map((t) => t.type)
        .sort();
    expect(triggers("CreateOrderFunction")).toEqual(["rest-api", "rest-api"]);
    expect(triggers("ListOrdersFunction")).toEqual(["function-url", "http-api"]);
    expect(triggers("WorkerFunction")).toEqual([
      "event-source-mapping",
      "event-source-mapping",
      "eventbridge",
      "eventbridge",
      "sns",
    ]);
    const worker = byLogicalId(resources, "lambda.function", "WorkerFunction");
    expect(worker.deadLetterTarget).toBe(byLogicalId(resources, "sqs.queue", "JobsDeadLetterQueue").arn);
    expect(model.roleOf(worker)?.inlinePolicies[0]).toMatchObject({ name: "DeadLetterQueuePolicy" });
    expect(byLogicalId(resources, "lambda.function", "ListOrdersFunction").url).toEqual({
      authType: "NONE",
      invokeMode: "BUFFERED",
    });

    const methods = model.ofKind("apigateway.method");
    expect(methods.map((m) => [m.httpMethod, m.path, m.authorizationType])).toEqual([
      ["POST", "/orders", "AWS_IAM"],
      ["GET", "/health", "NONE"],
    ]);
    expect(byLogicalId(resources, "apigateway.stage", "OrdersApiprodStage")).toMatchObject({
      tracing: true,
      methodSettings: [{ loggingLevel: "ERROR", burstLimit: 100, rateLimit: 50 }],
    });
    expect(byLogicalId(resources, "apigateway.stage", "ServerlessRestApiProdStage").stageName).toBe("Prod");
    expect(byLogicalId(resources, "apigatewayv2.stage", "ServerlessHttpApiApiGatewayDefaultStage").stageName).toBe(
      "$default",
    );
    expect(byLogicalId(resources, "events.rule", "WorkerFunctionNightly")).toMatchObject({
      scheduleExpression: "rate(1 day)",
    });
    expect(byLogicalId(resources, "lambda.event-source-mapping", "WorkerFunctionStream")).toMatchObject({
      startingPosition: "LATEST",
      maximumRetryAttempts: 3,
    });
  });

  it("reports an unknown policy template, one missing a parameter, or an unsupported event type at the function's line", async () => {
    const file = await scratchTemplate(
      [
        "Transform: AWS::Serverless-2016-10-31",
        "Resources:",
        "  Fn:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Handler: index.handler",
        "      Runtime: nodejs22.x",
        "      CodeUri: s3://bucket/key.zip",
        "      Policies:",
        "        - KMSDecryptPolicie:",
        "            KeyId: abc",
        "        - KMSDecryptPolicy: {}",
        "      Events:",
        "        Stream:",
        "          Type: MQ",
        "          Properties: {}",
        "",
      ].join("\n"),
    );
    const { errors, resources } = await readTemplates([file]);
    expect(errors).toEqual([
      { file, line: 3, message: expect.stringContaining("Fn: KMSDecryptPolicie is not a SAM policy template") },
      { file, line: 3, message: expect.stringContaining("Fn: SAM policy template KMSDecryptPolicy: missing KeyId") },
      { file, line: 3, message: expect.stringContaining("SAM event type MQ is not expanded") },
    ]);
    // The role keeps its basic execution policy, with the published document added to the model.
    expect(resources.map((r) => r.kind).sort()).toEqual(["iam.managed-policy", "iam.role", "lambda.function"]);
  });

  it("yields the same model as the official SAM translator's expansion", async (context) => {
    requireOracle(pythonModuleAvailable("samtranslator"), "aws-sam-translator (python3)", (note) => context.skip(note));
    const translated = spawnSync("python3", [join(FIXTURES, "sam-translate.py"), SAM], { encoding: "utf8" });
    expect(translated.stderr).toBe("");
    const file = join(await mkdtemp(join(tmpdir(), "vigil-sam-")), "translated.json");
    await writeFile(file, translated.stdout);
    const ours = await readTemplates([SAM]);
    const official = await readTemplates([file]);
    expect(official.errors).toEqual([]);
    expect(comparable(ours.resources)).toEqual(comparable(official.resources));
  });
});

/**
 * The model without what legitimately differs: origins (file, line), statement order in resource policies, and the
 * translator's literal `arn:aws:` where Vigil keeps the partition token.
 */
function comparable(resources: readonly Resource[]) {
  const text = JSON.stringify(
    [...resources]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map(({ origin: _origin, ...resource }) => {
        const policy = (resource as { policy?: { statements?: { sid?: string }[] } }).policy;
        if (!policy?.statements) return resource;
        const statements = [...policy.statements]
          .sort((a, b) => (a.sid ?? "").localeCompare(b.sid ?? ""))
          .map((s) => ({ ...s, index: 0 }));
        return { ...resource, policy: { statements } };
      }),
  );
  return JSON.parse(text.replaceAll("arn:aws:execute-api:", "arn:${AWS::Partition}:execute-api:"));
}
