/**
 * AWS Config configuration items as a snapshot file holds them, one or more of every type Vigil models: the Config
 * reader's test fixtures, also read by the every-field meta-test (readers/every-field.test.ts).
 */
export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
export const roleArn = `arn:aws:iam::${ACCOUNT}:role/service-role/orders-role`;
export const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`;
export const queueUrl = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders`;
export const restApiArn = `arn:aws:apigateway:${REGION}::/restapis/a1b2c3d4e5`;
export const httpApiArn = `arn:aws:apigateway:${REGION}::/apis/h1t2p3a4p5`;
export const NOT_RECORDED = "not recorded by AWS Config";

/** IAM stores documents URL-encoded, and Config keeps them so. */
const urlEncoded = (document: unknown) => encodeURIComponent(JSON.stringify(document));

/** The envelope fields of a configuration item in a snapshot file or change notification. */
export function snapshotItem<F extends Record<string, unknown>>(resourceType: string, arn: string, fields: F) {
  return {
    relatedEvents: [],
    relationships: [],
    supplementaryConfiguration: {},
    tags: {},
    configurationItemVersion: "1.3",
    configurationItemCaptureTime: "2026-11-27T08:00:00.000Z",
    configurationStateId: 1764230400000,
    awsAccountId: ACCOUNT,
    configurationItemStatus: "OK",
    resourceType,
    resourceId: arn.slice(arn.lastIndexOf(":") + 1),
    ARN: arn,
    awsRegion: REGION,
    availabilityZone: "Not Applicable",
    configurationStateMd5Hash: "",
    resourceCreationTime: "2026-10-01T12:00:00.000Z",
    ...fields,
  };
}

export const lambdaItem = snapshotItem("AWS::Lambda::Function", fn("orders"), {
  resourceName: "orders",
  relationships: [
    {
      resourceId: "AROAEXAMPLE",
      resourceName: "orders-role",
      resourceType: "AWS::IAM::Role",
      name: "Is associated with ",
    },
  ],
  configuration: {
    functionName: "orders",
    functionArn: fn("orders"),
    runtime: "nodejs18.x",
    role: roleArn,
    handler: "index.handler",
    codeSize: 48213,
    description: "",
    timeout: 30,
    memorySize: 512,
    lastModified: "2026-11-01T09:00:00.000+0000",
    codeSha256: "b4Rk1qQ6m2QJ6n2dTq2Yb4Rk1qQ6m2QJ6n2dTq2Yb4Q=",
    version: "$LATEST",
    vpcConfig: { subnetIds: [], securityGroupIds: [] },
    environment: { variables: { TABLE_NAME: "orders" } },
    tracingConfig: { mode: "PassThrough" },
    layers: [{ arn: "arn:aws:lambda:eu-west-1:999999999999:layer:shared-utils:4", codeSize: 1024 }],
    architectures: ["arm64"],
    packageType: "Zip",
    ephemeralStorage: { size: 512 },
  },
  supplementaryConfiguration: { Concurrency: { reservedConcurrentExecutions: 5 } },
  tags: { team: "orders" },
});

const trustPolicy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const inlinePolicy = {
  Version: "2012-10-17",
  Statement: [{ Sid: "Table", Effect: "Allow", Action: ["dynamodb:*"], Resource: "*" }],
};

export const roleItem = snapshotItem("AWS::IAM::Role", roleArn, {
  resourceId: "AROAEXAMPLEROLEID",
  resourceName: "orders-role",
  awsRegion: "global",
  configuration: {
    path: "/service-role/",
    roleName: "orders-role",
    roleId: "AROAEXAMPLEROLEID",
    arn: roleArn,
    createDate: "2026-10-01T12:00:00.000Z",
    assumeRolePolicyDocument: urlEncoded(trustPolicy),
    instanceProfileList: [],
    rolePolicyList: [{ policyName: "orders-table", policyDocument: urlEncoded(inlinePolicy) }],
    attachedManagedPolicies: [
      {
        policyName: "AWSLambdaBasicExecutionRole",
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      },
    ],
    permissionsBoundary: {
      permissionsBoundaryType: "PermissionsBoundaryPolicy",
      permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
    },
    tags: [],
    roleLastUsed: null,
  },
});

