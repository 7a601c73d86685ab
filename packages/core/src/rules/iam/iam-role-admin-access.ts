import { defineRule, fail, notApplicable, pass, undetermined } from "../../engine/rule.ts";
import { grantsAdmin } from "../../iam/privilege.ts";
import { roleStatements, statementEvidence } from "../../iam/role-statements.ts";
import { nameOrId } from "../../model/flows.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "iam-role-admin-access",
  title: "Function role grants administrator access",
  severity: "critical",
  practice: 3,
  kinds: ["iam.role"],
  context: ["role-users", "attached-policies"],
  rationale:
    "A function whose role may do every action on every resource turns any code flaw — an injection, a " +
    "vulnerable dependency — into full control of the AWS account, including its IAM users and data.",
  remediation: {
    summary: "Replace the administrator grant with the actions and resources the function uses.",
    steps: [
      "Find the actions the function calls (CloudTrail, IAM Access Analyzer policy generation).",
      "Grant only those, on the function's own tables, buckets and queues.",
      "Detach AdministratorAccess and remove Allow * on * statements.",
    ],
    iac: "Use per-resource grants (CDK table.grantReadData(fn), SAM policy templates) instead of Action: '*'.",
  },
  mappings: { owasp: ["A5"], sas: ["SAS-4"], fsbp: ["IAM.1"] },
  check(role, { model }) {
    const functions = model.functionsUsingRole(role);
    if (functions.length === 0) return notApplicable("not the execution role of a function in the model");
    const { statements, unresolved } = roleStatements(model, role);
    const verdicts = statements.map((labelled) => ({ labelled, admin: grantsAdmin(labelled.statement) }));
    const admin = verdicts.filter((v) => v.admin === true);
    if (admin.length > 0) {
      const where = admin.map(({ labelled }) => `${labelled.policy} statement ${labelled.statement.index}`);
      return fail(
        `role of ${functions.map(nameOrId).join(", ")} allows every action on every resource (${where.join("; ")})`,
        ...admin.map((v) => statementEvidence(v.labelled)),
      );
    }
    const open = verdicts.find((v) => isUnknown(v.admin));
    if (open && isUnknown(open.admin)) {
      return undetermined(`${open.labelled.policy} statement ${open.labelled.statement.index}`, open.admin);
    }
    const [missing] = unresolved;
    if (missing) return undetermined(`the document of ${missing.policy}`, missing.reason);
    return pass("no statement allows every action on every resource");
  },
});
