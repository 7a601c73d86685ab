// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { evaluate, ResourceModel, RULES, resolveConfig } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readTemplates } from "./index.ts";

async function scratch(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "vigil-deployable-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

const logicalIds = (resources: readonly { origin: { type: string; logicalId?: string } }[]) =>
  resources.map((r) => (r.origin as { logicalId: string }).logicalId).sort();

describe("readTemplates: AWS::Include", () => {
  it("reads a local snippet merged into Resources, and one that is a whole property value", async () => {
    const dir = await scratch({
      "template.yaml": [
        "Resources:",
        "  Jobs:",
        "    Type: AWS::SQS::Queue",
        "    Properties:",
        "      Fn::Transform:",
        "        Name: AWS::Include",
        "        Parameters: { Location: ./queue-props.yaml }",
        "  Fn::Transform:",
        "    Name: AWS::Include",
        "    Parameters: { Location: snippets/topics.json }",
      ].join("\n"),
      "queue-props.yaml": "QueueName: !Sub jobs-${AWS::Region}\nSqsManagedSseEnabled: false\n",
      "snippets/topics.json": '{ "Alerts": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "alerts" } } }',
    });
    const { resources, errors } = await readTemplates([join(dir, "template.yaml")]);
    expect(errors).toEqual([]);
    expect(logicalIds(resources)).toEqual(["Alerts", "Jobs"]);
    expect(resources.find((r) => r.kind === "sqs.queue")).toMatchObject({
      name: "jobs-${AWS::Region}",
      encryption: "none",
    });
  });

  it("says what it cannot include: an S3 location, a missing file, a snippet including itself", async () => {
    const include = (location: string) =>
      `  Fn::Transform:\n    Name: AWS::Include\n    Parameters: { Location: "${location}" }\n`;
    const dir = await scratch({
      "s3.yaml": `Resources:\n  Q:\n    Type: AWS::SQS::Queue\n${include("s3://bucket/snippet.yaml")}`,
      "missing.yaml": `Resources:\n  Q:\n    Type: AWS::SQS::Queue\n${include("./nope.yaml")}`,
      "loop.yaml": `Resources:\n${include("./loop-snippet.yaml")}`,
      "loop-snippet.yaml": `Fn::Transform:\n  Name: AWS::Include\n  Parameters: { Location: ./loop-snippet.yaml }\n`,
    });
    const read = async (name: string) => readTemplates([join(dir, name)]);
    expect((await read("s3.yaml")).errors).toEqual([
      { file: join(dir, "s3.yaml"), message: expect.stringContaining("s3://bucket/snippet.yaml: not a local file") },
    ]);
    expect((await read("s3.yaml")).resources).toHaveLength(1);
    expect((await read("missing.yaml")).errors[0]?.message).toMatch(/\.\/nope\.yaml: cannot read/);
    expect((await read("loop.yaml")).errors[0]?.message).toContain("includes itself");
  });
});

describe("readTemplates: templates CloudFormation would refuse", () => {
  it("names each AWS::Serverless resource of a template without the SAM transform", async () => {
    const dir = await scratch({
      "no-transform.yaml": [
        "Resources:",
        "  Api:",
        "    Type: AWS::Serverless::Function",
        "    Properties: { Runtime: nodejs22.x, Handler: index.handler, InlineCode: x }",
        "  Jobs:",
        "    Type: AWS::SQS::Queue",
      ].join("\n"),
      "with-transform.yaml": [
        "Transform: AWS::Serverless-2016-10-31",
        "Resources:",
        "  Api:",
        "    Type: AWS::Serverless::Function",
        "    Properties: { Runtime: nodejs22.x, Handler: index.handler, InlineCode: x }",
      ].join("\n"),
    });
    const without = await readTemplates([join(dir, "no-transform.yaml")]);
    expect(without.errors).toEqual([
      {
        file: join(dir, "no-transform.yaml"),
        line: 2,
        message: expect.stringContaining(
          "Api: AWS::Serverless::Function needs `Transform: AWS::Serverless-2016-10-31`",
        ),
      },
    ]);
    expect(logicalIds(without.resources)).toEqual(["Jobs"]);
    const withTransform = await readTemplates([join(dir, "with-transform.yaml")]);
    expect(withTransform.errors).toEqual([]);
    expect(withTransform.resources.some((r) => r.kind === "lambda.function")).toBe(true);
  });

  it("refuses a circular dependency, naming the cycle, and reads a template whose references only look alike", async () => {
    const dir = await scratch({
      "cycle.yaml": [
        "Resources:",
        "  Uploads:",
        "    Type: AWS::S3::Bucket",
        "    Properties:",
        "      NotificationConfiguration:",
        "        LambdaConfigurations:",
        "          - { Event: s3:ObjectCreated:*, Function: !GetAtt Worker.Arn }",
        "  Worker:",
        "    Type: AWS::Lambda::Function",
        "    Properties: { Runtime: nodejs22.x, Handler: i.h, Code: { ZipFile: x }, Role: !GetAtt Role.Arn }",
        "  Role:",
        "    Type: AWS::IAM::Role",
        "    Properties:",
        "      AssumeRolePolicyDocument: {}",
        "      Policies:",
        "        - PolicyName: read",
        "          PolicyDocument:",
        "            Statement:",
        "              - { Effect: Allow, Action: s3:GetObject, Resource: !Sub '${Uploads.Arn}/*' }",
      ].join("\n"),
      "acyclic.yaml": [
        "Resources:",
        "  Worker:",
        "    Type: AWS::Lambda::Function",
        "    Properties:",
        "      Runtime: nodejs22.x",
        "      Handler: i.h",
        "      Code: { ZipFile: x }",
        "      Role: !GetAtt Role.Arn",
        "      Environment:",
        "        Variables:",
        "          ESCAPED: !Sub '${!Worker} ${AWS::Region}'",
        "          OWN: !Sub ['${Worker}', { Worker: literal }]",
        "  Role:",
        "    Type: AWS::IAM::Role",
        "    Properties: { AssumeRolePolicyDocument: {} }",
      ].join("\n"),
    });
    const cyclic = await readTemplates([join(dir, "cycle.yaml")]);
    expect(cyclic.errors).toEqual([
      {
        file: join(dir, "cycle.yaml"),
        line: 2,
        message: expect.stringContaining("circular dependency between resources Uploads → Worker → Role → Uploads"),
      },
    ]);
    expect(cyclic.resources).toEqual([]);
    const acyclic = await readTemplates([join(dir, "acyclic.yaml")]);
    expect(acyclic.errors).toEqual([]);
    expect(logicalIds(acyclic.resources)).toEqual(["Role", "Worker"]);
  });
});

describe("readTemplates: SAM's implicit `Stage` stage", () => {
  it("is not a second copy of the declared stage, while a plain deployment's own stage is read", async () => {
    const dir = await scratch({
      "sam.yaml": [
        "Transform: AWS::Serverless-2016-10-31",
        "Resources:",
        "  Api:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Runtime: nodejs22.x",
        "      Handler: index.handler",
        "      InlineCode: x",
        "      Events:",
        "        Get: { Type: Api, Properties: { Path: /orders, Method: get } }",
      ].join("\n"),
      "plain.yaml": [
        "Resources:",
        "  Rest:",
        "    Type: AWS::ApiGateway::RestApi",
        "    Properties: { Name: orders }",
        "  Deployment:",
        "    Type: AWS::ApiGateway::Deployment",
        "    Properties: { RestApiId: !Ref Rest, StageName: Stage }",
      ].join("\n"),
    });
    const stages = async (name: string) =>
      (await readTemplates([join(dir, name)])).resources
        .filter((r) => r.kind === "apigateway.stage")
        .map((r) => r.name);
    expect(await stages("sam.yaml")).toEqual(["Prod"]);
    expect(await stages("plain.yaml")).toEqual(["Stage"]);
  });
});

describe("readTemplates: an HTTP API's quick create", () => {
  it("reads the unauthenticated route and the bare $default stage that `Target` creates", async () => {
    const dir = await scratch({
      "quick.yaml": [
        "Resources:",
        "  Webhook:",
        "    Type: AWS::Lambda::Function",
        "    Properties: { Runtime: nodejs22.x, Handler: i.h, Code: { ZipFile: x }, Role: arn:aws:iam::123456789012:role/r }",
        "  WebhookApi:",
        "    Type: AWS::ApiGatewayV2::Api",
        "    Properties: { Name: webhook, ProtocolType: HTTP, Target: !GetAtt Webhook.Arn }",
      ].join("\n"),
    });
    const { resources, errors } = await readTemplates([join(dir, "quick.yaml")]);
    expect(errors).toEqual([]);
    const fn = resources.find((r) => r.kind === "lambda.function")!;
    expect(resources.find((r) => r.kind === "apigatewayv2.route")).toMatchObject({
      routeKey: "$default",
      authorizationType: "NONE",
      integrationFunctionArn: fn.arn,
      origin: { logicalId: "WebhookApi" },
    });
    expect(resources.find((r) => r.kind === "apigatewayv2.stage")).toMatchObject({ stageName: "$default" });
    const model = new ResourceModel(resources);
    const results = evaluate(model, resolveConfig({}, RULES)).results.filter((r) => r.status === "fail");
    expect(results.map((r) => r.ruleId)).toEqual(expect.arrayContaining(["apigwv2-route-no-authorizer"]));
  });
});

describe("readTemplates: CDK's bucket notifications", () => {
  it("reads `Custom::S3BucketNotifications` as the bucket's triggers", async () => {
    const dir = await scratch({
      "cdk.json": JSON.stringify({
        Resources: {
          Images: { Type: "AWS::S3::Bucket" },
          Thumbnail: {
            Type: "AWS::Lambda::Function",
            Properties: {
              Runtime: "nodejs22.x",
              Handler: "i.h",
              Code: { ZipFile: "x" },
              Role: "arn:aws:iam::1:role/r",
            },
          },
          ImagesNotifications: {
            Type: "Custom::S3BucketNotifications",
            Properties: {
              ServiceToken: "arn:aws:lambda:us-east-1:123456789012:function:handler",
              BucketName: { Ref: "Images" },
              NotificationConfiguration: {
                LambdaFunctionConfigurations: [
                  { Events: ["s3:ObjectCreated:*"], LambdaFunctionArn: { "Fn::GetAtt": ["Thumbnail", "Arn"] } },
                ],
              },
              Managed: true,
            },
          },
        },
      }),
    });
    const { resources, errors, ignoredTypes } = await readTemplates([join(dir, "cdk.json")]);
    expect(errors).toEqual([]);
    expect(ignoredTypes).toBeUndefined();
    const fn = resources.find((r) => r.kind === "lambda.function")!;
    expect(resources.find((r) => r.kind === "s3.bucket")).toMatchObject({
      notifications: [{ targetType: "lambda", targetArn: fn.arn, events: ["s3:ObjectCreated:*"] }],
    });
    expect(new ResourceModel(resources).triggersOf(fn as never).map((t) => t.type)).toContain("s3");
  });
});

describe("readTemplates: a CDK stack's environment", () => {
  it("gives its resources the account it deploys to, so that a grant to that account is not cross-account", async () => {
    const template = {
      Resources: {
        Fn: {
          Type: "AWS::Lambda::Function",
          Properties: { Runtime: "nodejs22.x", Handler: "i.h", Code: { ZipFile: "x" }, Role: "arn:aws:iam::1:role/r" },
        },
        ApiPermission: {
          Type: "AWS::Lambda::Permission",
          Properties: {
            Action: "lambda:InvokeFunction",
            FunctionName: { "Fn::GetAtt": ["Fn", "Arn"] },
            Principal: "apigateway.amazonaws.com",
            SourceArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/orders",
          },
        },
      },
    };
    const manifest = (environment: string) =>
      JSON.stringify({
        version: "36.0.0",
        artifacts: {
          Orders: {
            type: "aws:cloudformation:stack",
            environment,
            properties: { templateFile: "Orders.template.json" },
          },
        },
      });
    const dir = await scratch({
      "pinned/manifest.json": manifest("aws://123456789012/us-east-1"),
      "pinned/Orders.template.json": JSON.stringify(template),
      "agnostic/manifest.json": manifest("aws://unknown-account/unknown-region"),
      "agnostic/Orders.template.json": JSON.stringify(template),
    });
    const crossAccount = async (folder: string) => {
      const { resources, errors } = await readTemplates([join(dir, folder)]);
      expect(errors).toEqual([]);
      const config = resolveConfig({ rules: { "lambda-invoke-cross-account": {} } }, RULES);
      const results = evaluate(new ResourceModel(resources), config).results;
      return { resources, verdict: results.find((r) => r.ruleId === "lambda-invoke-cross-account")?.status };
    };
    const pinned = await crossAccount("pinned");
    expect(pinned.resources[0]?.origin).toMatchObject({ account: "123456789012" });
    expect(pinned.verdict).toBe("pass");
    const agnostic = await crossAccount("agnostic");
    expect(agnostic.resources[0]?.origin).not.toHaveProperty("account");
    expect(agnostic.verdict).toBe("fail");
  });
});
