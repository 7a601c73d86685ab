/**
 * The remediation plans' scenarios over the fake account: for each plan, the SDK answers of a resource before it
 * (the rule fails) and after it (the rule passes), shapes from the AWS API reference. Shared by the executor's
 * catalogue test and the plans' before/after tests. Never imported by production code.
 */
import * as apigw from "@aws-sdk/client-api-gateway";
import * as apigwv2 from "@aws-sdk/client-apigatewayv2";
import * as ddb from "@aws-sdk/client-dynamodb";
import * as iam from "@aws-sdk/client-iam";
import * as lambda from "@aws-sdk/client-lambda";
import * as s3 from "@aws-sdk/client-s3";
import * as sns from "@aws-sdk/client-sns";
import * as sqs from "@aws-sdk/client-sqs";
import {
  ACCESS_LOG_FORMAT,
  evaluate,
  type FindingStatus,
  type PlannedCall,
  REMEDIATIONS,
  type RemediationPlan,
  type RemediationSettings,
  type Resource,
  ResourceModel,
  RULES,
  resolveConfig,
} from "@vigil/core";
import { readTargeted, type TargetedReadOptions, type TargetRef } from "../../readers/live/read-account.ts";
import type { ReadError } from "../../readers/live/session.ts";
import {
  FAKE_ACCOUNT,
  FAKE_REGION,
  type FakeAccount,
  fakeArns,
  fakeFunctionConfiguration,
  UNLIMITED_RATES,
} from "../../readers/live/testing/fake-account.ts";

type Stubs = FakeAccount["stubs"];

export interface PlanScenario {
  readonly ruleId: string;
  /** The resource the plan is for, as an event names it. */
  readonly target: TargetRef;
  /** What the plan needs from the configuration. */
  readonly settings?: RemediationSettings;
  /** Neighbours the targeted read needs (a role's functions). */
  readonly readOptions?: Pick<TargetedReadOptions, "roleUsers">;
  /** The answers that differ from the fake account's, before the plan is applied and after. */
  readonly before: (stubs: Stubs) => void;
  readonly after: (stubs: Stubs) => void;
  /** The requests the plan must send, in order, and those of its undo. */
  readonly calls: readonly SentCall[];
  readonly undo: readonly SentCall[];
}

/** A planned call as the SDK receives it. */
export type SentCall = Omit<PlannedCall, "iamAction">;

const sent = (service: SentCall["service"], operation: string, input: SentCall["input"]): SentCall => ({
  service,
  operation,
  input,
});

const NOW = new Date("2026-11-28T12:00:00Z");
const ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
const BASIC_EXECUTION = {
  PolicyName: "AWSLambdaBasicExecutionRole",
  PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
};

const policy = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const fn0 = (overrides: Partial<lambda.GetFunctionResponse>) => ({
  Configuration: fakeFunctionConfiguration(0),
  Tags: { app: "orders" },
  Concurrency: {},
  ...overrides,
});
const table0 = (overrides: Partial<ddb.TableDescription>) => ({
  Table: {
    TableName: "table-0",
    TableArn: fakeArns.table(0),
    TableStatus: "ACTIVE" as const,
    DeletionProtectionEnabled: true,
    BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" as const },
    ...overrides,
  },
});
const backups = (PointInTimeRecoveryStatus: "ENABLED" | "DISABLED") => ({
  ContinuousBackupsDescription: {
    ContinuousBackupsStatus: "ENABLED" as const,
    PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus },
  },
});
const queue0 = (attributes: Record<string, string>) => ({
  Attributes: { QueueArn: fakeArns.queue(0), VisibilityTimeout: "60", SqsManagedSseEnabled: "true", ...attributes },
});
const url0 = (AuthType: lambda.FunctionUrlAuthType) => ({
  FunctionUrl: "https://abc123.lambda-url.us-east-1.on.aws/",
  FunctionArn: fakeArns.fn(0),
  AuthType,
  CreationTime: "2026-11-01T00:00:00.000Z",
  LastModifiedTime: "2026-11-01T00:00:00.000Z",
  InvokeMode: "BUFFERED" as const,
});
const blockAll = (on: boolean) => ({
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: on,
    IgnorePublicAcls: on,
    BlockPublicPolicy: on,
    RestrictPublicBuckets: on,
  },
});
const notFound = (name: string) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 404 } });

