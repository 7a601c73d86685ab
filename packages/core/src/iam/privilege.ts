import type { Statement } from "../model/policy.ts";
import { isKnown, unknown, type Value } from "../model/value.ts";
import { expandActions, grantsAction, isEveryAction } from "./actions.ts";
import { actionsOfService } from "./catalogue.ts";
import { allOf, anyValueMatches } from "./logic.ts";
import { coversAllResources, coversUnboundedResource } from "./resources.ts";

/** IAM's permissions-management actions: whoever holds all of them can grant itself anything. */
const IAM_PERMISSIONS_MANAGEMENT = actionsOfService("iam")
  .filter((a) => a.level === "permissions-management")
  .map((a) => a.action);

/**
 * Whether an Allow statement grants administrator access: every action on every resource. Besides `"Action": "*"`
 * this catches an Allow with NotAction that leaves all of IAM's permissions management allowed (NotAction naming a
 * harmless or non-existent action), since that suffices to grant oneself the rest. Conditions are not weighed.
 */
export function grantsAdmin(statement: Statement): Value<boolean> {
  if (statement.effect !== "Allow") return false;
  return allOf(coversAllResources(statement), grantsEveryAction(statement));
}

function grantsEveryAction(statement: Statement): Value<boolean> {
  const { action } = statement;
  if (!action.negated) return anyValueMatches(action.values, isEveryAction);
  const grant = expandActions(action);
  const granted = new Set(grant.actions.map((a) => a.action));
  if (!IAM_PERMISSIONS_MANAGEMENT.every((a) => granted.has(a))) return false;
  return grant.unresolved.length > 0
    ? unknown(`NotAction holds unresolved values (${grant.unresolved[0]?.reason})`)
    : true;
}

/**
 * Actions that let a function's role raise its own privileges or take over other principals when granted on every
 * resource of their type (`*`, `role/*`, `function:*`).
 */
export const PRIVILEGE_ESCALATION_ACTIONS = [
  "iam:PassRole",
  "iam:PutRolePolicy",
  "iam:PutUserPolicy",
  "iam:PutGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:AttachGroupPolicy",
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:UpdateAssumeRolePolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:AddUserToGroup",
  "iam:DeleteRolePermissionsBoundary",
  "iam:PutRolePermissionsBoundary",
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "sts:AssumeRole",
] as const;

export interface EscalationGrant {
  /** Escalation actions the statement grants on unbounded resources. */
  readonly actions: readonly string[];
  /** Escalation actions the statement may grant, but unresolved values hide whether it does. */
  readonly undetermined: readonly string[];
}

/**
 * Services that run code the passer chooses with the role passed to them: passing a role there is acting as it.
 * A PassRole limited by `iam:PassedToService` to other services (Auto Scaling, DAX…) escalates nothing.
 */
const CODE_RUNNING_SERVICES = [
  "lambda",
  "ec2",
  "ecs-tasks",
  "eks",
  "batch",
  "glue",
  "cloudformation",
  "codebuild",
  "sagemaker",
  "states",
  "datapipeline",
  "elasticmapreduce",
  "apprunner",
  "scheduler",
  "events",
].map((service) => `${service}.amazonaws.com`);

/** Whether a condition confines PassRole to services that run no code of the passer's choosing. */
function passRoleConfined(statement: Statement): boolean {
  return statement.conditions.some(
    (clause) =>
      clause.key === "iam:passedtoservice" &&
      !clause.ifExists &&
      /^String(Equals|Like)$/.test(clause.operator) &&
      clause.values.length > 0 &&
      clause.values.every(
        (value) =>
          isKnown(value) &&
          !value.includes("*") &&
          !value.includes("?") &&
          !CODE_RUNNING_SERVICES.includes(value.toLowerCase()),
      ),
  );
}

/** Which {@link PRIVILEGE_ESCALATION_ACTIONS} an Allow statement grants on every resource of their type. */
export function escalationActionsGranted(statement: Statement): EscalationGrant {
  const actions: string[] = [];
  const undetermined: string[] = [];
  if (statement.effect !== "Allow") return { actions, undetermined };
  const unbounded = coversUnboundedResource(statement);
  if (unbounded === false) return { actions, undetermined };
  const confined = passRoleConfined(statement);
  for (const action of PRIVILEGE_ESCALATION_ACTIONS) {
    if (action === "iam:PassRole" && confined) continue;
    const granted = allOf(grantsAction(statement.action, action), unbounded);
    if (granted === true) actions.push(action);
    else if (!isKnown(granted)) undetermined.push(action);
  }
  return { actions, undetermined };
}
