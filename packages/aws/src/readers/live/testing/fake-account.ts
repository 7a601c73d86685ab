/**
 * A generated account served through aws-sdk-client-mock, for unit tests, the permission test and the benchmark:
 * `functions` functions, each with its own role, SQS queue trigger and DynamoDB table, plus one of each other kind.
 * With `dataFlows`, also the inputs of the tag and data-flow rules (see {@link FakeAccountOptions}). Response shapes
 * follow the AWS API reference; list calls page as AWS does.
 */
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
import { mockClient } from "aws-sdk-client-mock";
import { createClients, type LiveClients, type ServiceName } from "../clients.ts";
import { DEFAULT_RATES } from "../read-account.ts";

export const FAKE_ACCOUNT = "123456789012";
export const FAKE_REGION = "us-east-1";

/** No rate budget for any service: the fake answers at once, and benchmarks measure calls, not waiting. */
export const UNLIMITED_RATES = Object.fromEntries(
  Object.keys(DEFAULT_RATES).map((service) => [service, Number.POSITIVE_INFINITY]),
) as Record<ServiceName, number>;
const A = FAKE_ACCOUNT;
const R = FAKE_REGION;

export const fakeArns = {
  fn: (i: number) => `arn:aws:lambda:${R}:${A}:function:fn-${i}`,
  role: (i: number) => `arn:aws:iam::${A}:role/fn-${i}-role`,
  queue: (i: number) => `arn:aws:sqs:${R}:${A}:queue-${i}`,
  queueUrl: (i: number) => `https://sqs.${R}.amazonaws.com/${A}/queue-${i}`,
  table: (i: number) => `arn:aws:dynamodb:${R}:${A}:table/table-${i}`,
  mapping: (i: number) => `arn:aws:lambda:${R}:${A}:event-source-mapping:uuid-${i}`,
  topic: `arn:aws:sns:${R}:${A}:alerts`,
  rule: `arn:aws:events:${R}:${A}:rule/nightly`,
  restApi: `arn:aws:apigateway:${R}::/restapis/rest1`,
  httpApi: `arn:aws:apigateway:${R}::/apis/http1`,
  bucket: "arn:aws:s3:::uploads",
  userPool: `arn:aws:cognito-idp:${R}:${A}:userpool/${R}_Staff1234`,
  /** The sensitive table of {@link FakeAccountOptions.dataFlows}. */
  ledger: `arn:aws:dynamodb:${R}:${A}:table/ledger`,
};

export interface FakeAccountOptions {
  /**
   * Adds what the tag and data-flow rules judge: a table `ledger` tagged `vigil:sensitive=true` that the roles of
   * fn-0 (which declares it in `vigil:writes` and is tagged `owner`) and fn-1 (which does not) can write; fn-0's
   * role can also write the bucket that triggers it (a loop); the bucket is tagged `owner`.
   */
  readonly dataFlows?: boolean;
}

/** The tags of each resource, as every tag API of the fake answers them; none for the others. */
function tagsOf(arn: string, functions: number, options: FakeAccountOptions): Record<string, string> | undefined {
  const flows = options.dataFlows === true;
  if (flows && arn === fakeArns.fn(0)) return { app: "orders", owner: "payments", "vigil:writes": "ledger" };
  if (flows && arn === fakeArns.ledger) return { "vigil:sensitive": "true" };
  if (flows && arn === fakeArns.bucket) return { owner: "data" };
  const i = Number(/-(\d+)$/.exec(arn)?.[1] ?? -1);
  const generated = i >= 0 && i < functions && (arn === fakeArns.fn(i) || arn === fakeArns.table(i));
  return generated ? { app: "orders" } : undefined;
}

const tagList = (tags: Record<string, string> | undefined) =>
  Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

const TRUST = encodeURIComponent(
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  }),
);

