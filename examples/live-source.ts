/**
 * The vulnerable example as the live APIs would answer for it (account 123456789012, us-east-1), served through
 * aws-sdk-client-mock. Derived from config-snapshot.json (same deployment, same physical names) plus what only the
 * live APIs know: function policies, the URL, recursion, the mapping, the subscription, API methods.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as apigw from "@aws-sdk/client-api-gateway";
import * as apigwv2 from "@aws-sdk/client-apigatewayv2";
import * as cognito from "@aws-sdk/client-cognito-identity-provider";
import * as ddb from "@aws-sdk/client-dynamodb";
import * as eb from "@aws-sdk/client-eventbridge";
import * as iam from "@aws-sdk/client-iam";
import * as lambda from "@aws-sdk/client-lambda";
import * as tagging from "@aws-sdk/client-resource-groups-tagging-api";
import * as s3 from "@aws-sdk/client-s3";
import * as s3control from "@aws-sdk/client-s3-control";
import * as sns from "@aws-sdk/client-sns";
import * as sqs from "@aws-sdk/client-sqs";
import * as sts from "@aws-sdk/client-sts";
import { awsManagedPolicyDetails } from "@vigil/aws/testing";
import { mockClient } from "aws-sdk-client-mock";

const A = "123456789012";
const R = "us-east-1";
const FN = `arn:aws:lambda:${R}:${A}:function`;
const TOPIC = `arn:aws:sns:${R}:${A}:orders-events`;
const QUEUE = `arn:aws:sqs:${R}:${A}:orders-jobs`;
const API_ID = "k3x9qz7v2a";

interface ConfigItem {
  resourceType: string;
  resourceName: string;
  ARN: string;
  tags: Record<string, string>;
  configuration: Record<string, unknown>;
  supplementaryConfiguration: Record<string, unknown>;
}
const items: ConfigItem[] = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "vulnerable-app/config-snapshot.json"), "utf8"),
).configurationItems;
const itemsOf = (type: string) => items.filter((i) => i.resourceType === type);
const one = (type: string) => itemsOf(type)[0] as ConfigItem;

/** Config items spell API fields in camelCase; the APIs answer in PascalCase. Map keys (variables) are kept. */
function pascal(value: unknown, keepKeys = false): unknown {
  if (Array.isArray(value)) return value.map((v) => pascal(v));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      keepKeys ? k : k[0]?.toUpperCase() + k.slice(1),
      pascal(v, k === "variables"),
    ]),
  );
}

const policy = (...statements: object[]) =>
  JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: statements });
const FUNCTION_POLICIES: Record<string, string> = {
  "orders-api": policy({
    Sid: "ApiInvokePermission",
    Effect: "Allow",
    Principal: { Service: "apigateway.amazonaws.com" },
    Action: "lambda:InvokeFunction",
    Resource: `${FN}:orders-api`,
    Condition: { ArnLike: { "AWS:SourceArn": `arn:aws:execute-api:${R}:${A}:${API_ID}/*/POST/` } },
  }),
  "orders-process-upload": policy({
    Sid: "ProcessUploadPermission",
    Effect: "Allow",
    Principal: { Service: "s3.amazonaws.com" },
    Action: "lambda:InvokeFunction",
    Resource: `${FN}:orders-process-upload`,
    Condition: {
      StringEquals: { "AWS:SourceAccount": A },
      ArnLike: { "AWS:SourceArn": "arn:aws:s3:::orders-uploads-example" },
    },
  }),
  "orders-worker": policy(
    {
      Sid: "WorkerUrlPermission",
      Effect: "Allow",
      Principal: "*",
      Action: "lambda:InvokeFunctionUrl",
      Resource: `${FN}:orders-worker`,
      Condition: { StringEquals: { "lambda:FunctionUrlAuthType": "NONE" } },
    },
    {
      Sid: "WorkerPartnerPermission",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444455556666:root" },
      Action: "lambda:InvokeFunction",
      Resource: `${FN}:orders-worker`,
    },
    {
      Sid: "WorkerSnsPermission",
      Effect: "Allow",
      Principal: { Service: "sns.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: `${FN}:orders-worker`,
      Condition: { ArnLike: { "AWS:SourceArn": TOPIC } },
    },
  ),
};

function notFound(name: string): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 404 } });
}
const nameOf = (nameOrArn: string | undefined) => nameOrArn?.split(":").at(-1) ?? "";

