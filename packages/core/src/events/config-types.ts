import type { ResourceKind } from "../model/resources.ts";

/**
 * AWS Config resource types Vigil models, with the kind they become. Shared by the Config change-event mapping
 * and the Config item reader. Event-source mappings, REST methods, usage plans and HTTP routes are not
 * recorded by AWS Config.
 */
export const CONFIG_RESOURCE_TYPES = {
  "AWS::Lambda::Function": "lambda.function",
  "AWS::IAM::Role": "iam.role",
  "AWS::IAM::Policy": "iam.managed-policy",
  "AWS::ApiGateway::RestApi": "apigateway.rest-api",
  "AWS::ApiGateway::Stage": "apigateway.stage",
  "AWS::ApiGatewayV2::Api": "apigatewayv2.api",
  "AWS::ApiGatewayV2::Stage": "apigatewayv2.stage",
  "AWS::S3::Bucket": "s3.bucket",
  "AWS::SQS::Queue": "sqs.queue",
  "AWS::SNS::Topic": "sns.topic",
  "AWS::DynamoDB::Table": "dynamodb.table",
  "AWS::Events::Rule": "events.rule",
} as const satisfies Record<string, ResourceKind>;

export type ConfigResourceType = keyof typeof CONFIG_RESOURCE_TYPES;

export function isConfigResourceType(type: string): type is ConfigResourceType {
  return Object.hasOwn(CONFIG_RESOURCE_TYPES, type);
}
