import { defineRule, fail, notApplicable, pass, undetermined } from "../../engine/rule.ts";
import { serviceWideWildcards } from "../../iam/actions.ts";
import { awsManagedPolicyPath } from "../../iam/aws-managed.ts";
import { hasWildcard } from "../../iam/patterns.ts";
import { grantsAdmin } from "../../iam/privilege.ts";
import { coversUnboundedResource } from "../../iam/resources.ts";
import { type LabelledStatement, statementEvidence } from "../../iam/role-statements.ts";
import { isKnown, isUnknown } from "../../model/value.ts";

/**
 * Action wildcards (`s3:Get*`, `ec2:Describe*`) of one statement on every resource of a type. Service-wide
 * wildcards, NotAction and administrator statements are left to iam-role-service-wildcard and
 * iam-role-admin-access, which report them whoever wrote the policy: one statement, one finding.
 */
function broadWildcards(statement: LabelledStatement["statement"]): string[] {
  if (statement.effect !== "Allow" || statement.action.negated || grantsAdmin(statement) === true) return [];
  if (coversUnboundedResource(statement) !== true) return [];
  const serviceWide = new Set(serviceWideWildcards(statement));
  return statement.action.values.filter(isKnown).filter((p) => hasWildcard(p) && !serviceWide.has(p));
}

export default defineRule({
  id: "iam-role-aws-managed-broad",
  title: "Function role has a broad AWS-managed policy attached",
  severity: "high",
  practice: 3,
  kinds: ["iam.role"],
  context: ["role-users", "attached-policies"],
  rationale:
    "AWS-managed policies such as ReadOnlyAccess or AmazonDynamoDBFullAccess grant action wildcards (Get*, " +
    "Describe*, …) on every resource in the account, and AWS widens them over time: each new matching action and " +
    "each edit AWS makes to the document reaches the function without a change of yours. A function needs a few " +
    "actions on its own resources.",
  remediation: {
    summary: "Detach the broad managed policy and grant the function's actions on its own resources.",
    cli: "aws iam detach-role-policy --role-name <role> --policy-arn <arn>",
    iac: "CDK: bucket.grantRead(fn) / table.grantReadWriteData(fn) instead of ManagedPolicy.fromAwsManagedPolicyName(...).",
  },
  mappings: { owasp: ["A5"], sas: ["SAS-4"] },
  check(role, { model }) {
    const functions = model.functionsUsingRole(role);
    if (functions.length === 0) return notApplicable("not the execution role of a function in the model");
    const policies = model.policiesOf(role).filter((p) => awsManagedPolicyPath(p.managedArn ?? "") !== undefined);
    const found = policies.flatMap(({ label, document }) =>
      isUnknown(document)
        ? []
        : document.statements
            .map((statement) => ({ labelled: { policy: label, statement }, wildcards: broadWildcards(statement) }))
            .filter((f) => f.wildcards.length > 0),
    );
    if (found.length > 0) {
      const where = found.map(
        ({ labelled, wildcards }) =>
          `${wildcards.join(", ")} in ${labelled.policy} statement ${labelled.statement.index}`,
      );
      return fail(
        `AWS-managed ${found.length === 1 ? "policy grants" : "policies grant"} action wildcards on every resource: ${where.join("; ")}`,
        ...found.map((f) => statementEvidence(f.labelled)),
      );
    }
    const unresolvedArn = role.managedPolicyArns.find(isUnknown);
    if (unresolvedArn) return undetermined("an attached policy ARN", unresolvedArn);
    const unread = policies.find((p) => isUnknown(p.document));
    if (unread && isUnknown(unread.document)) return undetermined(`the document of ${unread.label}`, unread.document);
    return pass("no AWS-managed policy grants action wildcards on every resource");
  },
});
