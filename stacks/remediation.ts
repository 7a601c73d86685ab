import {
  deployedRemediations,
  FINDING_EVENT_DETAIL_TYPE,
  FINDING_EVENT_SOURCE,
  NEVER_REMEDIATE_TAG,
  OPENING_TRANSITIONS,
  remediationActions,
  remediationGrants,
} from "@vigil/core";
import { REMEDIATE_PARTITION_KEYS, REMEDIATE_TABLE_ACTIONS } from "../packages/functions/src/remediate/table-access.ts";
import {
  SLACK_ACTIONS_PARTITION_KEYS,
  SLACK_ACTIONS_TABLE_ACTIONS,
} from "../packages/functions/src/slack-actions/table-access.ts";
import { findingsBus } from "./bus.ts";
import { vigilConfig } from "./config.ts";
import { QUEUE_CONSUMER_ACTIONS } from "./event-source-actions.ts";
import { findingsTable } from "./findings.ts";
import { LIVE_READ_ACTIONS } from "./live-reads.ts";
import { POSTING_SECRETS } from "./notify.ts";
import { allowEventBridgeRules, encryptedQueue } from "./queue-defaults.ts";
import { registerSecretReader, secretAccess } from "./secrets.ts";

const { modes } = vigilConfig.remediation;

/**
 * The write actions of the plans configured `approve` or `auto` in vigil.config.ts: the remediator's role holds
 * these, each on its plan's resources only, and no other write action. Dry-run plans are posted and hold nothing.
 */
const writeActions = remediationActions(modes);

/** Rules whose remediation is not `off`: only their finding events reach the remediator. */
const remediatedRules = deployedRemediations(modes).map((planner) => planner.ruleId);

const account = aws.getCallerIdentityOutput().accountId;

/** Vigil's own resources, by the names SST gives them (`<app>-<stage>-<Name>…`): never remediated. */
const ownResources = (accountId: string) => {
  const own = `${$app.name}-${$app.stage}-*`;
  return [
    `arn:aws:lambda:*:${accountId}:function:${own}`,
    `arn:aws:iam::${accountId}:role/${own}`,
    `arn:aws:dynamodb:*:${accountId}:table/${own}`,
    `arn:aws:sqs:*:${accountId}:${own}`,
    `arn:aws:sns:*:${accountId}:${own}`,
    `arn:aws:s3:::${own}`,
  ];
};

/**
 * The remediator's writes: each acting plan's actions on its scope, then two denials that no Allow can lift —
 * resources tagged `vigil:remediate=never` (every Vigil resource is, by the provider's default tags) and Vigil's own
 * resources by name, for the actions whose resources cannot be conditioned on tags.
 */
const remediatorWrites = account.apply((accountId) => {
  if (writeActions.length === 0) return [];
  return [
    ...remediationGrants(modes, accountId).map((grant) => ({
      actions: [...grant.actions],
      resources: [...grant.resources],
      ...(grant.conditions && {
        conditions: grant.conditions.map((condition) => ({ ...condition, values: [...condition.values] })),
      }),
    })),
    {
      effect: "deny" as const,
      actions: writeActions,
      resources: ["*"],
      conditions: [
        {
          test: "StringEquals",
          variable: `aws:ResourceTag/${NEVER_REMEDIATE_TAG.key}`,
          values: [NEVER_REMEDIATE_TAG.value],
        },
      ],
    },
    { effect: "deny" as const, actions: writeActions, resources: ownResources(accountId) },
  ];
});

const tableGrant = (actions: readonly string[], leadingKeys: readonly string[]) => ({
  actions: [...actions],
  resources: [findingsTable.arn],
  conditions: [{ test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: [...leadingKeys] }],
});

