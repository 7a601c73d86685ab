/** The functions of the moto app (moto-app.ts) and their triggers, with the problems planted there. */
import * as ddb from "@aws-sdk/client-dynamodb";
import { PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import * as lambda from "@aws-sdk/client-lambda";
import * as s3 from "@aws-sdk/client-s3";
import * as sns from "@aws-sdk/client-sns";
import type { LiveClients } from "../clients.ts";
import { type MotoAppArns, policyDocument } from "./moto-app-arns.ts";
import { MOTO_ACCOUNT } from "./seed.ts";

const EMPTY_ZIP = Buffer.from("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==", "base64");
/** Another account, which an invoke permission names. */
const FOREIGN_ACCOUNT = "210987654321";

export async function seedFunctions({ lambda: client }: LiveClients, arns: MotoAppArns): Promise<void> {
  const create = (FunctionName: string, Role: string, options: Partial<lambda.CreateFunctionRequest> = {}) =>
    client.send(
      new lambda.CreateFunctionCommand({
        FunctionName,
        Role,
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Timeout: 30,
        Code: { ZipFile: new Uint8Array(EMPTY_ZIP) },
        ...options,
      }),
    );
  const apiRole = arns.role("api-role", "/service-role/");
  // Deprecated runtime, default timeout, a plaintext secret, a public URL with CORS open to any origin.
  await create("public-api", apiRole, {
    Runtime: "nodejs20.x",
    Timeout: 3,
    Environment: { Variables: { DB_PASSWORD: "Xk9#mQ2$vLp7!wR4zT8^nB3" } },
  });
  await client.send(
    new lambda.CreateFunctionUrlConfigCommand({
      FunctionName: "public-api",
      AuthType: "NONE",
      Cors: { AllowOrigins: ["*"], AllowMethods: ["GET"] },
    }),
  );
  await client.send(
    new lambda.AddPermissionCommand({
      FunctionName: "public-api",
      StatementId: "public-url",
      Action: "lambda:InvokeFunctionUrl",
      Principal: "*",
      FunctionUrlAuthType: "NONE",
    }),
  );
  await create("worker", arns.role("worker-role"), { Timeout: 60 });
  await client.send(
    new lambda.PutFunctionConcurrencyCommand({ FunctionName: "worker", ReservedConcurrentExecutions: 5 }),
  );
  await create("mailer", apiRole);
  await create("ledger-stream", arns.role("worker-role"));
  await create("thumbnailer", arns.role("admin-role"));
  await create("nightly", arns.role("admin-role"));
  await client.send(
    new lambda.AddPermissionCommand({
      FunctionName: "nightly",
      StatementId: "partner-account",
      Action: "lambda:InvokeFunction",
      // AWS stores an account id as its root ARN; moto keeps the bare id, which is no valid policy principal.
      Principal: `arn:aws:iam::${FOREIGN_ACCOUNT}:root`,
    }),
  );
  await create("notifier", apiRole);
  await create("items-api", apiRole);
  // Async retries without a destination.
  await client.send(
    new lambda.PutFunctionEventInvokeConfigCommand({ FunctionName: "notifier", MaximumRetryAttempts: 2 }),
  );
  // A role anyone may assume; async retries without a destination. (moto refuses a layer it does not hold, so no
  // layer of another account is planted.)
  await create("partner-sync", arns.role("open-role"));
  await client.send(
    new lambda.PutFunctionEventInvokeConfigCommand({ FunctionName: "partner-sync", MaximumRetryAttempts: 2 }),
  );
  // An invoke permission that outlived its bucket.
  await create("leftover", arns.role("deployer-role"));
  await allowInvoke(client, "leftover", "s3.amazonaws.com", arns.bucket("retired-uploads"));
}

/** The resource-policy statement a push trigger needs to invoke a function. */
export function allowInvoke(client: lambda.LambdaClient, fn: string, principal: string, sourceArn: string) {
  return client.send(
    new lambda.AddPermissionCommand({
      FunctionName: fn,
      StatementId: `from-${sourceArn.slice(sourceArn.lastIndexOf(":") + 1).replace(/[^\w-]/g, "-")}`,
      Action: "lambda:InvokeFunction",
      Principal: principal,
      SourceArn: sourceArn,
      SourceAccount: MOTO_ACCOUNT,
    }),
  );
}

export async function seedTriggers(clients: LiveClients, arns: MotoAppArns): Promise<void> {
  const { lambda: fns } = clients;
  const mapping = (FunctionName: string, EventSourceArn: string, options: object = {}) =>
    fns.send(new lambda.CreateEventSourceMappingCommand({ FunctionName, EventSourceArn, BatchSize: 10, ...options }));
  // SQS: jobs → worker (no maximum concurrency), tasks → mailer.
  await mapping("worker", arns.queue("jobs"));
  await mapping("mailer", arns.queue("tasks"), { ScalingConfig: { MaximumConcurrency: 5 } });
  await mapping("mailer", arns.queue("inbox"), { Enabled: false, ScalingConfig: { MaximumConcurrency: 5 } });
  // A DynamoDB stream without failure handling.
  const ledger = await clients.dynamodb.send(new ddb.DescribeTableCommand({ TableName: "ledger" }));
  await mapping("ledger-stream", ledger.Table?.LatestStreamArn ?? "", { StartingPosition: "LATEST" });

  // S3: uploads (anyone may put objects) → thumbnailer, whose admin role writes back into it.
  await clients.s3.send(new s3.CreateBucketCommand({ Bucket: "uploads" }));
  await clients.s3.send(new s3.CreateBucketCommand({ Bucket: "reports" }));
  await clients.s3.send(
    new s3.PutBucketPolicyCommand({
      Bucket: "uploads",
      Policy: policyDocument({
        Effect: "Allow",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `${arns.bucket("uploads")}/*`,
      }),
    }),
  );
  // reports: anyone may read its objects, by policy and by canned ACL.
  await clients.s3.send(
    new s3.PutBucketPolicyCommand({
      Bucket: "reports",
      Policy: policyDocument({
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: `${arns.bucket("reports")}/*`,
      }),
    }),
  );
  await clients.s3.send(new s3.PutBucketAclCommand({ Bucket: "reports", ACL: "public-read" }));
  await allowInvoke(fns, "thumbnailer", "s3.amazonaws.com", arns.bucket("uploads"));
  await clients.s3.send(
    new s3.PutBucketNotificationConfigurationCommand({
      Bucket: "uploads",
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [{ LambdaFunctionArn: arns.fn("thumbnailer"), Events: ["s3:ObjectCreated:*"] }],
      },
    }),
  );

  // SNS: alerts (anyone may publish) → notifier, a subscription without a dead-letter queue.
  await clients.sns.send(new sns.CreateTopicCommand({ Name: "alerts" }));
  await clients.sns.send(
    new sns.SetTopicAttributesCommand({
      TopicArn: arns.topic("alerts"),
      AttributeName: "Policy",
      AttributeValue: policyDocument({
        Effect: "Allow",
        Principal: "*",
        Action: "sns:Publish",
        Resource: arns.topic("alerts"),
      }),
    }),
  );
  await allowInvoke(fns, "notifier", "sns.amazonaws.com", arns.topic("alerts"));
  await clients.sns.send(
    new sns.SubscribeCommand({ TopicArn: arns.topic("alerts"), Protocol: "lambda", Endpoint: arns.fn("notifier") }),
  );

  // EventBridge: a schedule → nightly, without a dead-letter queue.
  await clients.events.send(new PutRuleCommand({ Name: "nightly", ScheduleExpression: "rate(1 day)" }));
  await allowInvoke(fns, "nightly", "events.amazonaws.com", arns.rule("nightly"));
  await clients.events.send(
    new PutTargetsCommand({ Rule: "nightly", Targets: [{ Id: "nightly", Arn: arns.fn("nightly") }] }),
  );
}
