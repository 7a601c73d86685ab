import { z } from "zod";
import { defineRule, fail, notApplicable, pass, undetermined } from "../../engine/rule.ts";
import { serviceWideWildcards } from "../../iam/actions.ts";
import { grantsAdmin } from "../../iam/privilege.ts";
import { coversUnboundedResource } from "../../iam/resources.ts";
import { roleStatements, statementEvidence } from "../../iam/role-statements.ts";
import { nameOrId } from "../../model/flows.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "iam-role-service-wildcard",
  title: "Function role allows every action of a service",
  severity: "high",
  practice: 3,
  kinds: ["iam.role"],
  context: ["role-users", "attached-policies"],
  rationale:
    "A service-wide wildcard such as s3:* or dynamodb:* on every resource of the service grants the function " +
    "deletes, policy changes and configuration changes on stores it never touches; a compromised function can then " +
    "destroy or expose any of them. A wildcard on named resources only (one table, one bucket's objects: what SST " +
    "links and many frameworks grant) is bounded to what the function was given and is not raised.",
  remediation: {
    summary: "List the actions the function uses instead of service:* (or an Allow with NotAction).",
    steps: [
      "Find the calls the function makes (CloudTrail, IAM Access Analyzer policy generation).",
      "Replace s3:* / dynamodb:* with those actions, e.g. dynamodb:GetItem and dynamodb:PutItem.",
    ],
    iac: "CDK: table.grantReadWriteData(fn) instead of actions: ['dynamodb:*'].",
  },
  mappings: { owasp: ["A5"], sas: ["SAS-4"], fsbp: ["IAM.21"] },
  options: z.object({
    /** Service prefixes whose wildcard is accepted, e.g. ["xray"]. */
    allowServices: z.array(z.string()).default([]),
  }),
  check(role, { model, options }) {
    const functions = model.functionsUsingRole(role);
    if (functions.length === 0) return notApplicable("not the execution role of a function in the model");
    const allowed = new Set(options.allowServices.map((s) => `${s.toLowerCase()}:*`));
    const { statements, unresolved } = roleStatements(model, role);
    // Administrator statements are iam-role-admin-access's finding; statements on named resources are bounded.
    const candidates = statements.filter(
      (s) => grantsAdmin(s.statement) !== true && coversUnboundedResource(s.statement) !== false,
    );
    const found = candidates
      .map((labelled) => ({
        labelled,
        wildcards: serviceWideWildcards(labelled.statement).filter((w) => !allowed.has(w.toLowerCase())),
      }))
      .filter((f) => f.wildcards.length > 0);
    if (found.length > 0) {
      const where = found.map(
        ({ labelled, wildcards }) =>
          `${wildcards.join(", ")} in ${labelled.policy} statement ${labelled.statement.index}`,
      );
      return fail(
        `role of ${functions.map(nameOrId).join(", ")} allows whole services: ${where.join("; ")}`,
        ...found.map((f) => statementEvidence(f.labelled)),
      );
    }
    const hidden = candidates.find((s) => s.statement.effect === "Allow" && s.statement.action.values.some(isUnknown));
    const hiddenValue = hidden?.statement.action.values.find(isUnknown);
    if (hidden && hiddenValue) {
      return undetermined(`the actions of ${hidden.policy} statement ${hidden.statement.index}`, hiddenValue);
    }
    const [missing] = unresolved;
    if (missing) return undetermined(`the document of ${missing.policy}`, missing.reason);
    return pass("no service-wide wildcard");
  },
});
