import { defineRule, fail, notApplicable, pass, undetermined } from "../../engine/rule.ts";
import { grantsAction } from "../../iam/actions.ts";
import { allOf } from "../../iam/logic.ts";
import { escalationActionsGranted, grantsAdmin } from "../../iam/privilege.ts";
import { coversAllResources } from "../../iam/resources.ts";
import { type LabelledStatement, roleStatements, statementEvidence } from "../../iam/role-statements.ts";
import { nameOrId } from "../../model/flows.ts";
import { unknown } from "../../model/value.ts";

/** Whether an unconditioned Deny on every resource takes the action away again. */
function isDenied(statements: readonly LabelledStatement[], action: string): boolean {
  return statements.some(
    ({ statement }) =>
      statement.effect === "Deny" &&
      statement.conditions.length === 0 &&
      allOf(grantsAction(statement.action, action), coversAllResources(statement)) === true,
  );
}

export default defineRule({
  id: "iam-role-privilege-escalation",
  title: "Function role can escalate its own privileges",
  severity: "critical",
  practice: 3,
  kinds: ["iam.role"],
  context: ["role-users", "attached-policies"],
  rationale:
    "With iam:PassRole, policy edits, lambda:UpdateFunctionCode or sts:AssumeRole on every resource, code " +
    "running in the function can grant itself or another principal any permission: one flaw becomes account takeover.",
  remediation: {
    summary: "Remove the escalation actions, or scope each to the one role, policy or function it is meant for.",
    steps: [
      "Scope iam:PassRole to the ARN of the role the function hands to a service, with an iam:PassedToService condition.",
      "Move IAM and Lambda management out of application functions into the deployment pipeline.",
      "Scope sts:AssumeRole to the role ARNs the function assumes.",
    ],
  },
  mappings: { owasp: ["A5"], sas: ["SAS-4"] },
  check(role, { model }) {
    const functions = model.functionsUsingRole(role);
    if (functions.length === 0) return notApplicable("not the execution role of a function in the model");
    const { statements, unresolved } = roleStatements(model, role);
    const granting: LabelledStatement[] = [];
    const actions = new Set<string>();
    const hidden = new Set<string>();
    let admin = false;
    for (const labelled of statements) {
      // Every action on every resource is iam-role-admin-access's finding: one weakness, one finding.
      if (grantsAdmin(labelled.statement) === true) {
        admin = true;
        continue;
      }
      const grant = escalationActionsGranted(labelled.statement);
      const live = grant.actions.filter((action) => !isDenied(statements, action));
      if (live.length > 0) granting.push(labelled);
      for (const action of live) actions.add(action);
      for (const action of grant.undetermined) hidden.add(action);
    }
    if (actions.size > 0) {
      const where = granting.map((s) => `${s.policy} statement ${s.statement.index}`).join("; ");
      return fail(
        `role of ${functions.map(nameOrId).join(", ")} can escalate privileges with ${[...actions].join(" + ")} on all resources (${where})`,
        ...granting.map(statementEvidence),
      );
    }
    if (hidden.size > 0) {
      return undetermined("whether unresolved values grant escalation actions", unknown([...hidden].join(", ")));
    }
    const [missing] = unresolved;
    if (missing) return undetermined(`the document of ${missing.policy}`, missing.reason);
    if (admin) return pass("administrator access, beyond escalation: iam-role-admin-access judges it");
    return pass("no privilege-escalation action on unbounded resources");
  },
});
