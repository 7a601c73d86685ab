// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
/**
 * SAM policy templates Vigil expands, with the statements of the official translator's
 * `policy_templates.json` (`{ Ref: <Parameter> }` stands for the template's parameter).
 */
const tableResources = [
  {
    "Fn::Sub": [
      "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
      { tableName: { Ref: "TableName" } },
    ],
  },
  {
    "Fn::Sub": [
      "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*",
      { tableName: { Ref: "TableName" } },
    ],
  },
];
const bucketResources = [
  { "Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}", { bucketName: { Ref: "BucketName" } }] },
  { "Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}/*", { bucketName: { Ref: "BucketName" } }] },
];
const queueResource = {
  "Fn::Sub": [
    "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}",
    { queueName: { Ref: "QueueName" } },
  ],
};
const allow = (Action: string[], Resource: unknown) => ({ Statement: [{ Action, Effect: "Allow", Resource }] });

export const SAM_POLICY_TEMPLATES: Readonly<Record<string, { parameters: readonly string[]; definition: unknown }>> = {
  DynamoDBCrudPolicy: {
    parameters: ["TableName"],
    definition: allow(
      [
        "dynamodb:GetItem",
        "dynamodb:DeleteItem",
        "dynamodb:PutItem",
        "dynamodb:Scan",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:BatchGetItem",
        "dynamodb:DescribeTable",
        "dynamodb:ConditionCheckItem",
      ],
      tableResources,
    ),
  },
  DynamoDBReadPolicy: {
    parameters: ["TableName"],
    definition: allow(
      ["dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"],
      tableResources,
    ),
  },
  DynamoDBWritePolicy: {
    parameters: ["TableName"],
    definition: allow(["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"], tableResources),
  },
  S3ReadPolicy: {
    parameters: ["BucketName"],
    definition: allow(
      ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:GetLifecycleConfiguration"],
      bucketResources,
    ),
  },
  S3CrudPolicy: {
    parameters: ["BucketName"],
    definition: allow(
      [
        "s3:GetObject",
        "s3:ListBucket",
        "s3:GetBucketLocation",
        "s3:GetObjectVersion",
        "s3:PutObject",
        "s3:PutObjectAcl",
        "s3:GetLifecycleConfiguration",
        "s3:PutLifecycleConfiguration",
        "s3:DeleteObject",
      ],
      bucketResources,
    ),
  },
  S3WritePolicy: {
    parameters: ["BucketName"],
    definition: allow(["s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration"], bucketResources),
  },
  SQSSendMessagePolicy: { parameters: ["QueueName"], definition: allow(["sqs:SendMessage*"], queueResource) },
  SQSPollerPolicy: {
    parameters: ["QueueName"],
    definition: allow(
      [
        "sqs:ChangeMessageVisibility",
        "sqs:ChangeMessageVisibilityBatch",
        "sqs:DeleteMessage",
        "sqs:DeleteMessageBatch",
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
      ],
      queueResource,
    ),
  },
  SNSPublishMessagePolicy: {
    parameters: ["TopicName"],
    definition: allow(["sns:Publish"], {
      "Fn::Sub": [
        "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${topicName}",
        { topicName: { Ref: "TopicName" } },
      ],
    }),
  },
  LambdaInvokePolicy: {
    parameters: ["FunctionName"],
    definition: allow(["lambda:InvokeFunction"], {
      "Fn::Sub": [
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}*",
        { functionName: { Ref: "FunctionName" } },
      ],
    }),
  },
  AWSSecretsManagerGetSecretValuePolicy: {
    parameters: ["SecretArn"],
    definition: allow(["secretsmanager:GetSecretValue"], {
      "Fn::Sub": ["${secretArn}", { secretArn: { Ref: "SecretArn" } }],
    }),
  },
};

/** The policy document of a template call, parameters substituted; an error message when it cannot be expanded. */
export function expandPolicyTemplate(name: string, parameters: unknown): { document: unknown } | { error: string } {
  const template = SAM_POLICY_TEMPLATES[name];
  if (!template) return { error: `SAM policy template ${name} is not supported` };
  const given = (typeof parameters === "object" && parameters !== null ? parameters : {}) as Record<string, unknown>;
  const missing = template.parameters.filter((p) => given[p] === undefined);
  if (missing.length > 0) return { error: `SAM policy template ${name}: missing ${missing.join(", ")}` };
  const substitute = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(substitute);
    if (typeof value !== "object" || value === null) return value;
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === "string" && template.parameters.includes(ref)) return given[ref];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
  };
  return { document: substitute(template.definition) };
}
