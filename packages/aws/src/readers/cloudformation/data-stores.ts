/** Buckets, queues, topics, tables and EventBridge rules, with their resource policies. */
import {
  type BucketNotification,
  type DynamoDbTable,
  type EventRule,
  type EventTarget,
  isUnknown,
  type PolicyDocumentValue,
  type S3Bucket,
  type SnsSubscription,
  type SnsTopic,
  SQS_DEFAULTS,
  type SqsQueue,
  type Value,
} from "@vigil/core";
import type { Props, TemplateMapper } from "./map.ts";
import { sqsQueueUrl } from "./references.ts";
import { bool, inner, isRecord, list, num, oneOf, pairedTargets, record, str, strings, withDefault } from "./values.ts";

export function bucket(m: TemplateMapper, logicalId: string, p: Props): S3Bucket {
  const block = p.PublicAccessBlockConfiguration;
  const notification = p.NotificationConfiguration;
  const flag = (key: string) => withDefault(record(block)[key], false, bool, `PublicAccessBlockConfiguration.${key}`);
  const acl = p.AccessControl;
  return {
    ...m.base("s3.bucket", logicalId),
    policy: { statements: [] },
    // New buckets get all four settings on (AWS default since April 2023) unless the template says otherwise.
    publicAccessBlock: isRecord(block)
      ? {
          blockPublicAcls: flag("BlockPublicAcls"),
          ignorePublicAcls: flag("IgnorePublicAcls"),
          blockPublicPolicy: flag("BlockPublicPolicy"),
          restrictPublicBuckets: flag("RestrictPublicBuckets"),
        }
      : isUnknown(block)
        ? { blockPublicAcls: block, ignorePublicAcls: block, blockPublicPolicy: block, restrictPublicBuckets: block }
        : { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
    ...(acl !== undefined && { acl: cannedAcl(str(acl, "AccessControl")) }),
    notifications: isUnknown(notification)
      ? notification
      : bucketNotifications(
          CLOUDFORMATION_NOTIFICATIONS,
          record(notification),
          record(m.raw(logicalId).NotificationConfiguration),
          (raw, resolved) => m.functionArn(raw, resolved),
        ),
    eventBridgeEnabled: isUnknown(notification)
      ? notification
      : withDefault(
          record(record(notification).EventBridgeConfiguration).EventBridgeEnabled,
          record(notification).EventBridgeConfiguration !== undefined,
          bool,
          "EventBridgeEnabled",
        ),
    versioning: isUnknown(p.VersioningConfiguration)
      ? p.VersioningConfiguration
      : record(p.VersioningConfiguration).Status === "Enabled",
  };
}

/** CloudFormation's AccessControl name (`PublicRead`) in S3's canned-ACL spelling (`public-read`), as other sources read it. */
function cannedAcl(name: Value<string>): Value<string> {
  return isUnknown(name) ? name : name.replace(/(?<=[a-z])(?=[A-Z])/g, "-").toLowerCase();
}

export function queue(m: TemplateMapper, logicalId: string, p: Props): SqsQueue {
  const redrive = typeof p.RedrivePolicy === "string" ? record(JSON.parse(p.RedrivePolicy)) : p.RedrivePolicy;
  const name = m.refs.name(logicalId);
  return {
    ...m.base("sqs.queue", logicalId),
    url: sqsQueueUrl(typeof name === "string" ? name : `\${${logicalId}}`),
    fifo: p.FifoQueue === true || p.FifoQueue === "true",
    policy: { statements: [] },
    ...(redrive !== undefined && {
      redrive: isUnknown(redrive)
        ? { deadLetterTargetArn: redrive, maxReceiveCount: redrive }
        : {
            deadLetterTargetArn: str(record(redrive).deadLetterTargetArn, "RedrivePolicy.deadLetterTargetArn"),
            maxReceiveCount: num(record(redrive).maxReceiveCount, "RedrivePolicy.maxReceiveCount"),
          },
    }),
    encryption:
      p.KmsMasterKeyId !== undefined
        ? isUnknown(p.KmsMasterKeyId)
          ? p.KmsMasterKeyId
          : "kms"
        : isUnknown(p.SqsManagedSseEnabled)
          ? p.SqsManagedSseEnabled
          : p.SqsManagedSseEnabled === false || p.SqsManagedSseEnabled === "false"
            ? "none"
            : "sqs-managed",
    visibilityTimeoutSeconds: withDefault(
      p.VisibilityTimeout,
      SQS_DEFAULTS.visibilityTimeoutSeconds,
      num,
      "VisibilityTimeout",
    ),
    messageRetentionSeconds: withDefault(
      p.MessageRetentionPeriod,
      SQS_DEFAULTS.messageRetentionSeconds,
      num,
      "MessageRetentionPeriod",
    ),
  };
}

export function topic(m: TemplateMapper, logicalId: string, p: Props): SnsTopic {
  const inline = list(p.Subscription);
  const rawInline = m.raw(logicalId).Subscription;
  return {
    ...m.base("sns.topic", logicalId),
    policy: { statements: [] },
    subscriptions: isUnknown(inline)
      ? inline
      : inline.map((s, i): SnsSubscription => {
          const sub = record(s);
          const rawEndpoint = Array.isArray(rawInline) ? record(rawInline[i]).Endpoint : undefined;
          return {
            protocol: str(sub.Protocol, "Protocol"),
            endpoint: m.subscriptionEndpoint(rawEndpoint, sub.Protocol, sub.Endpoint),
          };
        }),
    ...(p.KmsMasterKeyId !== undefined && { kmsKeyId: str(p.KmsMasterKeyId, "KmsMasterKeyId") }),
    fifo: p.FifoTopic === true || p.FifoTopic === "true",
  };
}

export function table(m: TemplateMapper, logicalId: string, p: Props): DynamoDbTable {
  const sse = p.SSESpecification;
  const stream = p.StreamSpecification;
  const sseEnabled = withDefault(record(sse).SSEEnabled, false, bool, "SSESpecification.SSEEnabled");
  return {
    ...m.base("dynamodb.table", logicalId),
    pointInTimeRecovery: withDefault(
      inner(p.PointInTimeRecoverySpecification, "PointInTimeRecoveryEnabled"),
      false,
      bool,
      "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
    ),
    deletionProtection: withDefault(p.DeletionProtectionEnabled, false, bool, "DeletionProtectionEnabled"),
    encryption: isUnknown(sse)
      ? sse
      : isUnknown(sseEnabled)
        ? sseEnabled
        : !sseEnabled
          ? "aws-owned"
          : record(sse).KMSMasterKeyId !== undefined
            ? "customer-managed"
            : "aws-managed",
    ...(isRecord(stream) && {
      stream: {
        viewType: str(stream.StreamViewType, "StreamSpecification.StreamViewType"),
        arn: m.refs.streamArn(logicalId),
      },
    }),
    // Whether there is a stream at all is unknown.
    ...(isUnknown(stream) && { stream: { viewType: stream, arn: stream } }),
    billingMode: withDefault(
      p.BillingMode,
      "PROVISIONED" as const,
      (v, w) => oneOf(v, ["PROVISIONED", "PAY_PER_REQUEST"], w),
      "BillingMode",
    ),
  };
}

export function rule(m: TemplateMapper, logicalId: string, p: Props): EventRule {
  const targets = list(p.Targets);
  const rawTargets = m.raw(logicalId).Targets;
  return {
    ...m.base("events.rule", logicalId),
    eventBusName: withDefault(p.EventBusName, "default", str, "EventBusName"),
    ...(p.EventPattern !== undefined && {
      eventPattern: typeof p.EventPattern === "string" ? JSON.parse(p.EventPattern) : p.EventPattern,
    }),
    ...(p.ScheduleExpression !== undefined && {
      scheduleExpression: str(p.ScheduleExpression, "ScheduleExpression"),
    }),
    state: withDefault(
      p.State,
      "ENABLED" as const,
      (v, w) => oneOf(v, ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"], w),
      "State",
    ),
    targets: isUnknown(targets)
      ? targets
      : targets.map((t, i): EventTarget => {
          const target = record(t);
          const retries = inner(target.RetryPolicy, "MaximumRetryAttempts");
          const maximumAge = inner(target.RetryPolicy, "MaximumEventAgeInSeconds");
          const deadLetter = inner(target.DeadLetterConfig, "Arn");
          const rawArn = Array.isArray(rawTargets) ? record(rawTargets[i]).Arn : undefined;
          const arn = m.target(rawArn, target.Arn, ["AWS::Lambda::Function"])
            ? m.functionArn(rawArn, target.Arn)
            : str(target.Arn, "Targets.Arn");
          return {
            id: str(target.Id, "Targets.Id"),
            arn,
            ...(deadLetter !== undefined && { deadLetterTarget: str(deadLetter, "DeadLetterConfig.Arn") }),
            ...(retries !== undefined && { maximumRetryAttempts: num(retries, "RetryPolicy.MaximumRetryAttempts") }),
            ...(maximumAge !== undefined && {
              maximumEventAgeSeconds: num(maximumAge, "RetryPolicy.MaximumEventAgeInSeconds"),
            }),
          };
        }),
  };
}

export function resourcePolicy(m: TemplateMapper, logicalId: string, type: string, raw: Props) {
  const p = m.props(logicalId);
  const document = m.policy(logicalId, p.PolicyDocument, "PolicyDocument");
  const [targetKey, targetType] =
    type === "AWS::S3::BucketPolicy"
      ? ["Bucket", "AWS::S3::Bucket"]
      : type === "AWS::SQS::QueuePolicy"
        ? ["Queues", "AWS::SQS::Queue"]
        : ["Topics", "AWS::SNS::Topic"];
  pairedTargets(raw[targetKey], p[targetKey]).forEach(([rawTarget, target]) => {
    const owner = m.builtResource<S3Bucket | SqsQueue | SnsTopic>(m.target(rawTarget, target, [targetType]));
    if (!owner) return;
    owner.policy = mergePolicies(owner.policy, document);
  });
}

function mergePolicies(current: PolicyDocumentValue, added: PolicyDocumentValue): PolicyDocumentValue {
  if (isUnknown(current)) return current;
  if (isUnknown(added)) return added;
  return {
    statements: [...current.statements, ...added.statements].map((s, index) => ({ ...s, index })),
  };
}

/** How a notification configuration spells its lists, targets and events: (list, target, event) per target type. */
interface NotificationShape {
  readonly lists: readonly (readonly [list: string, target: string, type: BucketNotification["targetType"]])[];
  readonly event: string;
}

/** `AWS::S3::Bucket`'s `NotificationConfiguration`. */
const CLOUDFORMATION_NOTIFICATIONS: NotificationShape = {
  lists: [
    ["LambdaConfigurations", "Function", "lambda"],
    ["QueueConfigurations", "Queue", "sqs"],
    ["TopicConfigurations", "Topic", "sns"],
  ],
  event: "Event",
};

/** The S3 API's `PutBucketNotificationConfiguration` shape, which CDK's `Custom::S3BucketNotifications` passes on. */
const S3_API_NOTIFICATIONS: NotificationShape = {
  lists: [
    ["LambdaFunctionConfigurations", "LambdaFunctionArn", "lambda"],
    ["QueueConfigurations", "QueueArn", "sqs"],
    ["TopicConfigurations", "TopicArn", "sns"],
  ],
  event: "Events",
};

function bucketNotifications(
  shape: NotificationShape,
  config: Props,
  rawConfig: Props,
  functionArn: (raw: unknown, resolved: unknown) => Value<string>,
): Value<readonly BucketNotification[]> {
  const result: BucketNotification[] = [];
  for (const [key, targetKey, targetType] of shape.lists) {
    const entries = list(config[key]);
    if (isUnknown(entries)) return entries;
    const rawEntries = rawConfig[key];
    entries.forEach((entry, i) => {
      const e = record(entry);
      const rawTarget = Array.isArray(rawEntries) ? record(rawEntries[i])[targetKey] : undefined;
      result.push({
        targetType,
        targetArn:
          targetType === "lambda" ? functionArn(rawTarget, e[targetKey]) : str(e[targetKey], `${key}.${targetKey}`),
        events: strings(e[shape.event], `${key}.${shape.event}`).filter((v) => typeof v === "string") as string[],
      });
    });
  }
  return result;
}

/**
 * CDK's `Custom::S3BucketNotifications`: a custom resource that puts the notifications on the bucket at deploy (CDK
 * writes them so, not on the bucket, to avoid a dependency cycle). They are the bucket's triggers all the same.
 */
export function cdkBucketNotifications(m: TemplateMapper, logicalId: string) {
  const props = m.props(logicalId);
  const raw = m.raw(logicalId);
  const target = m.builtResource<S3Bucket>(m.target(raw.BucketName, props.BucketName, ["AWS::S3::Bucket"]));
  if (!target) return;
  const config = props.NotificationConfiguration;
  if (isUnknown(config)) {
    target.notifications = config;
    return;
  }
  const added = bucketNotifications(
    S3_API_NOTIFICATIONS,
    record(config),
    record(raw.NotificationConfiguration),
    (rawArn, resolved) => m.functionArn(rawArn, resolved),
  );
  if (isUnknown(target.notifications)) return;
  target.notifications = isUnknown(added) ? added : [...target.notifications, ...added];
  if (record(config).EventBridgeConfiguration !== undefined) target.eventBridgeEnabled = true;
}
