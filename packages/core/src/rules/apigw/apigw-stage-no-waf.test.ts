import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, restStage } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./apigw-stage-no-waf.ts";

describe(rule.id, () => {
  it("Compliance: a stage with a WAFv2 web ACL", () => {
    const [result] = runRule(rule, model(restStage()));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: a stage without web ACL", () => {
    const [result] = runRule(rule, model(restStage("api123", "prod", { webAclArn: undefined })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "webAclArn", value: null }]);
  });

  it("Real world: a stage still on a WAF Classic regional web ACL does not fire", () => {
    const classic = "arn:aws:waf-regional:us-east-1:123456789012:webacl/0c2a6ff5-1f7e-4a2b-9d0e-1a2b3c4d5e6f";
    const [result] = runRule(rule, model(restStage("api123", "prod", { webAclArn: classic })));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a web ACL ARN imported from another stack", () => {
    const stage = restStage("api123", "prod", { webAclArn: unknown("Fn::ImportValue shared-waf-arn") });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("shared-waf-arn");
  });
});
