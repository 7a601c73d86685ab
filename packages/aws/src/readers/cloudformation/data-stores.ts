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
    ...(acl !== undefined && { acl: str(acl, "AccessControl") }),
    notifications: isUnknown(notification)
      ? notification
      : bucketNotifications(record(notification), (raw, resolved) => m.functionArn(raw, resolved), m.raw(logicalId)),
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

function bucketNotifications(
  config: Props,
  functionArn: (raw: unknown, resolved: unknown) => Value<string>,
  raw: Props,
): Value<readonly BucketNotification[]> {
  const rawConfig = record(raw.NotificationConfiguration);
  const result: BucketNotification[] = [];
  const kinds = [
    ["LambdaConfigurations", "Function", "lambda"],
    ["QueueConfigurations", "Queue", "sqs"],
    ["TopicConfigurations", "Topic", "sns"],
  ] as const;
  for (const [key, targetKey, targetType] of kinds) {
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
        events: strings(e.Event, `${key}.Event`).filter((v) => typeof v === "string") as string[],
      });
    });
  }
  return result;
}
