import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client } from "@aws-sdk/client-apigatewayv2";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient, type LambdaClientConfig } from "@aws-sdk/client-lambda";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";

/** One SDK client per service the live readers call, all for one region. */
export interface LiveClients {
  readonly lambda: LambdaClient;
  readonly iam: IAMClient;
  readonly apigateway: APIGatewayClient;
  readonly apigatewayv2: ApiGatewayV2Client;
  readonly s3: S3Client;
  /** S3 Control: the account-level public access block, which S3 applies to every bucket of the account. */
  readonly s3control: S3ControlClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly dynamodb: DynamoDBClient;
  readonly events: EventBridgeClient;
  /** Cognito user pools (the `cognito-idp` API). */
  readonly cognito: CognitoIdentityProviderClient;
  /** Resource Groups Tagging API: the tags of a region's resources in a few pages. */
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly sts: STSClient;
}

export type ServiceName = keyof LiveClients;

export interface ClientOptions {
  readonly region: string;
  /** Default: the SDK's default credential chain. */
  readonly credentials?: LambdaClientConfig["credentials"];
  /** A custom endpoint for every service, e.g. a local moto server. */
  readonly endpoint?: string;
  /** Attempts per call, throttling included (adaptive retry). Default 6. */
  readonly maxAttempts?: number;
}

/**
 * Builds the clients for one region. Nothing is created at import: callers (CLI, evaluator, tests) call this or
 * pass their own clients. Adaptive retry slows the client down when AWS throttles it.
 */
export function createClients(options: ClientOptions): LiveClients {
  const { endpoint } = options;
  const config = {
    region: options.region,
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? 6,
    ...(options.credentials && { credentials: options.credentials }),
    ...(options.endpoint && { endpoint: options.endpoint }),
  };
  return {
    lambda: new LambdaClient(config),
    iam: new IAMClient(config),
    apigateway: new APIGatewayClient(config),
    apigatewayv2: new ApiGatewayV2Client(config),
    // Path-style addressing so that a custom endpoint (moto, LocalStack) needs no wildcard DNS; redirects so that
    // a bucket of another region (a targeted read knows no region for it) is still read.
    s3: new S3Client({ ...config, forcePathStyle: options.endpoint !== undefined, followRegionRedirects: true }),
    // S3 Control puts the account id in the host (`<account>.s3-control.<region>.amazonaws.com`); a custom endpoint
    // (moto at 127.0.0.1) is taken as is, the account id travelling in its header only.
    s3control: new S3ControlClient({
      ...config,
      ...(endpoint && { endpointProvider: () => ({ url: new URL(endpoint) }) }),
    }),
    sqs: new SQSClient(config),
    sns: new SNSClient(config),
    dynamodb: new DynamoDBClient(config),
    events: new EventBridgeClient(config),
    cognito: new CognitoIdentityProviderClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
    sts: new STSClient(config),
  };
}