function inlinePolicy(i: number, options: FakeAccountOptions): string {
  const flows = options.dataFlows === true;
  return encodeURIComponent(
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: fakeArns.table(i) },
        { Effect: "Allow", Action: "sqs:ReceiveMessage", Resource: fakeArns.queue(i) },
        ...(flows && i < 2 ? [{ Effect: "Allow", Action: "dynamodb:PutItem", Resource: fakeArns.ledger }] : []),
        ...(flows && i === 0 ? [{ Effect: "Allow", Action: "s3:PutObject", Resource: `${fakeArns.bucket}/*` }] : []),
      ],
    }),
  );
}

/** The configuration of function `fn-<i>`, as GetFunction and ListFunctions return it. */
export function fakeFunctionConfiguration(i: number): lambda.FunctionConfiguration {
  return {
    FunctionName: `fn-${i}`,
    FunctionArn: fakeArns.fn(i),
    Runtime: "nodejs22.x",
    Role: fakeArns.role(i),
    Handler: "index.handler",
    Timeout: 10,
    MemorySize: 512,
    LastModified: "2026-11-01T00:00:00.000+0000",
    Environment: { Variables: { TABLE: `table-${i}` } },
    TracingConfig: { Mode: "Active" },
    Architectures: ["arm64"],
    PackageType: "Zip",
    VpcConfig: { SubnetIds: [], SecurityGroupIds: [], VpcId: "" },
  };
}

