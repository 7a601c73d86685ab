import { defineRule, fail, notApplicable, pass, undetermined } from "../../engine/rule.ts";
import { analyseTrust } from "../../iam/trust.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "iam-lambda-role-unused",
  title: "Lambda execution role is used by no function",
  severity: "low",
  practice: 1,
  kinds: ["iam.role"],
  context: ["role-users"],
  rationale:
    "A role that only Lambda may assume but no function uses is a leftover: its permissions wait for whoever " +
    "can create or update a function and pass it, and it blurs the map of who can reach which data.",
  remediation: {
    summary: "Delete the role, or attach it to the function it was made for.",
    cli: "aws iam delete-role --role-name <role> (after detaching and deleting its policies)",
  },
  mappings: { sas: ["SAS-4"] },
  check(role, { model }) {
    const functions = model.ofKind("lambda.function");
    // A template of roles alone says nothing of the functions elsewhere; a read account or role-users read does.
    if (functions.length === 0 && model.coverage.scope === "partial") {
      return notApplicable("the model holds no functions to compare with");
    }
    if (isUnknown(role.trustPolicy)) return undetermined("the trust policy", role.trustPolicy);
    const trust = analyseTrust(role.trustPolicy);
    if (!trust.lambda || trust.others.length > 0) return notApplicable("not a Lambda-only execution role");
    const [hidden] = trust.unresolved;
    if (hidden) return undetermined("a trusted principal", hidden);
    const users = model.functionsUsingRole(role);
    if (users.length > 0) return pass(`used by ${users.length} function${users.length === 1 ? "" : "s"}`);
    const unresolvedRole = functions.map((fn) => fn.role).find(isUnknown);
    if (unresolvedRole) return undetermined("the execution role of a function", unresolvedRole);
    return fail("only Lambda may assume this role, and no function in the model uses it");
  },
});