const policyArn = `arn:aws:iam::${ACCOUNT}:policy/orders-access`;
const policyItem = snapshotItem("AWS::IAM::Policy", policyArn, {
  resourceId: "ANPAEXAMPLEPOLICY",
  resourceName: "orders-access",
  awsRegion: "global",
  configuration: {
    policyName: "orders-access",
    policyId: "ANPAEXAMPLEPOLICY",
    arn: policyArn,
    path: "/",
    defaultVersionId: "v2",
    attachmentCount: 1,
    isAttachable: true,
    policyVersionList: [
      {
        document: urlEncoded({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
        versionId: "v1",
        isDefaultVersion: false,
      },
      {
        document: urlEncoded({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
        versionId: "v2",
        isDefaultVersion: true,
      },
    ],
  },
});

const apiPolicy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }],
};
const restApiItem = snapshotItem("AWS::ApiGateway::RestApi", restApiArn, {
  resourceId: "a1b2c3d4e5",
  resourceName: "orders-api",
  configuration: {
    id: "a1b2c3d4e5",
    name: "orders-api",
    createdDate: "2026-10-01T12:00:00.000Z",
    apiKeySource: "HEADER",
    endpointConfiguration: { types: ["REGIONAL"] },
    // GetRestApi escapes the quotes of the policy; Config keeps the escaped text.
    policy: JSON.stringify(apiPolicy).replace(/"/g, '\\"'),
    disableExecuteApiEndpoint: false,
  },
});

const restStageItem = snapshotItem("AWS::ApiGateway::Stage", `${restApiArn}/stages/prod`, {
  resourceId: "prod",
  resourceName: "prod",
  configuration: {
    stageName: "prod",
    deploymentId: "d3pl0y",
    cacheClusterEnabled: false,
    methodSettings: {
      "*/*": {
        metricsEnabled: true,
        loggingLevel: "ERROR",
        dataTraceEnabled: false,
        throttlingBurstLimit: 500,
        throttlingRateLimit: 100,
        cachingEnabled: false,
      },
      "~1orders/POST": {
        metricsEnabled: false,
        loggingLevel: "OFF",
        dataTraceEnabled: false,
        throttlingBurstLimit: 50,
        throttlingRateLimit: 10,
      },
    },
    accessLogSettings: {
      destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:api-access`,
      format: "$context.requestId",
    },
    tracingEnabled: true,
    webAclArn: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/api/0a1b2c3d`,
    variables: { backend: "orders" },
  },
});

const httpApiItem = snapshotItem("AWS::ApiGatewayV2::Api", httpApiArn, {
  resourceId: "h1t2p3a4p5",
  resourceName: "orders-http",
  configuration: {
    apiId: "h1t2p3a4p5",
    name: "orders-http",
    protocolType: "HTTP",
    apiEndpoint: "https://h1t2p3a4p5.execute-api.eu-west-1.amazonaws.com",
    corsConfiguration: { allowOrigins: ["*"], allowMethods: ["GET"], allowCredentials: false },
    disableExecuteApiEndpoint: false,
    routeSelectionExpression: "$request.method $request.path",
  },
});

const httpStageItem = snapshotItem("AWS::ApiGatewayV2::Stage", `${httpApiArn}/stages/$default`, {
  resourceId: "$default",
  resourceName: "$default",
  configuration: {
    stageName: "$default",
    autoDeploy: true,
    defaultRouteSettings: { detailedMetricsEnabled: false, throttlingBurstLimit: 100, throttlingRateLimit: 50 },
    routeSettings: { "GET /orders": { throttlingBurstLimit: 10, throttlingRateLimit: 5 } },
    stageVariables: {},
  },
});

const bucketPolicy = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "PublicRead",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::orders-uploads/*",
    },
  ],
};
export const bucketItem = snapshotItem("AWS::S3::Bucket", "arn:aws:s3:::orders-uploads", {
  resourceId: "orders-uploads",
  resourceName: "orders-uploads",
  configuration: {
    name: "orders-uploads",
    owner: { displayName: null, id: "79a59df900b949e55d96a1e698fbaced" },
    creationDate: "2026-10-01T12:00:00.000Z",
  },
  supplementaryConfiguration: {
    AccessControlList: JSON.stringify({
      grantSet: null,
      grantList: [
        { grantee: { id: "79a59df900b949e55d96a1e698fbaced", displayName: null }, permission: "FullControl" },
        { grantee: "AllUsers", permission: "Read" },
      ],
      owner: { displayName: null, id: "79a59df900b949e55d96a1e698fbaced" },
      isRequesterCharged: false,
    }),
    BucketAccelerateConfiguration: { status: null },
    BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
    BucketNotificationConfiguration: {
      configurations: {
        resize: {
          events: ["s3:ObjectCreated:*"],
          filter: null,
          objectPrefixes: [],
          functionARN: fn("resize"),
          type: "LambdaConfiguration",
        },
        audit: {
          events: ["s3:ObjectRemoved:*"],
          filter: null,
          objectPrefixes: [],
          queueARN: queueArn,
          type: "QueueConfiguration",
        },
      },
    },
    BucketPolicy: { policyText: JSON.stringify(bucketPolicy) },
    BucketVersioningConfiguration: { status: "Off", isMfaDeleteEnabled: null },
    IsRequesterPaysEnabled: false,
    PublicAccessBlockConfiguration: {
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    },
  },
});

const privateBucketItem = snapshotItem("AWS::S3::Bucket", "arn:aws:s3:::orders-archive", {
  resourceId: "orders-archive",
  resourceName: "orders-archive",
  configuration: { name: "orders-archive" },
  supplementaryConfiguration: {
    AccessControlList: JSON.stringify({ grantList: [{ grantee: { id: "owner" }, permission: "FullControl" }] }),
    BucketNotificationConfiguration: { configurations: {} },
    BucketPolicy: { policyText: null },
    BucketVersioningConfiguration: { status: "Enabled", isMfaDeleteEnabled: false },
  },
});

export const queueItem = snapshotItem("AWS::SQS::Queue", queueArn, {
  resourceId: queueUrl,
  resourceName: "orders",
  configuration: {
    QueueArn: queueArn,
    QueueUrl: queueUrl,
    Policy: JSON.stringify({
      Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sqs:SendMessage", Resource: queueArn }],
    }),
    VisibilityTimeout: "20",
    MessageRetentionPeriod: 345600,
    DelaySeconds: 0,
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `${queueArn}-dlq`, maxReceiveCount: 5 }),
    SqsManagedSseEnabled: "true",
    ReceiveMessageWaitTimeSeconds: 0,
  },
});

const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:order-events`;
export const topicItem = snapshotItem("AWS::SNS::Topic", topicArn, {
  resourceId: topicArn,
  configuration: {
    TopicArn: topicArn,
    Owner: ACCOUNT,
    DisplayName: "",
    KmsMasterKeyId: "alias/aws/sns",
    Policy: JSON.stringify({
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: "SNS:Publish",
          Resource: topicArn,
        },
      ],
    }),
  },
});

export const tableArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`;
export const tableConfiguration = {
  tableName: "orders",
  tableArn,
  tableStatus: "ACTIVE",
  billingModeSummary: { billingMode: "PAY_PER_REQUEST" },
  ssedescription: {
    status: "ENABLED",
    ssetype: "KMS",
    kmsmasterKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-4e5f`,
  },
  streamSpecification: { streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" },
  latestStreamArn: `${tableArn}/stream/2026-10-01T12:00:00.000`,
  deletionProtectionEnabled: false,
};
const tableItem = snapshotItem("AWS::DynamoDB::Table", tableArn, {
  resourceId: "orders",
  resourceName: "orders",
  configuration: tableConfiguration,
  supplementaryConfiguration: {
    ContinuousBackupsDescription: {
      continuousBackupsStatus: "ENABLED",
      pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: "DISABLED" },
    },
  },
});

const ruleArn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly`;
const ruleItem = snapshotItem("AWS::Events::Rule", ruleArn, {
  resourceId: "nightly",
  resourceName: "nightly",
  configuration: {
    Name: "nightly",
    Arn: ruleArn,
    EventBusName: "default",
    ScheduleExpression: "rate(1 day)",
    State: "ENABLED",
    Targets: [
      {
        Id: "report",
        Arn: fn("report"),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: `${queueArn}-dlq` },
      },
    ],
  },
});

export const ALL_ITEMS = [
  lambdaItem,
  roleItem,
  policyItem,
  restApiItem,
  restStageItem,
  httpApiItem,
  httpStageItem,
  bucketItem,
  privateBucketItem,
  queueItem,
  topicItem,
  tableItem,
  ruleItem,
];

/** Settings the items above leave out: a VPC function with a dead-letter queue, access logs on an HTTP stage, a pattern rule. */
export const vpcLambdaItem = snapshotItem("AWS::Lambda::Function", fn("resize"), {
  resourceName: "resize",
  configuration: {
    ...lambdaItem.configuration,
    functionName: "resize",
    functionArn: fn("resize"),
    description: "Resizes uploaded images",
    vpcConfig: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["sg-0c1d2e3f"], vpcId: "vpc-0e1f2a3b" },
    deadLetterConfig: { targetArn: `${queueArn}-dlq` },
  },
  supplementaryConfiguration: { Concurrency: {} },
});

const loggedHttpStageItem = snapshotItem("AWS::ApiGatewayV2::Stage", `${httpApiArn}/stages/prod`, {
  resourceId: "prod",
  resourceName: "prod",
  configuration: {
    stageName: "prod",
    autoDeploy: false,
    accessLogSettings: {
      destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:http-access`,
      format: "$context.requestId",
    },
    stageVariables: { mode: "live" },
  },
});

const patternRuleArn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/orders-bus/order-placed`;
const patternRuleItem = snapshotItem("AWS::Events::Rule", patternRuleArn, {
  resourceId: "orders-bus|order-placed",
  resourceName: "order-placed",
  configuration: {
    Name: "order-placed",
    Arn: patternRuleArn,
    EventBusName: "orders-bus",
    EventPattern: JSON.stringify({ source: ["orders"], "detail-type": ["OrderPlaced"] }),
    State: "DISABLED",
    Targets: [{ Id: "orders", Arn: fn("orders") }],
  },
});

export const SETTINGS_ITEMS = [vpcLambdaItem, loggedHttpStageItem, patternRuleItem];
