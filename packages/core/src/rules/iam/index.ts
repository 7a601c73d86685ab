import type { AnyRule } from "../../engine/rule.ts";
import iamLambdaRoleUnused from "./iam-lambda-role-unused.ts";
import iamPolicyUnknownAction from "./iam-policy-unknown-action.ts";
import iamResourcePolicyConfusedDeputy from "./iam-resource-policy-confused-deputy.ts";
import iamRoleAdminAccess from "./iam-role-admin-access.ts";
import iamRoleAwsManagedBroad from "./iam-role-aws-managed-broad.ts";
import iamRoleInlinePolicy from "./iam-role-inline-policy.ts";
import iamRolePrivilegeEscalation from "./iam-role-privilege-escalation.ts";
import iamRoleServiceWildcard from "./iam-role-service-wildcard.ts";
import iamRoleSharedByFunctions from "./iam-role-shared-by-functions.ts";
import iamRoleTrustTooWide from "./iam-role-trust-too-wide.ts";

export const IAM_RULES: readonly AnyRule[] = [
  iamRoleAdminAccess,
  iamRolePrivilegeEscalation,
  iamRoleServiceWildcard,
  iamRoleAwsManagedBroad,
  iamPolicyUnknownAction,
  iamRoleTrustTooWide,
  iamRoleSharedByFunctions,
  iamRoleInlinePolicy,
  iamLambdaRoleUnused,
  iamResourcePolicyConfusedDeputy,
];
