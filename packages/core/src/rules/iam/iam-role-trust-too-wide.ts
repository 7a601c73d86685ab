import { defineRule, fail, notApplicable, pass, undetermined } from "../../engine/rule.ts";
import { statementEvidence } from "../../iam/role-statements.ts";
import { analyseTrust } from "../../iam/trust.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "iam-role-trust-too-wide",
  title: "Function role can be assumed by principals other than Lambda",
  severity: "high",
  practice: 3,
  kinds: ["iam.role"],
  context: ["role-users"],
  rationale:
    "An execution role that other services, accounts or everyone may assume lends the function's permissions " +
    "to them: whoever can assume it reaches the function's data without touching the function.",
  remediation: {
    summary: "Trust only lambda.amazonaws.com in the role's trust policy; give other principals their own roles.",
    cli: "aws iam update-assume-role-policy --role-name <role> --policy-document file://lambda-trust.json",
    iac: 'AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: "sts:AssumeRole" }] }',
  },
  mappings: { owasp: ["A5"], sas: ["SAS-4"] },
  check(role, { model }) {
    if (model.functionsUsingRole(role).length === 0) {
      return notApplicable("not the execution role of a function in the model");
    }
    if (isUnknown(role.trustPolicy)) return undetermined("the trust policy", role.trustPolicy);
    const { others, unresolved } = analyseTrust(role.trustPolicy);
    if (others.length > 0) {
      const statements = [...new Set(others.map((o) => o.statement))];
      return fail(
        `trust policy admits ${others.map((o) => o.principal).join(", ")}`,
        ...statements.map((statement) => statementEvidence({ policy: "trust policy", statement })),
      );
    }
    const [hidden] = unresolved;
    if (hidden) return undetermined("a trusted principal", hidden);
    return pass("only the Lambda service may assume the role");
  },
});
