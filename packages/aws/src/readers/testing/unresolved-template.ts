/** A template for the every-field meta-test (readers/every-field.test.ts), written out by the test. */

const UNSET = { Ref: "Unset" };
const unset = (...properties: string[]) => Object.fromEntries(properties.map((name) => [name, UNSET]));

/**
 * A resource of every kind whose settings are all a parameter without a value, whole blocks included (as an `!If`
 * on an undecidable condition resolves): each field must then be read as unknown, none left absent.
 */
export const UNRESOLVED_TEMPLATE = {
  Parameters: { Unset: { Type: "String" } },
  Resources: {
    Fn: {
      Type: "AWS::Lambda::Function",
      Properties: unset(
        ...["FunctionName", "Runtime", "Handler", "Role", "Code", "Timeout", "MemorySize", "Environment", "Layers"],
        ...["DeadLetterConfig", "ReservedConcurrentExecutions", "VpcConfig", "TracingConfig", "Architectures"],
        ...["Description", "CodeSigningConfigArn", "RecursiveLoop", "Tags"],
      ),
    },
    FnUrl: {
      Type: "AWS::Lambda::Url",
      Properties: { TargetFunctionArn: { "Fn::GetAtt": ["Fn", "Arn"] }, ...unset("AuthType", "Cors", "InvokeMode") },
    },
    FnInvoke: {
      Type: "AWS::Lambda::EventInvokeConfig",
      Properties: {
        FunctionName: { Ref: "Fn" },
        Qualifier: "$LATEST",
        ...unset("DestinationConfig", "MaximumRetryAttempts", "MaximumEventAgeInSeconds"),
      },
    },
    Mapping: {
      Type: "AWS::Lambda::EventSourceMapping",
      Properties: {
        FunctionName: { Ref: "Fn" },
        ...unset("EventSourceArn", "Enabled", "BatchSize", "StartingPosition", "MaximumRetryAttempts"),
        ...unset("BisectBatchOnFunctionError", "DestinationConfig", "ScalingConfig", "Tags"),
      },
    },
    Role: {
      Type: "AWS::IAM::Role",
      Properties: unset("RoleName", "AssumeRolePolicyDocument", "Policies", "ManagedPolicyArns", "PermissionsBoundary"),
    },
    Policy: { Type: "AWS::IAM::ManagedPolicy", Properties: unset("ManagedPolicyName", "PolicyDocument") },
    Api: {
      Type: "AWS::ApiGateway::RestApi",
      Properties: unset("Name", "EndpointConfiguration", "Policy", "DisableExecuteApiEndpoint", "Tags"),
    },
    Stage: {
      Type: "AWS::ApiGateway::Stage",
      Properties: {
        RestApiId: { Ref: "Api" },
        ...unset("StageName", "MethodSettings", "AccessLogSetting", "TracingEnabled", "Variables", "Tags"),
      },
    },
    StageAcl: {
      Type: "AWS::WAFv2::WebACLAssociation",
      Properties: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation `Fn::Sub`, not a template slip
        ResourceArn: { "Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}" },
        ...unset("WebACLArn"),
      },
    },
    Method: {
      Type: "AWS::ApiGateway::Method",
      Properties: {
        RestApiId: { Ref: "Api" },
        ResourceId: { "Fn::GetAtt": ["Api", "RootResourceId"] },
        ...unset("HttpMethod", "AuthorizationType", "ApiKeyRequired", "RequestValidatorId", "Integration"),
      },
    },
    Plan: {
      Type: "AWS::ApiGateway::UsagePlan",
      Properties: unset("UsagePlanName", "ApiStages", "Throttle", "Quota", "Tags"),
    },
    Http: {
      Type: "AWS::ApiGatewayV2::Api",
      Properties: unset("Name", "ProtocolType", "CorsConfiguration", "DisableExecuteApiEndpoint", "Tags"),
    },
    HttpStage: {
      Type: "AWS::ApiGatewayV2::Stage",
      Properties: {
        ApiId: { Ref: "Http" },
        ...unset("StageName", "DefaultRouteSettings", "RouteSettings", "AccessLogSettings", "StageVariables", "Tags"),
      },
    },
    Route: {
      Type: "AWS::ApiGatewayV2::Route",
      Properties: { ApiId: { Ref: "Http" }, ...unset("RouteKey", "AuthorizationType", "AuthorizerId", "Target") },
    },
    Bucket: {
      Type: "AWS::S3::Bucket",
      Properties: unset(
        ...["BucketName", "PublicAccessBlockConfiguration", "AccessControl", "NotificationConfiguration"],
        ...["VersioningConfiguration", "Tags"],
      ),
    },
    Queue: {
      Type: "AWS::SQS::Queue",
      Properties: unset(
        ...["QueueName", "FifoQueue", "RedrivePolicy", "KmsMasterKeyId", "SqsManagedSseEnabled"],
        ...["VisibilityTimeout", "MessageRetentionPeriod", "Tags"],
      ),
    },
    Topic: {
      Type: "AWS::SNS::Topic",
      Properties: unset("TopicName", "Subscription", "KmsMasterKeyId", "FifoTopic", "Tags"),
    },
    Table: {
      Type: "AWS::DynamoDB::Table",
      Properties: unset(
        ...["TableName", "KeySchema", "PointInTimeRecoverySpecification", "DeletionProtectionEnabled"],
        ...["SSESpecification", "StreamSpecification", "BillingMode", "Tags"],
      ),
    },
    Rule: {
      Type: "AWS::Events::Rule",
      Properties: unset("Name", "EventBusName", "EventPattern", "ScheduleExpression", "State", "Targets"),
    },
    Pool: {
      Type: "AWS::Cognito::UserPool",
      Properties: unset("UserPoolName", "Policies", "MfaConfiguration", "Schema", "DeletionProtection", "UserPoolTags"),
    },
    PoolClient: {
      Type: "AWS::Cognito::UserPoolClient",
      Properties: {
        UserPoolId: { Ref: "Pool" },
        ...unset("ClientName", "ExplicitAuthFlows", "GenerateSecret", "WriteAttributes"),
      },
    },
  },
};
