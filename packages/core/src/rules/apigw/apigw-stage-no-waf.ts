import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "apigw-stage-no-waf",
  title: "REST API stage has no WAF web ACL",
  severity: "medium",
  practice: 2,
  ruleset: "strict",
  kinds: ["apigateway.stage"],
  rationale:
    "Without a WAF web ACL, a REST API stage passes every request to its integrations: no managed rules against " +
    "injection and known bad inputs, no IP reputation lists, no rate-based rules to stop a flood before it turns " +
    "into function invocations and cost.",
  remediation: {
    summary: "Associate an AWS WAF web ACL (with managed rule groups and a rate-based rule) with the stage.",
    cli:
      "aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> " +
      "--resource-arn arn:aws:apigateway:<region>::/restapis/<api>/stages/<stage>",
    iac: "AWS::WAFv2::WebACLAssociation: ResourceArn: <stage ARN>, WebACLArn: !GetAtt WebAcl.Arn",
  },
  mappings: { owasp: ["A1", "A6"], sas: ["SAS-1", "SAS-8"], fsbp: ["APIGateway.4"] },
  check(stage) {
    const { webAclArn } = stage;
    if (webAclArn === undefined) return fail("no WAF web ACL is associated with the stage", setting("webAclArn", null));
    if (isUnknown(webAclArn)) return undetermined("the stage's web ACL", webAclArn);
    return pass(`web ACL ${webAclArn}`);
  },
});
