import { defineRule } from "../../engine/rule.ts";
import { publicGrants } from "../../iam/public-grants.ts";
import { invokeGrantsOf } from "../../model/public-invoke.ts";
import { publicPolicyOutcome, publicRuleReading } from "../public-policy.ts";

export default defineRule({
  id: "lambda-policy-public",
  title: "Function's resource policy lets anyone invoke it",
  severity: "critical",
  practice: 2,
  kinds: ["lambda.function"],
  rationale:
    "A resource-policy statement that grants lambda:InvokeFunction or lambda:InvokeFunctionUrl to `*` lets any AWS " +
    "account (or, with a function URL of auth type NONE, anyone on the internet) run the function with its role. " +
    "`*` restricted by aws:PrincipalOrgID, aws:SourceArn or aws:SourceAccount is not public; a service principal " +
    "without a source condition is a confused deputy, iam-resource-policy-confused-deputy's finding.",
  remediation: {
    summary: "Remove the public statement, or pin it with aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID.",
    cli: "aws lambda remove-permission --function-name <name> --statement-id <sid>",
    iac: "AWS::Lambda::Permission: set SourceArn and SourceAccount (or PrincipalOrgID); never Principal: '*' alone",
  },
  mappings: { owasp: ["A5", "A6"], sas: ["SAS-3"], fsbp: ["Lambda.1"] },
  check(fn) {
    return publicPolicyOutcome(publicGrants(fn.policy, invokeGrantsOf(fn), publicRuleReading(fn)), "invoke");
  },
});