/** Stubs every client the live readers use; call the returned function to restore them. */
export function serveVulnerableApp(): () => void {
  const stubs = [
    mockClient(lambda.LambdaClient),
    mockClient(iam.IAMClient),
    mockClient(apigw.APIGatewayClient),
    mockClient(apigwv2.ApiGatewayV2Client),
    mockClient(s3.S3Client),
    mockClient(sqs.SQSClient),
    mockClient(sns.SNSClient),
    mockClient(ddb.DynamoDBClient),
    mockClient(eb.EventBridgeClient),
    mockClient(tagging.ResourceGroupsTaggingAPIClient),
    mockClient(sts.STSClient),
    mockClient(s3control.S3ControlClient),
    mockClient(cognito.CognitoIdentityProviderClient),
  ] as const;
  const [
    lambdaStub,
    iamStub,
    apigwStub,
    apigwv2Stub,
    s3Stub,
    sqsStub,
    snsStub,
    ddbStub,
    ebStub,
    taggingStub,
    stsStub,
    s3controlStub,
    cognitoStub,
  ] = stubs;
  // The account has no account-level public access block (a template cannot know one) and no user pool.
  s3controlStub.on(s3control.GetPublicAccessBlockCommand).rejects(notFound("NoSuchPublicAccessBlockConfiguration"));
  cognitoStub.on(cognito.ListUserPoolsCommand).resolves({ UserPools: [] });
  stsStub.on(sts.GetCallerIdentityCommand).resolves({ Account: A, Arn: `arn:aws:iam::${A}:user/auditor` });

  const functions = itemsOf("AWS::Lambda::Function").map(
    (i) => pascal(i.configuration) as lambda.FunctionConfiguration,
  );
  const fn = (name: string | undefined) => {
    const found = functions.find((f) => f.FunctionName === nameOf(name));
    if (!found) throw notFound("ResourceNotFoundException");
    return found;
  };
  const mapping = {
    UUID: "6a0e8c1d-1111-4d7e-9c2b-0f0e0d0c0b0a",
    EventSourceMappingArn: `arn:aws:lambda:${R}:${A}:event-source-mapping:6a0e8c1d-1111-4d7e-9c2b-0f0e0d0c0b0a`,
    FunctionArn: `${FN}:orders-worker`,
    EventSourceArn: QUEUE,
    State: "Enabled",
    BatchSize: 10,
  };
  lambdaStub
    .on(lambda.ListFunctionsCommand)
    .resolves({ Functions: functions })
    .on(lambda.GetFunctionCommand)
    .callsFake((input: lambda.GetFunctionRequest) => ({ Configuration: fn(input.FunctionName), Tags: {} }))
    .on(lambda.ListEventSourceMappingsCommand)
    .callsFake((input: lambda.ListEventSourceMappingsRequest) => ({
      EventSourceMappings: !input.FunctionName || nameOf(input.FunctionName) === "orders-worker" ? [mapping] : [],
    }))
    .on(lambda.GetEventSourceMappingCommand)
    .resolves(mapping)
    .on(lambda.ListCodeSigningConfigsCommand)
    .resolves({ CodeSigningConfigs: [] })
    .on(lambda.GetFunctionCodeSigningConfigCommand)
    .callsFake((input: lambda.GetFunctionCodeSigningConfigRequest) => ({
      FunctionName: nameOf(input.FunctionName),
    }))
    .on(lambda.GetPolicyCommand)
    .callsFake((input: lambda.GetPolicyRequest) => {
      const document = FUNCTION_POLICIES[nameOf(input.FunctionName)];
      if (!document) throw notFound("ResourceNotFoundException");
      return { Policy: document, RevisionId: "r1" };
    })
    .on(lambda.GetFunctionUrlConfigCommand)
    .callsFake((input: lambda.GetFunctionUrlConfigRequest) => {
      if (nameOf(input.FunctionName) !== "orders-worker") throw notFound("ResourceNotFoundException");
      return {
        FunctionUrl: "https://abcdefghijklmnop.lambda-url.us-east-1.on.aws/",
        FunctionArn: `${FN}:orders-worker`,
        AuthType: "NONE",
        Cors: { AllowOrigins: ["*"] },
        CreationTime: "2026-11-20T10:02:30.000Z",
        LastModifiedTime: "2026-11-20T10:02:30.000Z",
        InvokeMode: "BUFFERED",
      };
    })
    .on(lambda.GetFunctionConcurrencyCommand)
    .resolves({})
    .on(lambda.GetFunctionRecursionConfigCommand)
    .callsFake((input: lambda.GetFunctionRecursionConfigRequest) => ({
      RecursiveLoop: nameOf(input.FunctionName) === "orders-process-upload" ? "Allow" : "Terminate",
    }))
    .on(lambda.GetFunctionEventInvokeConfigCommand)
    .rejects(notFound("ResourceNotFoundException"));

  // IAM: the role items are GetAccountAuthorizationDetails' RoleDetailList entries, documents URL-encoded.
  const roles = itemsOf("AWS::IAM::Role").map((i) => pascal(i.configuration) as iam.RoleDetail);
  // IAM lists the AWS-managed policies the roles attach beside the account's own, with their documents.
  const attached = roles.flatMap((role) => (role.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn ?? ""));
  const policies = awsManagedPolicyDetails(attached);
  iamStub
    .on(iam.GetAccountAuthorizationDetailsCommand)
    .resolves({
      RoleDetailList: roles,
      UserDetailList: [],
      GroupDetailList: [],
      Policies: policies,
      IsTruncated: false,
    })
    .on(iam.GetRoleCommand)
    .callsFake((input: iam.GetRoleRequest) => {
      const role = roles.find((r) => r.RoleName === input.RoleName);
      if (!role) throw notFound("NoSuchEntityException");
      return { Role: role };
    });

  // API Gateway (REST); no HTTP APIs in this app.
  const restApi = pascal(one("AWS::ApiGateway::RestApi").configuration) as apigw.RestApi;
  const stage = pascal(one("AWS::ApiGateway::Stage").configuration) as apigw.Stage;
  const rootResource: apigw.Resource = {
    id: "r00tid0001",
    path: "/",
    resourceMethods: {
      POST: {
        httpMethod: "POST",
        authorizationType: "NONE",
        apiKeyRequired: false,
        methodIntegration: {
          type: "AWS_PROXY",
          httpMethod: "POST",
          uri: `arn:aws:apigateway:${R}:lambda:path/2015-03-31/functions/${FN}:orders-api/invocations`,
        },
      },
    },
  };
  apigwStub
    .on(apigw.GetRestApisCommand)
    .resolves({ items: [{ ...restApi, id: API_ID }] })
    .on(apigw.GetRestApiCommand)
    .resolves({ ...restApi, id: API_ID })
    .on(apigw.GetStagesCommand)
    .resolves({ item: [{ ...stage, stageName: "prod", deploymentId: "d3pl0y" }] })
    .on(apigw.GetResourcesCommand)
    .resolves({ items: [rootResource] })
    .on(apigw.GetRequestValidatorsCommand)
    .resolves({ items: [] })
    .on(apigw.GetUsagePlansCommand)
    .resolves({ items: [] });
  apigwv2Stub.on(apigwv2.GetApisCommand).resolves({ Items: [] });

  // S3: settings Config keeps in supplementaryConfiguration are each their own API call.
  const bucket = one("AWS::S3::Bucket");
  const supplement = bucket.supplementaryConfiguration as {
    BucketPolicy: { policyText: string };
    PublicAccessBlockConfiguration: Record<string, boolean>;
  };
  s3Stub
    .on(s3.ListBucketsCommand)
    .resolves({ Buckets: [{ Name: bucket.resourceName, CreationDate: new Date("2026-11-20T10:00:05.000Z") }] })
    .on(s3.GetBucketPolicyCommand)
    .resolves({ Policy: supplement.BucketPolicy.policyText })
    .on(s3.GetPublicAccessBlockCommand)
    .resolves({
      PublicAccessBlockConfiguration: pascal(
        supplement.PublicAccessBlockConfiguration,
      ) as s3.PublicAccessBlockConfiguration,
    })
    .on(s3.GetBucketNotificationConfigurationCommand)
    .resolves({
      LambdaFunctionConfigurations: [
        { Id: "process-upload", LambdaFunctionArn: `${FN}:orders-process-upload`, Events: ["s3:ObjectCreated:*"] },
      ],
    })
    .on(s3.GetBucketVersioningCommand)
    .resolves({})
    .on(s3.GetBucketAclCommand)
    .resolves({ Owner: { ID: "a1b2c3" }, Grants: [] });

  // SQS: GetQueueAttributes answers with the attributes Config records for the queue.
  const queue = one("AWS::SQS::Queue").configuration as Record<string, string>;
  const { QueueUrl, QueueName: _name, ...attributes } = queue;
  sqsStub
    .on(sqs.ListQueuesCommand)
    .resolves({ QueueUrls: [QueueUrl as string] })
    .on(sqs.GetQueueAttributesCommand)
    .resolves({ Attributes: attributes });

  // SNS
  const topic = one("AWS::SNS::Topic").configuration as { TopicArn: string; Policy: string };
  const subscription = {
    SubscriptionArn: `${TOPIC}:0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e`,
    Owner: A,
    Protocol: "lambda",
    Endpoint: `${FN}:orders-worker`,
    TopicArn: TOPIC,
  };
  snsStub
    .on(sns.ListTopicsCommand)
    .resolves({ Topics: [{ TopicArn: topic.TopicArn }] })
    .on(sns.GetTopicAttributesCommand)
    .resolves({ Attributes: { TopicArn: topic.TopicArn, Policy: topic.Policy, Owner: A } })
    .on(sns.ListSubscriptionsCommand)
    .resolves({ Subscriptions: [subscription] })
    .on(sns.ListSubscriptionsByTopicCommand)
    .resolves({ Subscriptions: [subscription] })
    .on(sns.GetSubscriptionAttributesCommand)
    .resolves({ Attributes: { ...subscription, PendingConfirmation: "false" } });

  // Tagging API: the tags of every tagged resource, one page.
  taggingStub.on(tagging.GetResourcesCommand).resolves({
    ResourceTagMappingList: items
      .filter((i) => Object.keys(i.tags).length > 0)
      .map((i) => ({ ResourceARN: i.ARN, Tags: Object.entries(i.tags).map(([Key, Value]) => ({ Key, Value })) })),
    PaginationToken: "",
  });

  // DynamoDB
  const table = one("AWS::DynamoDB::Table");
  const backups = table.supplementaryConfiguration.ContinuousBackupsDescription;
  ddbStub
    .on(ddb.ListTablesCommand)
    .resolves({ TableNames: [table.resourceName] })
    .on(ddb.DescribeTableCommand)
    .resolves({ Table: pascal(table.configuration) as ddb.TableDescription })
    .on(ddb.DescribeContinuousBackupsCommand)
    .resolves({ ContinuousBackupsDescription: pascal(backups) as ddb.ContinuousBackupsDescription })
    .on(ddb.ListTagsOfResourceCommand)
    .resolves({ Tags: [{ Key: "vigil:sensitive", Value: "true" }] });

  // EventBridge
  const rule = one("AWS::Events::Rule").configuration as { Targets: eb.Target[] } & eb.Rule;
  const { Targets, ...ruleFields } = rule;
  ebStub
    .on(eb.ListEventBusesCommand)
    .resolves({ EventBuses: [{ Name: "default", Arn: `arn:aws:events:${R}:${A}:event-bus/default` }] })
    .on(eb.ListRulesCommand)
    .resolves({ Rules: [ruleFields] })
    .on(eb.DescribeRuleCommand)
    .resolves(ruleFields)
    .on(eb.ListTargetsByRuleCommand)
    .resolves({ Targets });

  return () => {
    for (const stub of stubs) stub.restore();
  };
}
