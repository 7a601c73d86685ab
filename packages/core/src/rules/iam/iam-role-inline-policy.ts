import { defineRule, fail, notApplicable, pass, setting } from "../../engine/rule.ts";
import { isKnown } from "../../model/value.ts";

export default defineRule({
  id: "iam-role-inline-policy",
  title: "Function role carries inline policies",
  severity: "low",
  practice: 3,
  ruleset: "strict",
  kinds: ["iam.role"],
  context: ["role-users"],
  rationale:
    "Inline policies live only inside the role: they have no versions to review or roll back, do not show in " +
    "the account's policy list, and a PutRolePolicy after deploy changes permissions without leaving a policy behind.",
  remediation: {
    summary: "Move the permissions into a customer-managed policy attached to the role.",
    cli: "aws iam create-policy --policy-name <name> --policy-document file://policy.json && aws iam attach-role-policy --role-name <role> --policy-arn <arn> && aws iam delete-role-policy --role-name <role> --policy-name <inline>",
    iac: "AWS::IAM::ManagedPolicy with Roles: [<role>] instead of AWS::IAM::Policy or Role.Policies.",
  },
  mappings: { sas: ["SAS-4"] },
  check(role, { model }) {
    if (model.functionsUsingRole(role).length === 0) {
      return notApplicable("not the execution role of a function in the model");
    }
    if (role.inlinePolicies.length === 0) return pass("no inline policies");
    const names = role.inlinePolicies.map((p) => (isKnown(p.name) ? p.name : `(unnamed: ${p.name.reason})`));
    return fail(
      `${names.length} inline ${names.length === 1 ? "policy" : "policies"}: ${names.join(", ")}`,
      setting("inlinePolicies", names),
    );
  },
});