/** `items[start, start + size)` and the marker of the next page, AWS style. */
function page<T>(items: readonly T[], marker: string | undefined, size: number) {
  const start = marker ? Number(marker) : 0;
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

function stubAll() {
  return {
    lambda: mockClient(lambda.LambdaClient),
    iam: mockClient(iam.IAMClient),
    apigateway: mockClient(apigw.APIGatewayClient),
    apigatewayv2: mockClient(apigwv2.ApiGatewayV2Client),
    s3: mockClient(s3.S3Client),
    s3control: mockClient(s3control.S3ControlClient),
    sqs: mockClient(sqs.SQSClient),
    sns: mockClient(sns.SNSClient),
    dynamodb: mockClient(ddb.DynamoDBClient),
    events: mockClient(eb.EventBridgeClient),
    cognito: mockClient(cognito.CognitoIdentityProviderClient),
    tagging: mockClient(tagging.ResourceGroupsTaggingAPIClient),
    sts: mockClient(sts.STSClient),
  };
}

export interface FakeAccount {
  readonly clients: (region: string) => LiveClients;
  /** The stub of each client: override an answer, or inspect the commands sent. */
  readonly stubs: ReturnType<typeof stubAll>;
  restore(): void;
}

export function fakeAccount(functions: number, options: FakeAccountOptions = {}): FakeAccount {
  const ids = Array.from({ length: functions }, (_, i) => i);
  const tagsOfArn = (arn: string | undefined) => tagsOf(arn ?? "", functions, options);
  const stubs = stubAll();
  const notFound = (name: string) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 404 } });
  const indexOf = (arn: string | undefined) => Number(/fn-(\d+)/.exec(arn ?? "")?.[1] ?? -1);

  stubs.sts.on(sts.GetCallerIdentityCommand).resolves({ Account: A, Arn: `arn:aws:iam::${A}:user/auditor` });

  // Lambda
  stubs.lambda
    .on(lambda.ListFunctionsCommand)
    .callsFake((input: lambda.ListFunctionsRequest) => {
      const p = page(ids, input.Marker, Math.min(input.MaxItems ?? 50, 50));
      return { Functions: p.items.map(fakeFunctionConfiguration), NextMarker: p.next };
    })
    .on(lambda.GetFunctionCommand)
    .callsFake((input: lambda.GetFunctionRequest) => {
      const i = indexOf(input.FunctionName);
      if (i < 0 || i >= functions) throw notFound("ResourceNotFoundException");
      return { Configuration: fakeFunctionConfiguration(i), Tags: tagsOfArn(fakeArns.fn(i)) ?? {}, Concurrency: {} };
    })
    .on(lambda.ListEventSourceMappingsCommand)
    .callsFake((input: lambda.ListEventSourceMappingsRequest) => {
      // Filtered as AWS filters: by function, or by source (mapping i polls queue i).
      const selected = input.FunctionName
        ? [indexOf(input.FunctionName)]
        : ids.filter((i) => input.EventSourceArn === undefined || input.EventSourceArn === fakeArns.queue(i));
      const p = page(selected, input.Marker, Math.min(input.MaxItems ?? 100, 100));
      return {
        EventSourceMappings: p.items.map((i) => ({
          UUID: `uuid-${i}`,
          EventSourceMappingArn: fakeArns.mapping(i),
          FunctionArn: fakeArns.fn(i),
          EventSourceArn: fakeArns.queue(i),
          State: "Enabled",
          BatchSize: 10,
          ScalingConfig: { MaximumConcurrency: 5 },
        })),
        NextMarker: p.next,
      };
    })
    .on(lambda.GetEventSourceMappingCommand)
    .callsFake((input: lambda.GetEventSourceMappingRequest) => {
      const i = Number(input.UUID?.replace("uuid-", ""));
      return { UUID: input.UUID, FunctionArn: fakeArns.fn(i), EventSourceArn: fakeArns.queue(i), State: "Enabled" };
    })
    .on(lambda.ListCodeSigningConfigsCommand)
    .resolves({
      CodeSigningConfigs: [
        {
          CodeSigningConfigArn: `arn:aws:lambda:${R}:${A}:code-signing-config:csc-1`,
          CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Enforce" },
        } as lambda.CodeSigningConfig,
      ],
    })
    .on(lambda.ListFunctionsByCodeSigningConfigCommand)
    .resolves({ FunctionArns: functions > 0 ? [fakeArns.fn(0)] : [] })
    .on(lambda.GetFunctionCodeSigningConfigCommand)
    .callsFake((input: lambda.GetFunctionCodeSigningConfigRequest) =>
      indexOf(input.FunctionName) === 0
        ? { CodeSigningConfigArn: `arn:aws:lambda:${R}:${A}:code-signing-config:csc-1`, FunctionName: "fn-0" }
        : { FunctionName: input.FunctionName },
    )
    .on(lambda.GetCodeSigningConfigCommand)
    .resolves({ CodeSigningConfig: { CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Enforce" } } as never })
    .on(lambda.GetPolicyCommand)
    .callsFake((input: lambda.GetPolicyRequest) => {
      const i = indexOf(input.FunctionName);
      if (i % 2 === 1) throw notFound("ResourceNotFoundException");
      const invoke = (Sid: string, service: string, sourceArn?: string) => ({
        Sid,
        Effect: "Allow",
        Principal: { Service: `${service}.amazonaws.com` },
        Action: "lambda:InvokeFunction",
        Resource: input.FunctionName,
        ...(sourceArn && { Condition: { ArnLike: { "aws:SourceArn": sourceArn } } }),
      });
      // fn-0's bucket, topic and rule triggers, with the permissions AWS requires of them.
      const pushed =
        options.dataFlows && i === 0
          ? [
              invoke("s3", "s3", fakeArns.bucket),
              invoke("sns", "sns", fakeArns.topic),
              invoke("events", "events", fakeArns.rule),
            ]
          : [];
      return { Policy: JSON.stringify({ Version: "2012-10-17", Statement: [invoke("sqs", "sqs"), ...pushed] }) };
    })
    .on(lambda.GetFunctionUrlConfigCommand)
    .rejects(notFound("ResourceNotFoundException"))
    .on(lambda.GetFunctionConcurrencyCommand)
    .resolves({ ReservedConcurrentExecutions: 10 })
    .on(lambda.GetFunctionRecursionConfigCommand)
    .resolves({ RecursiveLoop: "Terminate" })
    .on(lambda.GetFunctionEventInvokeConfigCommand)
    .rejects(notFound("ResourceNotFoundException"));

  // IAM: one role per function, documents URL-encoded as AWS returns them.
  const roleDetail = (i: number): iam.RoleDetail => ({
    RoleName: `fn-${i}-role`,
    Arn: fakeArns.role(i),
    AssumeRolePolicyDocument: TRUST,
    RolePolicyList: [{ PolicyName: "data", PolicyDocument: inlinePolicy(i, options) }],
    AttachedManagedPolicies: [
      {
        PolicyName: "AWSLambdaBasicExecutionRole",
        PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      },
    ],
  });
  const basicExecution = encodeURIComponent(
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" }],
    }),
  );
  stubs.iam
    .on(iam.GetAccountAuthorizationDetailsCommand)
    .callsFake((input: iam.GetAccountAuthorizationDetailsRequest) => {
      const p = page(ids, input.Marker, 100);
      return {
        RoleDetailList: p.items.map(roleDetail),
        Policies: input.Marker
          ? []
          : [
              {
                PolicyName: "AWSLambdaBasicExecutionRole",
                Arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                DefaultVersionId: "v1",
                PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: true, Document: basicExecution }],
              },
            ],
        IsTruncated: p.next !== undefined,
        Marker: p.next,
      };
    })
    .on(iam.GetRoleCommand)
    .callsFake((input: iam.GetRoleRequest) => {
      const i = Number(/fn-(\d+)-role/.exec(input.RoleName ?? "")?.[1] ?? -1);
      if (i < 0 || i >= functions) throw notFound("NoSuchEntityException");
      const { RolePolicyList: _, AttachedManagedPolicies: __, ...role } = roleDetail(i);
      return { Role: { ...role, Path: "/", RoleId: `AROA${i}`, CreateDate: new Date() } as iam.Role };
    })
    .on(iam.ListRolePoliciesCommand)
    .resolves({ PolicyNames: ["data"], IsTruncated: false })
    .on(iam.GetRolePolicyCommand)
    .callsFake((input: iam.GetRolePolicyRequest) => ({
      RoleName: input.RoleName,
      PolicyName: "data",
      PolicyDocument: inlinePolicy(Number(/fn-(\d+)-role/.exec(input.RoleName ?? "")?.[1] ?? 0), options),
    }))
    .on(iam.ListAttachedRolePoliciesCommand)
    .resolves({ AttachedPolicies: roleDetail(0).AttachedManagedPolicies, IsTruncated: false })
    .on(iam.GetPolicyCommand)
    .resolves({ Policy: { PolicyName: "AWSLambdaBasicExecutionRole", DefaultVersionId: "v1" } })
    .on(iam.GetPolicyVersionCommand)
    .resolves({ PolicyVersion: { VersionId: "v1", IsDefaultVersion: true, Document: basicExecution } })
    // Every role has the basic execution policy attached; one page names the first.
    .on(iam.ListEntitiesForPolicyCommand)
    .resolves({ PolicyRoles: functions > 0 ? [{ RoleName: "fn-0-role", RoleId: "AROA0" }] : [], IsTruncated: false });

  // SQS and DynamoDB: one queue and one table per function.
  stubs.sqs
    .on(sqs.ListQueuesCommand)
    .callsFake((input: sqs.ListQueuesRequest) => {
      const p = page(ids, input.NextToken, input.MaxResults ?? 1000);
      return { QueueUrls: p.items.map(fakeArns.queueUrl), NextToken: p.next };
    })
    .on(sqs.GetQueueAttributesCommand)
    .callsFake((input: sqs.GetQueueAttributesRequest) => {
      const i = Number(/queue-(\d+)/.exec(input.QueueUrl ?? "")?.[1]);
      return {
        Attributes: {
          QueueArn: fakeArns.queue(i),
          VisibilityTimeout: "60",
          MessageRetentionPeriod: "345600",
          SqsManagedSseEnabled: "true",
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `${fakeArns.queue(i)}-dlq`, maxReceiveCount: 5 }),
        },
      };
    })
    .on(sqs.ListQueueTagsCommand)
    .callsFake((input: sqs.ListQueueTagsRequest) => {
      const i = Number(/queue-(\d+)/.exec(input.QueueUrl ?? "")?.[1]);
      return { Tags: tagsOfArn(fakeArns.queue(i)) };
    });
  const tableNames = [...ids.map((i) => `table-${i}`), ...(options.dataFlows ? ["ledger"] : [])];
  stubs.dynamodb
    .on(ddb.ListTablesCommand)
    .callsFake((input: ddb.ListTablesInput) => {
      const start = input.ExclusiveStartTableName ? tableNames.indexOf(input.ExclusiveStartTableName) + 1 : 0;
      const p = page(tableNames, String(start), input.Limit ?? 100);
      return { TableNames: p.items, ...(p.next && { LastEvaluatedTableName: p.items.at(-1) }) };
    })
    .on(ddb.DescribeTableCommand)
    .callsFake((input: ddb.DescribeTableInput) => ({
      Table: {
        TableName: input.TableName,
        TableArn: `arn:aws:dynamodb:${R}:${A}:table/${input.TableName}`,
        DeletionProtectionEnabled: true,
        BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
      },
    }))
    .on(ddb.DescribeContinuousBackupsCommand)
    .resolves({
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: "ENABLED",
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "ENABLED" },
      },
    })
    .on(ddb.ListTagsOfResourceCommand)
    .callsFake((input: ddb.ListTagsOfResourceInput) => ({ Tags: tagList(tagsOfArn(input.ResourceArn)) }));
  // Every function and table is tagged; the Tagging API pages them 100 at a time, ending with an empty token.
  const tagged = [
    ...ids.flatMap((i) => [fakeArns.fn(i), fakeArns.table(i)]),
    ...(options.dataFlows ? [fakeArns.ledger, fakeArns.bucket] : []),
  ];
  stubs.tagging.on(tagging.GetResourcesCommand).callsFake((input: tagging.GetResourcesInput) => {
    const p = page(tagged, input.PaginationToken || undefined, input.ResourcesPerPage ?? 50);
    return {
      ResourceTagMappingList: p.items.map((ResourceARN) => ({ ResourceARN, Tags: tagList(tagsOfArn(ResourceARN)) })),
      PaginationToken: p.next ?? "",
    };
  });

  // One bucket, topic, rule, REST API and HTTP API.
  stubs.s3
    .on(s3.ListBucketsCommand)
    .resolves({ Buckets: [{ Name: "uploads", BucketRegion: R }] })
    .on(s3.GetBucketPolicyCommand)
    .rejects(notFound("NoSuchBucketPolicy"))
    .on(s3.GetPublicAccessBlockCommand)
    .resolves({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    })
    .on(s3.GetBucketNotificationConfigurationCommand)
    .resolves({
      LambdaFunctionConfigurations: [{ LambdaFunctionArn: fakeArns.fn(0), Events: ["s3:ObjectCreated:*"] }],
    })
    .on(s3.GetBucketVersioningCommand)
    .resolves({ Status: "Enabled" })
    .on(s3.GetBucketAclCommand)
    .resolves({ Grants: [{ Grantee: { Type: "CanonicalUser", ID: "owner" }, Permission: "FULL_CONTROL" }] })
    .on(s3.GetBucketTaggingCommand)
    .callsFake((input: s3.GetBucketTaggingRequest) => {
      const tags = tagsOfArn(`arn:aws:s3:::${input.Bucket}`);
      if (!tags) throw notFound("NoSuchTagSet");
      return { TagSet: tagList(tags) };
    });
  // The account has no account-level block: each bucket's own decides.
  stubs.s3control.on(s3control.GetPublicAccessBlockCommand).rejects(notFound("NoSuchPublicAccessBlockConfiguration"));
  stubs.sns
    .on(sns.ListTopicsCommand)
    .resolves({ Topics: [{ TopicArn: fakeArns.topic }] })
    .on(sns.GetTopicAttributesCommand)
    .resolves({ Attributes: { TopicArn: fakeArns.topic, KmsMasterKeyId: "alias/aws/sns" } })
    .on(sns.ListSubscriptionsCommand)
    .resolves({
      Subscriptions: [
        {
          TopicArn: fakeArns.topic,
          Protocol: "lambda",
          Endpoint: fakeArns.fn(0),
          SubscriptionArn: `${fakeArns.topic}:sub-1`,
        },
      ],
    })
    .on(sns.ListSubscriptionsByTopicCommand)
    .resolves({ Subscriptions: [] })
    .on(sns.GetSubscriptionAttributesCommand)
    .resolves({ Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: fakeArns.queue(0) }) } })
    .on(sns.ListTagsForResourceCommand)
    .callsFake((input: sns.ListTagsForResourceRequest) => ({ Tags: tagList(tagsOfArn(input.ResourceArn)) }));
  const rule = { Name: "nightly", Arn: fakeArns.rule, EventBusName: "default", ScheduleExpression: "rate(1 day)" };
  stubs.events
    .on(eb.ListEventBusesCommand)
    .resolves({ EventBuses: [{ Name: "default" }] })
    .on(eb.ListRulesCommand)
    .resolves({ Rules: [{ ...rule, State: "ENABLED" }] })
    .on(eb.DescribeRuleCommand)
    .resolves({ ...rule, State: "ENABLED" })
    .on(eb.ListTargetsByRuleCommand)
    .resolves({ Targets: [{ Id: "t1", Arn: fakeArns.fn(0) }] });
  const restApi = { id: "rest1", name: "orders", endpointConfiguration: { types: ["REGIONAL" as const] } };
  stubs.apigateway
    .on(apigw.GetRestApisCommand)
    .resolves({ items: [restApi] })
    .on(apigw.GetRestApiCommand)
    .resolves(restApi)
    .on(apigw.GetStagesCommand)
    .resolves({
      item: [
        {
          stageName: "prod",
          tracingEnabled: true,
          methodSettings: { "*/*": { throttlingBurstLimit: 100, throttlingRateLimit: 50, loggingLevel: "ERROR" } },
        },
      ],
    })
    .on(apigw.GetResourcesCommand)
    .resolves({
      items: [
        {
          id: "res1",
          path: "/orders",
          resourceMethods: {
            GET: {
              httpMethod: "GET",
              authorizationType: "NONE",
              apiKeyRequired: false,
              methodIntegration: {
                type: "AWS_PROXY",
                uri: `arn:aws:apigateway:${R}:lambda:path/2015-03-31/functions/${fakeArns.fn(0)}/invocations`,
              },
            },
          },
        },
      ],
    })
    .on(apigw.GetRequestValidatorsCommand)
    .resolves({ items: [] })
    .on(apigw.GetUsagePlansCommand)
    .resolves({ items: [] });
  const httpApi = {
    ApiId: "http1",
    Name: "public",
    ProtocolType: "HTTP",
    RouteSelectionExpression: "$request.method $request.path",
  } as const;
  stubs.apigatewayv2
    .on(apigwv2.GetApisCommand)
    .resolves({ Items: [httpApi] })
    .on(apigwv2.GetApiCommand)
    .resolves(httpApi)
    .on(apigwv2.GetStagesCommand)
    .resolves({ Items: [{ StageName: "$default", DefaultRouteSettings: {} }] })
    .on(apigwv2.GetRoutesCommand)
    .resolves({
      Items: [{ RouteId: "r1", RouteKey: "GET /orders", AuthorizationType: "NONE", Target: "integrations/i1" }],
    })
    .on(apigwv2.GetIntegrationsCommand)
    .resolves({ Items: [{ IntegrationId: "i1", IntegrationType: "AWS_PROXY", IntegrationUri: fakeArns.fn(0) }] });

  const pool = { Id: `${R}_Staff1234`, Name: "staff" };
  stubs.cognito
    .on(cognito.ListUserPoolsCommand)
    .resolves({ UserPools: [pool] })
    .on(cognito.DescribeUserPoolCommand)
    .resolves({ UserPool: { ...pool, Arn: fakeArns.userPool, MfaConfiguration: "ON", DeletionProtection: "ACTIVE" } })
    .on(cognito.ListUserPoolClientsCommand)
    .resolves({ UserPoolClients: [{ ClientId: "web1", UserPoolId: pool.Id, ClientName: "web" }] })
    .on(cognito.DescribeUserPoolClientCommand)
    .resolves({
      UserPoolClient: { ClientId: "web1", UserPoolId: pool.Id, ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] },
    });

  const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
  return {
    clients: (region) => createClients({ region, credentials }),
    stubs,
    restore: () => {
      for (const stub of Object.values(stubs)) stub.restore();
    },
  };
}
