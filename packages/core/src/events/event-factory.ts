/**
 * EventBridge events as AWS delivers them, for tests: the envelope and CloudTrail record fields around the
 * detail a test is about.
 */
import { CLOUDTRAIL_DETAIL_TYPE, CONFIG_DETAIL_TYPE } from "./map-event.ts";

export const EVENT_ACCOUNT = "123456789012";
export const EVENT_REGION = "eu-west-1";
const TIME = "2026-11-28T10:15:30Z";

export interface ApiCallOptions {
  readonly requestParameters?: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  readonly errorCode?: string;
  readonly region?: string;
}

function envelope(detailType: string, source: string, region: string, detail: Record<string, unknown>) {
  return {
    version: "0",
    id: "6f0c2d1e-0b8a-4c3e-9d55-2a1b3c4d5e6f",
    "detail-type": detailType,
    source,
    account: EVENT_ACCOUNT,
    time: TIME,
    region,
    resources: [],
    detail,
  };
}

/** An "AWS API Call via CloudTrail" event for `eventSource` (e.g. `lambda.amazonaws.com`). */
export function apiCallEvent(eventSource: string, eventName: string, options: ApiCallOptions = {}) {
  const region = options.region ?? EVENT_REGION;
  const service = eventSource.split(".")[0];
  return envelope(CLOUDTRAIL_DETAIL_TYPE, `aws.${service}`, region, {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: "AROAEXAMPLEID:deployer",
      arn: `arn:aws:sts::${EVENT_ACCOUNT}:assumed-role/deploy/deployer`,
      accountId: EVENT_ACCOUNT,
      sessionContext: { attributes: { mfaAuthenticated: "false", creationDate: TIME } },
    },
    eventTime: TIME,
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: "203.0.113.10",
    userAgent: "aws-cli/2.22.0 md/awscrt#0.23.4 ua/2.0 os/linux",
    requestParameters: options.requestParameters ?? null,
    responseElements: options.responseElements ?? null,
    ...(options.errorCode && { errorCode: options.errorCode, errorMessage: "denied or invalid" }),
    requestID: "9a1c8f0e-7d51-4b7a-a0c1-5e8f2b3d4c6a",
    eventID: "c2d4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: EVENT_ACCOUNT,
    eventCategory: "Management",
  });
}

/** A "Config Configuration Item Change" event carrying `item` (or its summary when `oversized`). */
export function configChangeEvent(
  item: Record<string, unknown>,
  options: { changeType?: "CREATE" | "UPDATE" | "DELETE"; oversized?: boolean } = {},
) {
  const changeType = options.changeType ?? "UPDATE";
  const record = {
    configurationItemVersion: "1.3",
    configurationItemCaptureTime: TIME,
    configurationStateId: 1764324930000,
    awsAccountId: EVENT_ACCOUNT,
    configurationItemStatus: changeType === "DELETE" ? "ResourceDeleted" : "OK",
    awsRegion: EVENT_REGION,
    configurationStateMd5Hash: "",
    ...item,
  };
  const detail = options.oversized
    ? {
        configurationItemSummary: { changeType, ...record },
        s3DeliverySummary: { s3BucketLocation: "config-bucket/AWSLogs/oversized.json.gz" },
        notificationCreationTime: TIME,
        messageType: "OversizedConfigurationItemChangeNotification",
        recordVersion: "1.0",
      }
    : {
        configurationItemDiff: { changedProperties: {}, changeType },
        configurationItem: { relatedEvents: [], relationships: [], configuration: {}, tags: {}, ...record },
        notificationCreationTime: TIME,
        messageType: "ConfigurationItemChangeNotification",
        recordVersion: "1.3",
      };
  return envelope(CONFIG_DETAIL_TYPE, "aws.config", EVENT_REGION, detail);
}
