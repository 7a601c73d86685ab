import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { awsManagedPolicyName } from "../../iam/aws-managed.ts";
import { isKnown, isUnknown } from "../../model/value.ts";

/** AWS-managed policies granting whole services (or everything) that no single function needs. */
const BROAD_NAMES = new Set([
  "AdministratorAccess",
  "PowerUserAccess",
  "ReadOnlyAccess",
  "AWSLambdaExecute",
  "SecretsManagerReadWrite",
]);
const BROAD_PATTERN = /(FullAccess|PowerUser|Administrator)(_v\d+)?$/i;

function isBroad(name: string): boolean {
  return BROAD_NAMES.has(name) || BROAD_PATTERN.test(name);
}

export default defineRule({
  id: "iam-role-aws-managed-broad",
  title: "Function role has a broad AWS-managed policy attached",
  severity: "high",
  practice: 3,
  kinds: ["iam.role"],
  context: ["role-users"],
  rationale:
    "AWS-managed policies such as AmazonS3FullAccess or AmazonDynamoDBFullAccess grant a service on every " +
    "resource in the account, and AWS may widen them over time; a function needs a few actions on its own resources.",
  remediation: {
    summary: "Detach the broad managed policy and grant the function's actions on its own resources.",
    cli: "aws iam detach-role-policy --role-name <role> --policy-arn <arn>",
    iac: "CDK: bucket.grantRead(fn) / table.grantReadWriteData(fn) instead of ManagedPolicy.fromAwsManagedPolicyName(...).",
  },
  mappings: { owasp: ["A5"], sas: ["SAS-4"] },
  check(role, { model }) {
    if (model.functionsUsingRole(role).length === 0) {
      return notApplicable("not the execution role of a function in the model");
    }
    const broad = role.managedPolicyArns.filter(isKnown).filter((arn) => isBroad(awsManagedPolicyName(arn) ?? ""));
    if (broad.length === 0) {
      const unresolved = role.managedPolicyArns.find(isUnknown);
      return unresolved
        ? undetermined("an attached policy ARN", unresolved)
        : pass("no broad AWS-managed policy attached");
    }
    const names = broad.map((arn) => awsManagedPolicyName(arn));
    return fail(
      `broad AWS-managed ${broad.length === 1 ? "policy" : "policies"} attached: ${names.join(", ")}`,
      setting("managedPolicyArns", broad),
    );
  },
});
