import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, type Outcome, pass, undetermined } from "../../engine/rule.ts";
import { accountOfResource, accountsGranted, isTrustedAccount } from "../../iam/principals.ts";
import { statementEvidence } from "../../iam/role-statements.ts";
import { grantsInvoke } from "../../model/public-invoke.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-invoke-cross-account",
  title: "Function can be invoked by an account that is not trusted",
  severity: "high",
  practice: 2,
  kinds: ["lambda.function"],
  rationale:
    "A resource-policy statement that grants invoke to another AWS account (as a principal, or through " +
    "aws:SourceAccount / the account of aws:SourceArn for a service principal) lets every principal that account " +
    "authorises run the function with its role. Accounts listed in `trustedAccounts` and the function's own account " +
    "are accepted; anything else is a perimeter you do not control.",
  remediation: {
    summary: "Remove the cross-account permission, or list the account under trustedAccounts if it is yours.",
    cli: "aws lambda remove-permission --function-name <name> --statement-id <sid>",
    steps: [
      "Find the statement with `aws lambda get-policy --function-name <name>`.",
      "Remove it, or add the account to `trustedAccounts` in vigil.config if it belongs to your organization.",
    ],
  },
  mappings: { owasp: ["A5"], sas: ["SAS-3"] },
  check(fn, { settings }) {
    if (isUnknown(fn.policy)) return undetermined("the resource policy", fn.policy);
    const trust = { ownAccount: accountOfResource(fn), trustedAccounts: settings.trustedAccounts };
    const parts = fn.policy.statements.map((statement): Outcome => {
      const invoke = grantsInvoke(statement);
      if (invoke === false) return pass();
      const accounts = accountsGranted(statement);
      const foreign = accounts.filter((a): a is string => !isUnknown(a) && !isTrustedAccount(a, trust));
      const [hidden] = accounts.filter(isUnknown);
      if (foreign.length > 0) {
        if (isUnknown(invoke)) return undetermined("whether the statement grants invoke", invoke);
        return fail(
          `statement ${statement.sid ?? statement.index} lets account ${foreign.join(", ")} invoke the function`,
          statementEvidence({ policy: "resource policy", statement }),
        );
      }
      if (hidden) return undetermined("an account the resource policy grants", hidden);
      return pass();
    });
    return combineOutcomes(parts, "only this account and trusted accounts may invoke the function");
  },
});
