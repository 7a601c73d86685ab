/**
 * Names the stacks give Vigil's resources and `vigil doctor` looks for, in one module both import (pure: no SST
 * types, no SDK), so that a rename cannot leave doctor searching for a name no deploy produces.
 */

/** IAM is global: its CloudTrail events reach EventBridge in this region only. */
export const IAM_EVENTS_REGION = "us-east-1";

/** The us-east-1 EventBridge rule forwarding IAM's events to the home region (stacks/iam-forwarder.ts). */
export const iamForwarderRuleName = (app: string, stage: string): string => `${app}-${stage}-iam-forwarder`;

/**
 * Queues where Vigil parks what it could not process, by their names in the stacks (SST makes them
 * `<app>-<stage>-<Name>Queue-<suffix>`); a message there is work that did not happen.
 */
export const PARKING_QUEUES = [
  "EvaluationDeadLetters",
  "NotifyDeadLetters",
  "RemediateDeadLetters",
  "PublishFailures",
  "FailedInvocations",
  "UndeliveredEvents",
] as const;
