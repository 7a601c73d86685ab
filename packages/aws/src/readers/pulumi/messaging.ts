/** Queues, topics and EventBridge rules, with the policies, subscriptions and targets registered beside them. */
import {
  type EventRule,
  type EventTarget,
  type SnsSubscription,
  type SnsTopic,
  SQS_DEFAULTS,
  type SqsQueue,
  unknown,
} from "@vigil/core";
import { dict, documentOr, json, num, type PulumiState, str } from "./shared.ts";

export function queues(state: PulumiState): SqsQueue[] {
  return state.ofType("aws:sqs/queue:Queue").map((s) => {
    const url = str(s.outputs.url) ?? str(s.outputs.id);
    const policy = state.ofType("aws:sqs/queuePolicy:QueuePolicy").find((p) => p.inputs.queueUrl === url);
    const redrive =
      s.inputs.redrivePolicy === undefined ? undefined : dict(json(s.inputs.redrivePolicy, `${s.urn} redrivePolicy`));
    return {
      kind: "sqs.queue",
      ...state.base(s),
      ...(url && { url }),
      fifo: s.inputs.fifoQueue === true,
      policy: documentOr(policy?.inputs.policy ?? s.inputs.policy, `${(policy ?? s).urn} policy`),
      ...(redrive && {
        redrive: {
          deadLetterTargetArn: String(redrive.deadLetterTargetArn),
          maxReceiveCount: Number(redrive.maxReceiveCount),
        },
      }),
      encryption: str(s.inputs.kmsMasterKeyId)
        ? "kms"
        : s.inputs.sqsManagedSseEnabled === true
          ? "sqs-managed"
          : s.inputs.sqsManagedSseEnabled === false
            ? "none"
            : unknown("left to the provider's default"),
      visibilityTimeoutSeconds: num(s.inputs.visibilityTimeoutSeconds) ?? SQS_DEFAULTS.visibilityTimeoutSeconds,
      messageRetentionSeconds: num(s.inputs.messageRetentionSeconds) ?? SQS_DEFAULTS.messageRetentionSeconds,
    } satisfies SqsQueue;
  });
}

export function topics(state: PulumiState): SnsTopic[] {
  return state.ofType("aws:sns/topic:Topic").map((s) => {
    const arn = String(s.outputs.arn);
    const policy = state.ofType("aws:sns/topicPolicy:TopicPolicy").find((p) => p.inputs.arn === arn);
    const subscriptions = state
      .ofType("aws:sns/topicSubscription:TopicSubscription")
      .filter((sub) => sub.inputs.topic === arn)
      .map((sub): SnsSubscription => {
        const deadLetter = str(dict(json(sub.inputs.redrivePolicy, `${sub.urn} redrivePolicy`)).deadLetterTargetArn);
        return {
          protocol: String(sub.inputs.protocol),
          endpoint: str(sub.inputs.endpoint) ?? unknown("no endpoint registered"),
          ...(deadLetter && { deadLetterTarget: deadLetter }),
        };
      });
    return {
      kind: "sns.topic",
      ...state.base(s),
      // What the program declared; with none SNS keeps its default owner-only policy.
      policy: documentOr(policy?.inputs.policy ?? s.inputs.policy, `${(policy ?? s).urn} policy`),
      subscriptions,
      ...(str(s.inputs.kmsMasterKeyId) && { kmsKeyId: String(s.inputs.kmsMasterKeyId) }),
      fifo: s.inputs.fifoTopic === true,
    } satisfies SnsTopic;
  });
}

const RULE_STATES = ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"] as const;

export function eventRules(state: PulumiState): EventRule[] {
  return state.ofType("aws:cloudwatch/eventRule:EventRule").map((s) => {
    const targets: EventTarget[] = state
      .ofType("aws:cloudwatch/eventTarget:EventTarget")
      .filter((t) => t.inputs.rule === s.outputs.name)
      .map((t) => {
        const retry = dict(t.inputs.retryPolicy);
        return {
          id: str(t.inputs.targetId) ?? str(t.outputs.targetId) ?? t.name,
          arn: String(t.inputs.arn),
          ...(str(dict(t.inputs.deadLetterConfig).arn) && {
            deadLetterTarget: String(dict(t.inputs.deadLetterConfig).arn),
          }),
          ...(num(retry.maximumRetryAttempts) !== undefined && {
            maximumRetryAttempts: Number(retry.maximumRetryAttempts),
          }),
          ...(num(retry.maximumEventAgeInSeconds) !== undefined && {
            maximumEventAgeSeconds: Number(retry.maximumEventAgeInSeconds),
          }),
        };
      });
    return {
      kind: "events.rule",
      ...state.base(s),
      eventBusName: str(s.inputs.eventBusName) ?? "default",
      ...(s.inputs.eventPattern !== undefined && {
        eventPattern: json(s.inputs.eventPattern, `${s.urn} eventPattern`),
      }),
      ...(str(s.inputs.scheduleExpression) && { scheduleExpression: String(s.inputs.scheduleExpression) }),
      state:
        RULE_STATES.find((state) => state === s.inputs.state) ??
        (s.inputs.isEnabled === false ? "DISABLED" : "ENABLED"),
      targets,
    } satisfies EventRule;
  });
}
