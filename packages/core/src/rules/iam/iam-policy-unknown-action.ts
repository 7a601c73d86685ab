import { defineRule, fail, notApplicable, pass, undetermined } from "../../engine/rule.ts";
import { isEveryAction } from "../../iam/actions.ts";
import { awsManagedPolicyPath } from "../../iam/aws-managed.ts";
import { actionsOfService, isCataloguedService, isIamService } from "../../iam/catalogue.ts";
import { actionMatches, hasWildcard } from "../../iam/patterns.ts";
import { type LabelledStatement, roleStatements, statementEvidence } from "../../iam/role-statements.ts";
import { nameOrId } from "../../model/flows.ts";
import { isKnown, isUnknown } from "../../model/value.ts";

/**
 * Whether an Action pattern matches no IAM action: a service prefix IAM does not have, or, for the services whose
 * actions the catalogue loads, a name (or wildcard) that matches none of them. Other services are checked by prefix
 * only: their action names are not loaded.
 */
function matchesNoAction(pattern: string): boolean {
  if (isEveryAction(pattern)) return false;
  const colon = pattern.indexOf(":");
  if (colon <= 0) return true;
  const service = pattern.slice(0, colon);
  if (hasWildcard(service)) return false;
  if (!isIamService(service)) return true;
  return isCataloguedService(service) && !actionsOfService(service).some((a) => actionMatches(pattern, a.action));
}

/** AWS maintains its managed policies (and may keep retired actions in them): only the account's own are judged. */
const isOwnPolicy = ({ policy }: LabelledStatement) => awsManagedPolicyPath(policy) === undefined;

export default defineRule({
  id: "iam-policy-unknown-action",
  title: "Function role allows an action that does not exist",
  severity: "low",
  practice: 3,
  kinds: ["iam.role"],
  context: ["role-users", "attached-policies"],
  rationale:
    "IAM accepts any action name in a policy: a misspelt one (s3:GetObjects, dynamo:PutItem) grants nothing, so " +
    "the function fails at run time and someone widens the policy to make it work, and a wildcard that matches no " +
    "action hides what the author meant to grant.",
  remediation: {
    summary: "Correct the action to the name IAM documents (Service Authorization Reference), or remove it.",
    steps: [
      "Look the action up in the Service Authorization Reference for its service.",
      "Fix the spelling or the service prefix; IAM Access Analyzer's policy validation reports the same mistakes.",
    ],
  },
  mappings: { sas: ["SAS-4"] },
  check(role, { model }) {
    const functions = model.functionsUsingRole(role);
    if (functions.length === 0) return notApplicable("not the execution role of a function in the model");
    const { statements, unresolved } = roleStatements(model, role);
    const allows = statements.filter(
      (s) => isOwnPolicy(s) && s.statement.effect === "Allow" && !s.statement.action.negated,
    );
    const found = allows
      .map((labelled) => ({
        labelled,
        unknown: labelled.statement.action.values.filter(isKnown).filter(matchesNoAction),
      }))
      .filter((f) => f.unknown.length > 0);
    if (found.length > 0) {
      const where = found.map(
        ({ labelled, unknown }) => `${unknown.join(", ")} in ${labelled.policy} statement ${labelled.statement.index}`,
      );
      return fail(
        `role of ${functions.map(nameOrId).join(", ")} allows actions IAM does not have: ${where.join("; ")}`,
        ...found.map((f) => statementEvidence(f.labelled)),
      );
    }
    const hidden = allows.find((s) => s.statement.action.values.some(isUnknown));
    const hiddenValue = hidden?.statement.action.values.find(isUnknown);
    if (hidden && hiddenValue) {
      return undetermined(`the actions of ${hidden.policy} statement ${hidden.statement.index}`, hiddenValue);
    }
    const missing = unresolved.find((p) => awsManagedPolicyPath(p.policy) === undefined);
    if (missing) return undetermined(`the document of ${missing.policy}`, missing.reason);
    return pass("every allowed action exists in IAM");
  },
});