function remediationStack() {
  const postingSecrets = secretAccess(POSTING_SECRETS);
  // Slack's signing secret (the app's Basic Information page): while it holds no value, every request is refused.
  const signingSecret = secretAccess(["SlackSigningSecret"]);
  const deadLetters = encryptedQueue("RemediateDeadLetters", { retentionDays: 14 });
  const queue = encryptedQueue("RemediateQueue", {
    // Notify posts the alert first, so that the plan answers in its thread.
    delay: "30 seconds",
    visibilityTimeout: "6 minutes",
    dlq: { queue: deadLetters.arn, retry: 3 },
  });
  const rule = new aws.cloudwatch.EventRule("RemediateRule", {
    description: "Vigil: findings that open, of rules with a remediation, to the remediate queue",
    eventBusName: findingsBus.name,
    eventPattern: JSON.stringify({
      source: [FINDING_EVENT_SOURCE],
      "detail-type": [FINDING_EVENT_DETAIL_TYPE],
      detail: { transition: [...OPENING_TRANSITIONS], rule: { id: remediatedRules } },
    }),
  });
  new aws.cloudwatch.EventTarget("RemediateRuleTarget", {
    rule: rule.name,
    eventBusName: findingsBus.name,
    arn: queue.arn,
    retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
    deadLetterConfig: { arn: deadLetters.arn },
  });
  // Only this rule sends to the queue through EventBridge; slack-actions sends approvals with its own grant.
  allowEventBridgeRules("RemediateQueuePolicy", queue, [rule.arn]);
  allowEventBridgeRules("RemediateDeadLettersPolicy", deadLetters, [rule.arn]);

  /** Changes what a plan says, and only what the plans of the rules not `off` may change. */
  const remediate = new sst.aws.Function("Remediate", {
    handler: "packages/functions/src/remediate/handler.handler",
    description: "Vigil: remediation plans, approvals and changes, each audited",
    timeout: "1 minute",
    memory: "512 MB",
    // Few remediations at once: the budget and the loop guard are easier to trust at a low rate.
    concurrency: { reserved: 2 },
    environment: {
      FINDINGS_TABLE: findingsTable.name,
      ...postingSecrets.environment,
    },
    permissions: remediatorWrites.apply((writes) => [
      ...writes,
      ...postingSecrets.permissions,
      // Live state is read right before and after acting.
      { actions: LIVE_READ_ACTIONS, resources: ["*"] },
      tableGrant(REMEDIATE_TABLE_ACTIONS, REMEDIATE_PARTITION_KEYS),
      { actions: QUEUE_CONSUMER_ACTIONS, resources: [queue.arn] },
    ]),
    tags: { "vigil:writes": findingsTable.nodes.table.name },
  });
  registerSecretReader(remediate, POSTING_SECRETS);
  queue.subscribe(remediate.arn, {
    batch: { size: 5, partialResponses: true },
    transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: 2 } } },
  });

  /**
   * Slack's interactivity endpoint: a function URL without IAM auth (Slack cannot sign SigV4), every request
   * checked against Slack's signature instead. Records decisions and hands approvals to the remediator.
   */
  const slackActions = new sst.aws.Function("SlackActions", {
    handler: "packages/functions/src/slack-actions/handler.handler",
    description: "Vigil: Slack button clicks (Approve, Exempt, Ignore), signature-verified",
    timeout: "10 seconds",
    memory: "256 MB",
    // Slack posts from its servers, never from a browser: no CORS.
    url: { cors: false },
    environment: {
      FINDINGS_TABLE: findingsTable.name,
      REMEDIATE_QUEUE_URL: queue.url,
      ...signingSecret.environment,
    },
    permissions: [
      ...signingSecret.permissions,
      tableGrant(SLACK_ACTIONS_TABLE_ACTIONS, SLACK_ACTIONS_PARTITION_KEYS),
      { actions: ["sqs:SendMessage"], resources: [queue.arn] },
    ],
    tags: { "vigil:writes": $interpolate`${findingsTable.nodes.table.name},${queue.nodes.queue.name}` },
  });
  registerSecretReader(slackActions, ["SlackSigningSecret"]);
  return { remediate, slackActions };
}

/** Nothing at all when every rule is `off`: no function, no role, no endpoint. */
export const remediation = remediatedRules.length > 0 ? remediationStack() : undefined;
