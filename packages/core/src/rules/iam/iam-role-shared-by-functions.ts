import { defineRule, type Evidence, fail, notApplicable, pass } from "../../engine/rule.ts";
import { nameOrId } from "../../model/flows.ts";

export default defineRule({
  id: "iam-role-shared-by-functions",
  title: "Execution role is shared by several functions",
  severity: "medium",
  practice: 3,
  kinds: ["iam.role"],
  context: ["role-users"],
  rationale:
    "A role shared by functions holds the union of their permissions, so each function can do what any of " +
    "them needs; a flaw in the least important one reaches the data of all.",
  remediation: {
    summary: "Give each function its own role with only the permissions that function uses.",
    iac: "CDK, SAM and SST create a role per function by default: drop the shared `role:` property.",
  },
  mappings: { owasp: ["A5"], sas: ["SAS-4"] },
  check(role, { model }) {
    const functions = model.functionsUsingRole(role);
    if (functions.length === 0) return notApplicable("not the execution role of a function in the model");
    if (functions.length === 1) return pass(`used by ${nameOrId(functions[0]!)} only`);
    const evidence = functions.map(
      (fn): Evidence => ({ type: "edge", from: fn.id, to: role.id, relation: "execution role" }),
    );
    return fail(`used by ${functions.length} functions: ${functions.map(nameOrId).join(", ")}`, ...evidence);
  },
});
