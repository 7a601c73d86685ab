import { isUnknown } from "../../model/value.ts";
import { defineRemediation } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";

const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

export default defineRemediation({
  ruleId: "iam-role-admin-access",
  description:
    "Detaches AdministratorAccess from a function role. The function may rely on some of what it granted, so a person approves; inline `*` on `*` statements are the owner's to rewrite and are not touched. Undone by attaching it again (AttachRolePolicy).",
  kind: "iam.role",
  actions: ["iam:DetachRolePolicy"],
  // A function's role, and of its policies AdministratorAccess alone.
  scope: {
    resources: SCOPES.role.resources,
    conditions: [
      { test: "ArnEquals", variable: "iam:PolicyARN", values: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
    ],
  },
  maxMode: "approve",
  plan(role) {
    const attached = role.managedPolicyArns.filter(
      (arn): arn is string => !isUnknown(arn) && ADMINISTRATOR_ACCESS.test(arn),
    );
    if (attached.length === 0 || isUnknown(role.name)) return undefined;
    const call = (operation: "DetachRolePolicy" | "AttachRolePolicy", PolicyArn: string) => ({
      service: "iam" as const,
      operation,
      input: { RoleName: role.name, PolicyArn },
      iamAction: `iam:${operation}`,
    });
    return {
      ruleId: "iam-role-admin-access",
      resourceId: role.id,
      summary: `detach AdministratorAccess from role ${role.name}`,
      changes: attached.map((arn) => ({ path: "managedPolicyArns", before: arn, after: null })),
      calls: attached.map((arn) => call("DetachRolePolicy", arn)),
      undo: attached.map((arn) => call("AttachRolePolicy", arn)),
    };
  },
});
