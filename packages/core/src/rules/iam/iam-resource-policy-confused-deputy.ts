import { defineRule, fail, pass, undetermined } from "../../engine/rule.ts";
import { confusedDeputy, isPublic, readingOf } from "../../iam/principals.ts";
import type { PublicGrant } from "../../iam/public-grants.ts";
import { statementEvidence } from "../../iam/role-statements.ts";
import { isUnknown, type Unknown, unknown } from "../../model/value.ts";
import { publicRuleReading, statementName } from "../public-policy.ts";

export default defineRule({
  id: "iam-resource-policy-confused-deputy",
  title: "Resource policy grants a service without pinning the source account",
  severity: "medium",
  practice: 2,
  kinds: ["s3.bucket", "sqs.queue", "sns.topic", "lambda.function"],
  rationale:
    "A resource policy that allows a service principal (sns.amazonaws.com, s3.amazonaws.com, " +
    "cloudtrail.amazonaws.com, …) lets that service act on the resource for any customer's resources: another " +
    "account's topic, bucket or trail can then deliver into the queue, invoke the function or write into the " +
    "bucket (the cross-service confused deputy). AWS's advice is aws:SourceArn and aws:SourceAccount: a condition " +
    "on a fixed source account or organization, or an aws:SourceArn that names its account, pins it (Lambda " +
    "permissions hold SourceArn and SourceAccount as these conditions). A bucket's ARN names no account — a " +
    "deleted bucket's name is anyone's — so a bucket's aws:SourceArn alone is not enough. A statement that grants " +
    "anyone is the kind's public rule's finding, not this one's; conditions that can never match are " +
    "ineffective, not protection.",
  remediation: {
    summary: "Add aws:SourceAccount (and aws:SourceArn) conditions to every statement that allows a service principal.",
    cli: "aws lambda add-permission --function-name <name> --statement-id <sid> --principal s3.amazonaws.com --action lambda:InvokeFunction --source-arn arn:aws:s3:::<bucket> --source-account <account>",
    iac: 'Condition: { StringEquals: { "aws:SourceAccount": !Ref AWS::AccountId }, ArnLike: { "aws:SourceArn": <source ARN> } }',
  },
  mappings: { owasp: ["A5"], sas: ["SAS-3"] },
  check(resource) {
    const document = resource.policy;
    if (isUnknown(document)) return undetermined("the resource policy", document);
    const policyName = resource.kind === "s3.bucket" ? "bucket policy" : "resource policy";
    const publicReading = publicRuleReading(resource);
    const reading = readingOf(resource);
    const deputies: PublicGrant[] = [];
    let uncertain: Unknown | undefined;
    for (const statement of document.statements) {
      // Reported (or left undetermined) by the kind's public rule: one statement, one finding.
      if (isPublic(statement, publicReading).public !== false) continue;
      const verdict = confusedDeputy(statement, reading);
      if (verdict.deputy === true) deputies.push({ statement, reason: verdict.reason });
      else if (verdict.deputy === "unknown") uncertain ??= unknown(verdict.reason);
    }
    if (deputies.length > 0) {
      return fail(
        `${policyName} lets a service act here for any account's resources — ${deputies
          .map((grant) => `${statementName(grant)}: ${grant.reason}`)
          .join("; ")}`,
        ...deputies.map(({ statement }) => statementEvidence({ policy: policyName, statement })),
      );
    }
    if (uncertain) return undetermined("whether a service principal is pinned to a source", uncertain);
    return pass("no service principal may act here for another account's resources");
  },
});
