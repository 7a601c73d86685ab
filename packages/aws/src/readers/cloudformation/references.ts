// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { isUnknown, type Value } from "@vigil/core";
import type { ResourceReferences } from "./intrinsics.ts";

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Condition?: string;
  readonly Metadata?: Record<string, unknown>;
}

const PARTITION = "${AWS::Partition}";
const REGION = "${AWS::Region}";
const ACCOUNT = "${AWS::AccountId}";

/** The property that sets a resource's physical name, per type. */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  "AWS::Lambda::Function": "FunctionName",
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::DynamoDB::Table": "TableName",
  "AWS::S3::Bucket": "BucketName",
  "AWS::SQS::Queue": "QueueName",
  "AWS::SNS::Topic": "TopicName",
  "AWS::Kinesis::Stream": "Name",
  "AWS::Events::Rule": "Name",
  "AWS::ApiGateway::Stage": "StageName",
  "AWS::ApiGatewayV2::Stage": "StageName",
};

/** Types whose `Ref` is the ARN, or the queue URL, rather than the name. */
const REF_IS_ARN = new Set(["AWS::SNS::Topic", "AWS::IAM::ManagedPolicy"]);

export function sqsQueueUrl(name: string): string {
  return `https://sqs.${REGION}.\${AWS::URLSuffix}/${ACCOUNT}/${name}`;
}

/**
 * Names and synthetic ARNs of a template's resources. A resource without a physical name is named by the token
 * `${LogicalId}`, so that `!Ref`, `!GetAtt … .Arn` and `!Sub` all produce the same strings as the model's ARNs.
 */
export class TemplateReferences implements ResourceReferences {
  /** Resolves a physical-name property; set once the resolver exists (the two need each other). */
  resolveName: (value: unknown) => unknown = (value) => value;
  readonly #resolving = new Set<string>();

  constructor(private readonly resources: Readonly<Record<string, TemplateResource>>) {}

  has(logicalId: string): boolean {
    return logicalId in this.resources;
  }

  typeOf(logicalId: string): string | undefined {
    return this.resources[logicalId]?.Type;
  }

  /** The physical name: as set in the template (maybe unknown), else the `${LogicalId}` token. */
  name(logicalId: string): Value<string> {
    const resource = this.resources[logicalId];
    const property = resource && NAME_PROPERTY[resource.Type];
    const given = property ? resource.Properties?.[property] : undefined;
    if (given === undefined || this.#resolving.has(logicalId)) return `\${${logicalId}}`;
    this.#resolving.add(logicalId);
    try {
      const resolved = this.resolveName(given);
      if (typeof resolved === "string" || isUnknown(resolved)) return resolved;
      return `\${${logicalId}}`;
    } finally {
      this.#resolving.delete(logicalId);
    }
  }

  /** The name usable inside an ARN: the physical name when known, else the logical-id token. */
  #arnName(logicalId: string): string {
    const name = this.name(logicalId);
    return typeof name === "string" ? name : `\${${logicalId}}`;
  }

  arn(logicalId: string): string {
    const resource = this.resources[logicalId];
    const name = this.#arnName(logicalId);
    const token = `\${${logicalId}}`;
    const path = (resource?.Properties?.Path as string | undefined) ?? "/";
    switch (resource?.Type) {
      case "AWS::Lambda::Function":
        return `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:${name}`;
      case "AWS::Lambda::EventSourceMapping":
        return `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:event-source-mapping:${token}`;
      case "AWS::IAM::Role":
        return `arn:${PARTITION}:iam::${ACCOUNT}:role${typeof path === "string" ? path : "/"}${name}`;
      case "AWS::IAM::ManagedPolicy":
        return `arn:${PARTITION}:iam::${ACCOUNT}:policy${typeof path === "string" ? path : "/"}${name}`;
      case "AWS::DynamoDB::Table":
        return `arn:${PARTITION}:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
      case "AWS::S3::Bucket":
        return `arn:${PARTITION}:s3:::${name}`;
      case "AWS::SQS::Queue":
        return `arn:${PARTITION}:sqs:${REGION}:${ACCOUNT}:${name}`;
      case "AWS::SNS::Topic":
        return `arn:${PARTITION}:sns:${REGION}:${ACCOUNT}:${name}`;
      case "AWS::Events::Rule": {
        const bus = resource.Properties?.EventBusName;
        const onBus = typeof bus === "string" && bus !== "default" && !bus.startsWith("arn:") ? `${bus}/` : "";
        return `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:rule/${onBus}${name}`;
      }
      case "AWS::ApiGateway::RestApi":
        return `arn:${PARTITION}:apigateway:${REGION}::/restapis/${token}`;
      case "AWS::ApiGatewayV2::Api":
        return `arn:${PARTITION}:apigateway:${REGION}::/apis/${token}`;
      case "AWS::ApiGateway::UsagePlan":
        return `arn:${PARTITION}:apigateway:${REGION}::/usageplans/${token}`;
      // Named by its generated id, which is also its Ref.
      case "AWS::Cognito::UserPool":
        return `arn:${PARTITION}:cognito-idp:${REGION}:${ACCOUNT}:userpool/${token}`;
      // No model kind, but an event source: its ARN says what kind of source a mapping polls.
      case "AWS::Kinesis::Stream":
        return `arn:${PARTITION}:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;
      default:
        return `\${${logicalId}.Arn}`;
    }
  }

  ref(logicalId: string): Value<string> {
    const type = this.typeOf(logicalId) ?? "";
    if (REF_IS_ARN.has(type)) return this.arn(logicalId);
    if (type === "AWS::SQS::Queue") return sqsQueueUrl(this.#arnName(logicalId));
    if (NAME_PROPERTY[type]) return this.name(logicalId);
    return `\${${logicalId}}`;
  }

  getAtt(logicalId: string, attribute: string): Value<string> {
    const type = this.typeOf(logicalId);
    if (
      attribute === "Arn" &&
      type &&
      (NAME_PROPERTY[type] || type === "AWS::Lambda::EventSourceMapping") &&
      !type.endsWith("::Stage")
    ) {
      return this.arn(logicalId);
    }
    if (type === "AWS::SQS::Queue" && attribute === "QueueName") return this.name(logicalId);
    if (type === "AWS::SQS::Queue" && attribute === "QueueUrl") return this.ref(logicalId);
    if (type === "AWS::SNS::Topic" && attribute === "TopicArn") return this.arn(logicalId);
    if (type === "AWS::SNS::Topic" && attribute === "TopicName") return this.name(logicalId);
    if (type === "AWS::DynamoDB::Table" && attribute === "StreamArn") return this.streamArn(logicalId);
    if (type === "AWS::ApiGatewayV2::Api" && attribute === "ApiId") return `\${${logicalId}}`;
    if (type === "AWS::Cognito::UserPool" && attribute === "Arn") return this.arn(logicalId);
    if (type === "AWS::Cognito::UserPool" && attribute === "UserPoolId") return `\${${logicalId}}`;
    // Any other attribute stays a CloudFormation token: a fixed string that is never mistaken for a real value.
    return `\${${logicalId}.${attribute}}`;
  }

  streamArn(logicalId: string): string {
    return `${this.arn(logicalId)}/stream/\${${logicalId}.StreamLabel}`;
  }
}
