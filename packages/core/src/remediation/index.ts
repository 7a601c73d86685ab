import apigwStageLoggingOff from "../rules/apigw/apigw-stage-logging-off.remediation.ts";
import apigwStageNoThrottling from "../rules/apigw/apigw-stage-no-throttling.remediation.ts";
import apigwv2StageNoThrottling from "../rules/apigw/apigwv2-stage-no-throttling.remediation.ts";
import dynamodbDeletionProtectionOff from "../rules/dynamodb/dynamodb-deletion-protection-off.remediation.ts";
import dynamodbPitrDisabled from "../rules/dynamodb/dynamodb-pitr-disabled.remediation.ts";
import iamRoleAdminAccess from "../rules/iam/iam-role-admin-access.remediation.ts";
import lambdaConcurrencyUncapped from "../rules/lambda/lambda-concurrency-uncapped.remediation.ts";
import lambdaNotRedeployed from "../rules/lambda/lambda-not-redeployed.remediation.ts";
import lambdaPolicyPublic from "../rules/lambda/lambda-policy-public.remediation.ts";
import lambdaRecursiveLoopAllowed from "../rules/lambda/lambda-recursive-loop-allowed.remediation.ts";
import lambdaUrlAuthNone from "../rules/lambda/lambda-url-auth-none.remediation.ts";
import s3BucketPublicWriteTrigger from "../rules/s3/s3-bucket-public-write-trigger.remediation.ts";
import snsTopicPolicyPublic from "../rules/sns/sns-topic-policy-public.remediation.ts";
import sqsQueuePolicyPublic from "../rules/sqs/sqs-queue-policy-public.remediation.ts";
import sqsQueueUnencrypted from "../rules/sqs/sqs-queue-unencrypted.remediation.ts";
import { type AnyRemediationPlanner, configuredMode, type RemediationMode } from "./plan.ts";
import { type IamCondition, scopeIn } from "./scope.ts";

export * from "./controls.ts";
export * from "./decide.ts";
export * from "./plan.ts";
export * from "./record.ts";
export * from "./reference.ts";
export * from "./scope.ts";
export { ACCESS_LOG_FORMAT } from "./stage-patch.ts";

/** Every remediation plan, each beside its rule (`<rule-id>.remediation.ts`). */
export const REMEDIATIONS: readonly AnyRemediationPlanner[] = [
  apigwStageLoggingOff,
  apigwStageNoThrottling,
  apigwv2StageNoThrottling,
  dynamodbDeletionProtectionOff,
  dynamodbPitrDisabled,
  iamRoleAdminAccess,
  lambdaConcurrencyUncapped,
  lambdaNotRedeployed,
  lambdaPolicyPublic,
  lambdaRecursiveLoopAllowed,
  lambdaUrlAuthNone,
  s3BucketPublicWriteTrigger,
  snsTopicPolicyPublic,
  sqsQueuePolicyPublic,
  sqsQueueUnencrypted,
];

type Modes = Readonly<Record<string, RemediationMode>>;

/** Plans that reach the remediator: those whose configured mode is not `off` (dry-run plans are posted). */
export function deployedRemediations(modes: Modes): AnyRemediationPlanner[] {
  return REMEDIATIONS.filter((r) => configuredMode(r, modes) !== "off");
}

/**
 * Plans that may change something: configured `approve` or `auto`. The configuration is the ceiling: a mode
 * lowered at run time (`vigil remediation mode`) takes effect at once; one raised above it is refused by IAM.
 */
export function actingRemediations(modes: Modes): AnyRemediationPlanner[] {
  return REMEDIATIONS.filter((r) => ["approve", "auto"].includes(configuredMode(r, modes)));
}

/** The write actions the remediator's role holds: those of the acting plans, and no other. */
export function remediationActions(modes: Modes): string[] {
  return [...new Set(actingRemediations(modes).flatMap((r) => r.actions))].sort();
}

/** One statement of the remediator's grant: a plan's actions on its scope in the deploying account. */
export interface RemediationGrant {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: readonly IamCondition[];
}

export function remediationGrants(modes: Modes, account: string): RemediationGrant[] {
  return actingRemediations(modes).map((planner) => ({ actions: planner.actions, ...scopeIn(planner.scope, account) }));
}
