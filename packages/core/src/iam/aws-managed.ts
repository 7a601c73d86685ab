import { parseArn } from "../model/arn.ts";
import type { ResourceModel, RolePolicy } from "../model/graph.ts";
import type { IamRole } from "../model/resources.ts";
import { isUnknown } from "../model/value.ts";
import { parsePolicyDocument } from "./normalize.ts";

const LOGS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"];
const ENI = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
];
const allowAll = (actions: string | string[]) => ({ Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });

/**
 * Documents of the AWS-managed policies function roles carry most, as AWS publishes them (checked against moto's
 * copy in the test). Templates and some readers hold only a managed policy's ARN; without these, every role with
 * AWSLambdaBasicExecutionRole would be "cannot tell".
 */
export const AWS_MANAGED_DOCUMENTS: Readonly<Record<string, unknown>> = {
  AdministratorAccess: allowAll("*"),
  AWSLambdaBasicExecutionRole: allowAll(LOGS),
  AWSLambdaVPCAccessExecutionRole: allowAll([...LOGS, ...ENI]),
  AWSLambdaENIManagementAccess: allowAll(ENI.filter((a) => a !== "ec2:DescribeSubnets")),
  AWSXRayDaemonWriteAccess: allowAll([
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
  ]),
  AWSLambdaSQSQueueExecutionRole: allowAll([
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    ...LOGS,
  ]),
  AWSLambdaDynamoDBExecutionRole: allowAll([
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:ListStreams",
    ...LOGS,
  ]),
  AWSLambdaKinesisExecutionRole: allowAll([
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
    "kinesis:ListStreams",
    "kinesis:SubscribeToShard",
    ...LOGS,
  ]),
  CloudWatchLambdaInsightsExecutionRolePolicy: {
    Statement: [
      { Effect: "Allow", Action: "logs:CreateLogGroup", Resource: "*" },
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:*:*:log-group:/aws/lambda-insights:*",
      },
    ],
  },
};

const PARSED_DOCUMENTS = new Map(
  Object.entries(AWS_MANAGED_DOCUMENTS).map(([name, document]) => [name, parsePolicyDocument(document)]),
);

/** The name of an AWS-managed policy ARN (`arn:aws:iam::aws:policy/service-role/X` → `X`), else undefined. */
export function awsManagedPolicyName(arn: string): string | undefined {
  const parts = parseArn(arn);
  if (parts?.service !== "iam" || parts.account !== "aws" || !parts.resource.startsWith("policy/")) return undefined;
  return parts.resource.slice(parts.resource.lastIndexOf("/") + 1);
}

/**
 * A role's policies as `model.policiesOf` gives them, with the documents of well-known AWS-managed policies filled
 * in where the model holds only their ARN.
 */
export function rolePolicies(model: ResourceModel, role: IamRole): readonly RolePolicy[] {
  return model.policiesOf(role).map((policy) => {
    if (!isUnknown(policy.document) || !policy.managedArn) return policy;
    const known = PARSED_DOCUMENTS.get(awsManagedPolicyName(policy.managedArn) ?? "");
    return known ? { ...policy, document: known } : policy;
  });
}