/** The statement S3 needs to invoke fn-0 for the fake account's bucket, pinned to it (not public). */
const bucketInvokes = {
  Sid: "s3-uploads",
  Effect: "Allow",
  Principal: { Service: "s3.amazonaws.com" },
  Action: "lambda:InvokeFunction",
  Resource: fakeArns.fn(0),
  Condition: { ArnLike: { "AWS:SourceArn": fakeArns.bucket }, StringEquals: { "AWS:SourceAccount": FAKE_ACCOUNT } },
};
const anyoneInvokes = {
  Sid: "public-invoke",
  Effect: "Allow",
  Principal: "*",
  Action: "lambda:InvokeFunction",
  Resource: fakeArns.fn(0),
};
const ownerSends = {
  Sid: "owner",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${FAKE_ACCOUNT}:root` },
  Action: "sqs:SendMessage",
  Resource: fakeArns.queue(0),
};
const anyoneSends = {
  Sid: "anyone",
  Effect: "Allow",
  Principal: "*",
  Action: "sqs:SendMessage",
  Resource: fakeArns.queue(0),
};
const topicOwner = {
  Sid: "__default_statement_ID",
  Effect: "Allow",
  Principal: { AWS: "*" },
  Action: ["SNS:GetTopicAttributes", "SNS:Publish"],
  Resource: fakeArns.topic,
  Condition: { StringEquals: { "AWS:SourceOwner": FAKE_ACCOUNT } },
};
const anyonePublishes = {
  Sid: "anyone",
  Effect: "Allow",
  Principal: "*",
  Action: "SNS:Publish",
  Resource: fakeArns.topic,
};
const anyoneUploads = {
  Sid: "public-upload",
  Effect: "Allow",
  Principal: "*",
  Action: "s3:PutObject",
  Resource: `${fakeArns.bucket}/*`,
};

const restStage = (stage: Partial<apigw.Stage>) => ({ item: [{ stageName: "prod", tracingEnabled: true, ...stage }] });
const httpStage = (DefaultRouteSettings: apigwv2.RouteSettings) => ({
  Items: [{ StageName: "$default", AutoDeploy: true, DefaultRouteSettings }],
});
/** The limits AWS reports on a `*\/*` method setting that sets none of its own (the account's quota). */
const ACCOUNT_THROTTLE = { throttlingRateLimit: 10000, throttlingBurstLimit: 5000 };
const ACCESS_LOGS = `arn:aws:logs:${FAKE_REGION}:${FAKE_ACCOUNT}:log-group:api-access`;
const updateRestStage = (...patchOperations: object[]) =>
  sent("apigateway", "UpdateStage", { restApiId: "rest1", stageName: "prod", patchOperations });
const updateHttpStage = (ThrottlingRateLimit: number, ThrottlingBurstLimit: number) =>
  sent("apigatewayv2", "UpdateStage", {
    ApiId: "http1",
    StageName: "$default",
    DefaultRouteSettings: { ThrottlingRateLimit, ThrottlingBurstLimit },
  });
const deployedAt = (LastModified: string, Description: string) =>
  fn0({ Configuration: { ...fakeFunctionConfiguration(0), LastModified, Description } });

const setTopicPolicy = (AttributeValue: string) =>
  sent("sns", "SetTopicAttributes", { TopicArn: fakeArns.topic, AttributeName: "Policy", AttributeValue });
const setQueueAttributes = (Attributes: Record<string, string>) =>
  sent("sqs", "SetQueueAttributes", { QueueUrl: fakeArns.queueUrl(0), Attributes });

const restStageTarget: TargetRef = { kind: "apigateway.stage", arn: `${fakeArns.restApi}/stages/prod` };
const functionTarget: TargetRef = { kind: "lambda.function", arn: fakeArns.fn(0) };
const tableTarget: TargetRef = { kind: "dynamodb.table", arn: fakeArns.table(0) };
const queueTarget: TargetRef = { kind: "sqs.queue", arn: fakeArns.queue(0) };

/** One scenario per plan of REMEDIATIONS. */
export const PLAN_SCENARIOS: readonly PlanScenario[] = [
  {
    ruleId: "apigw-stage-logging-off",
    target: restStageTarget,
    settings: { accessLogDestinationArn: ACCESS_LOGS },
    before: (stubs) => stubs.apigateway.on(apigw.GetStagesCommand).resolves(restStage({ methodSettings: {} })),
    // Patching `/*/*` creates the stage-wide setting, with the account's limits.
    after: (stubs) =>
      stubs.apigateway.on(apigw.GetStagesCommand).resolves(
        restStage({
          methodSettings: { "*/*": { loggingLevel: "ERROR", ...ACCOUNT_THROTTLE } },
          accessLogSettings: { destinationArn: ACCESS_LOGS, format: "{}" },
        }),
      ),
    calls: [
      updateRestStage(
        { op: "replace", path: "/*/*/logging/loglevel", value: "ERROR" },
        { op: "replace", path: "/accessLogSettings/destinationArn", value: ACCESS_LOGS },
        {
          op: "replace",
          path: "/accessLogSettings/format",
          value: ACCESS_LOG_FORMAT,
        },
      ),
    ],
    // The stage had no stage-wide setting and no access logs: the undo removes both.
    undo: [updateRestStage({ op: "remove", path: "/*/*" }, { op: "remove", path: "/accessLogSettings" })],
  },
  {
    ruleId: "apigw-stage-no-throttling",
    target: restStageTarget,
    settings: { stageThrottle: { rateLimit: 100, burstLimit: 200 } },
    before: (stubs) =>
      stubs.apigateway
        .on(apigw.GetStagesCommand)
        .resolves(restStage({ methodSettings: { "*/*": { loggingLevel: "ERROR", ...ACCOUNT_THROTTLE } } })),
    after: (stubs) =>
      stubs.apigateway.on(apigw.GetStagesCommand).resolves(
        restStage({
          methodSettings: { "*/*": { loggingLevel: "ERROR", throttlingRateLimit: 100, throttlingBurstLimit: 200 } },
        }),
      ),
    calls: [
      updateRestStage(
        { op: "replace", path: "/*/*/throttling/rateLimit", value: "100" },
        { op: "replace", path: "/*/*/throttling/burstLimit", value: "200" },
      ),
    ],
    undo: [
      updateRestStage(
        { op: "replace", path: "/*/*/throttling/rateLimit", value: "10000" },
        { op: "replace", path: "/*/*/throttling/burstLimit", value: "5000" },
      ),
    ],
  },
  {
    ruleId: "apigwv2-stage-no-throttling",
    target: { kind: "apigatewayv2.stage", arn: `${fakeArns.httpApi}/stages/$default` },
    settings: { stageThrottle: { rateLimit: 100, burstLimit: 200 } },
    before: (stubs) => stubs.apigatewayv2.on(apigwv2.GetStagesCommand).resolves(httpStage({})),
    after: (stubs) =>
      stubs.apigatewayv2
        .on(apigwv2.GetStagesCommand)
        .resolves(httpStage({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 })),
    calls: [updateHttpStage(100, 200)],
    // The stage set no limits: the undo writes AWS's defaults back.
    undo: [updateHttpStage(10000, 5000)],
  },
  {
    ruleId: "dynamodb-deletion-protection-off",
    target: tableTarget,
    before: (stubs) =>
      stubs.dynamodb.on(ddb.DescribeTableCommand).resolves(table0({ DeletionProtectionEnabled: false })),
    after: (stubs) => stubs.dynamodb.on(ddb.DescribeTableCommand).resolves(table0({ DeletionProtectionEnabled: true })),
    calls: [sent("dynamodb", "UpdateTable", { TableName: "table-0", DeletionProtectionEnabled: true })],
    undo: [sent("dynamodb", "UpdateTable", { TableName: "table-0", DeletionProtectionEnabled: false })],
  },
  {
    ruleId: "dynamodb-pitr-disabled",
    target: tableTarget,
    before: (stubs) => stubs.dynamodb.on(ddb.DescribeContinuousBackupsCommand).resolves(backups("DISABLED")),
    after: (stubs) => stubs.dynamodb.on(ddb.DescribeContinuousBackupsCommand).resolves(backups("ENABLED")),
    calls: [
      sent("dynamodb", "UpdateContinuousBackups", {
        TableName: "table-0",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    ],
    undo: [
      sent("dynamodb", "UpdateContinuousBackups", {
        TableName: "table-0",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
      }),
    ],
  },
  {
    ruleId: "iam-role-admin-access",
    target: { kind: "iam.role", arn: fakeArns.role(0) },
    // The rule judges execution roles only: the read includes the function using it.
    readOptions: { roleUsers: [fakeArns.fn(0)] },
    before: (stubs) =>
      stubs.iam
        .on(iam.ListAttachedRolePoliciesCommand)
        .resolves({
          AttachedPolicies: [BASIC_EXECUTION, { PolicyName: "AdministratorAccess", PolicyArn: ADMINISTRATOR_ACCESS }],
          IsTruncated: false,
        })
        .on(iam.GetPolicyCommand, { PolicyArn: ADMINISTRATOR_ACCESS })
        .resolves({ Policy: { PolicyName: "AdministratorAccess", Arn: ADMINISTRATOR_ACCESS, DefaultVersionId: "v1" } })
        .on(iam.GetPolicyVersionCommand, { PolicyArn: ADMINISTRATOR_ACCESS })
        .resolves({
          PolicyVersion: {
            VersionId: "v1",
            IsDefaultVersion: true,
            Document: encodeURIComponent(policy({ Effect: "Allow", Action: "*", Resource: "*" })),
          },
        }),
    after: (stubs) =>
      stubs.iam
        .on(iam.ListAttachedRolePoliciesCommand)
        .resolves({ AttachedPolicies: [BASIC_EXECUTION], IsTruncated: false }),
    calls: [sent("iam", "DetachRolePolicy", { RoleName: "fn-0-role", PolicyArn: ADMINISTRATOR_ACCESS })],
    undo: [sent("iam", "AttachRolePolicy", { RoleName: "fn-0-role", PolicyArn: ADMINISTRATOR_ACCESS })],
  },
  {
    ruleId: "lambda-concurrency-uncapped",
    target: functionTarget,
    settings: { concurrencyCap: 5 },
    // Not publicly invocable: lambda-public-trigger-uncapped would judge that one.
    before: (stubs) =>
      stubs.lambda
        .on(lambda.GetFunctionCommand)
        .resolves(fn0({ Concurrency: {} }))
        .on(lambda.GetPolicyCommand)
        .resolves({ Policy: policy(bucketInvokes) }),
    after: (stubs) =>
      stubs.lambda.on(lambda.GetFunctionCommand).resolves(fn0({ Concurrency: { ReservedConcurrentExecutions: 5 } })),
    calls: [sent("lambda", "PutFunctionConcurrency", { FunctionName: "fn-0", ReservedConcurrentExecutions: 5 })],
    undo: [sent("lambda", "DeleteFunctionConcurrency", { FunctionName: "fn-0" })],
  },
  {
    ruleId: "lambda-not-redeployed",
    target: functionTarget,
    before: (stubs) =>
      stubs.lambda.on(lambda.GetFunctionCommand).resolves(deployedAt("2026-06-01T00:00:00.000+0000", "orders API")),
    // The update refreshes LastModified.
    after: (stubs) =>
      stubs.lambda
        .on(lambda.GetFunctionCommand)
        .resolves(deployedAt("2026-11-28T11:00:00.000+0000", "orders API [recycled by Vigil]")),
    calls: [
      sent("lambda", "UpdateFunctionConfiguration", {
        FunctionName: "fn-0",
        Description: "orders API [recycled by Vigil]",
      }),
    ],
    undo: [sent("lambda", "UpdateFunctionConfiguration", { FunctionName: "fn-0", Description: "orders API" })],
  },
  {
    ruleId: "lambda-policy-public",
    target: functionTarget,
    before: (stubs) =>
      stubs.lambda.on(lambda.GetPolicyCommand).resolves({ Policy: policy(bucketInvokes, anyoneInvokes) }),
    after: (stubs) => stubs.lambda.on(lambda.GetPolicyCommand).resolves({ Policy: policy(bucketInvokes) }),
    calls: [sent("lambda", "RemovePermission", { FunctionName: "fn-0", StatementId: "public-invoke" })],
    undo: [
      sent("lambda", "AddPermission", {
        FunctionName: "fn-0",
        StatementId: "public-invoke",
        Action: "lambda:InvokeFunction",
        Principal: "*",
      }),
    ],
  },
  {
    ruleId: "lambda-recursive-loop-allowed",
    target: functionTarget,
    before: (stubs) => stubs.lambda.on(lambda.GetFunctionRecursionConfigCommand).resolves({ RecursiveLoop: "Allow" }),
    after: (stubs) =>
      stubs.lambda.on(lambda.GetFunctionRecursionConfigCommand).resolves({ RecursiveLoop: "Terminate" }),
    calls: [sent("lambda", "PutFunctionRecursionConfig", { FunctionName: "fn-0", RecursiveLoop: "Terminate" })],
    undo: [sent("lambda", "PutFunctionRecursionConfig", { FunctionName: "fn-0", RecursiveLoop: "Allow" })],
  },
  {
    ruleId: "lambda-url-auth-none",
    target: functionTarget,
    before: (stubs) => stubs.lambda.on(lambda.GetFunctionUrlConfigCommand).resolves(url0("NONE")),
    after: (stubs) => stubs.lambda.on(lambda.GetFunctionUrlConfigCommand).resolves(url0("AWS_IAM")),
    calls: [sent("lambda", "UpdateFunctionUrlConfig", { FunctionName: "fn-0", AuthType: "AWS_IAM" })],
    undo: [sent("lambda", "UpdateFunctionUrlConfig", { FunctionName: "fn-0", AuthType: "NONE" })],
  },
  {
    ruleId: "s3-bucket-public-write-trigger",
    // The fake account's bucket notifies fn-0 of every upload.
    target: { kind: "s3.bucket", arn: fakeArns.bucket },
    before: (stubs) =>
      stubs.s3
        .on(s3.GetBucketPolicyCommand)
        .resolves({ Policy: policy(anyoneUploads) })
        .on(s3.GetPublicAccessBlockCommand)
        .rejects(notFound("NoSuchPublicAccessBlockConfiguration")),
    after: (stubs) => stubs.s3.on(s3.GetPublicAccessBlockCommand).resolves(blockAll(true)),
    calls: [sent("s3", "PutPublicAccessBlock", { Bucket: "uploads", ...blockAll(true) })],
    // There was no block: the undo turns every setting off again.
    undo: [sent("s3", "PutPublicAccessBlock", { Bucket: "uploads", ...blockAll(false) })],
  },
  {
    ruleId: "sns-topic-policy-public",
    target: { kind: "sns.topic", arn: fakeArns.topic },
    before: (stubs) =>
      stubs.sns
        .on(sns.GetTopicAttributesCommand)
        .resolves({ Attributes: { TopicArn: fakeArns.topic, Policy: policy(topicOwner, anyonePublishes) } }),
    after: (stubs) =>
      stubs.sns
        .on(sns.GetTopicAttributesCommand)
        .resolves({ Attributes: { TopicArn: fakeArns.topic, Policy: policy(topicOwner) } }),
    calls: [setTopicPolicy(policy(topicOwner))],
    undo: [setTopicPolicy(policy(topicOwner, anyonePublishes))],
  },
  {
    ruleId: "sqs-queue-policy-public",
    target: queueTarget,
    before: (stubs) =>
      stubs.sqs.on(sqs.GetQueueAttributesCommand).resolves(queue0({ Policy: policy(ownerSends, anyoneSends) })),
    after: (stubs) => stubs.sqs.on(sqs.GetQueueAttributesCommand).resolves(queue0({ Policy: policy(ownerSends) })),
    calls: [setQueueAttributes({ Policy: policy(ownerSends) })],
    undo: [setQueueAttributes({ Policy: policy(ownerSends, anyoneSends) })],
  },
  {
    ruleId: "sqs-queue-unencrypted",
    target: queueTarget,
    before: (stubs) => stubs.sqs.on(sqs.GetQueueAttributesCommand).resolves(queue0({ SqsManagedSseEnabled: "false" })),
    after: (stubs) => stubs.sqs.on(sqs.GetQueueAttributesCommand).resolves(queue0({ SqsManagedSseEnabled: "true" })),
    calls: [setQueueAttributes({ SqsManagedSseEnabled: "true" })],
    undo: [setQueueAttributes({ SqsManagedSseEnabled: "false" })],
  },
];

export interface ObservedState {
  /** The scenario's resource as the targeted reader built it. */
  readonly resource: Resource;
  /** The rule's verdicts on it through the engine (a rule may give several, one per problem). */
  readonly statuses: readonly FindingStatus[];
  readonly readErrors: readonly ReadError[];
}

/** Reads the scenario's resource with the real targeted reader and runs the real rule on it through the engine. */
export async function observe(fake: FakeAccount, scenario: PlanScenario): Promise<ObservedState> {
  const state = await readTargeted(scenario.target, {
    region: FAKE_REGION,
    clients: fake.clients,
    rates: UNLIMITED_RATES,
    ...scenario.readOptions,
  });
  const resource = state.resources.find((r) => r.arn === scenario.target.arn);
  if (!resource) throw new Error(`${scenario.ruleId}: the read did not return ${scenario.target.arn}`);
  const rules = RULES.filter((r) => r.id === scenario.ruleId);
  const report = evaluate(new ResourceModel(state.resources), resolveConfig({ ruleset: "strict" }, rules), {
    now: NOW,
  });
  const statuses = report.results.filter((r) => r.resourceId === resource.id).map((r) => r.status);
  return { resource, statuses, readErrors: state.errors };
}

/** The plan of the scenario's remediation for the resource as read. */
export function planFor(scenario: PlanScenario, resource: Resource): RemediationPlan | undefined {
  const planner = REMEDIATIONS.find((r) => r.ruleId === scenario.ruleId);
  if (!planner) throw new Error(`no remediation for ${scenario.ruleId}`);
  return (planner.plan as (r: Resource, s?: RemediationSettings) => RemediationPlan | undefined)(
    resource,
    scenario.settings,
  );
}
