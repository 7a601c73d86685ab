import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { ACCOUNT, lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-layer-cross-account.ts";

const FOREIGN = "999999999999";
const layer = (account: string, name: string, region = "us-east-1") =>
  `arn:aws:lambda:${region}:${account}:layer:${name}:3`;

describe(rule.id, () => {
  it("Compliance: own-account layers, AWS Powertools and Lambda Insights, and no layers", () => {
    const results = runRule(
      rule,
      model(
        lambdaFunction("own", { layers: [layer(ACCOUNT, "shared-deps")] }),
        lambdaFunction("aws", {
          layers: [
            layer("094274105915", "AWSLambdaPowertoolsTypeScriptV2"),
            layer("580247275435", "LambdaInsightsExtension-Arm64"),
            layer("177933569100", "AWS-Parameters-and-Secrets-Lambda-Extension-Arm64"),
          ],
        }),
        lambdaFunction("none"),
      ),
    );
    expect(statusOf(results, "own")).toEqual(["pass"]);
    expect(statusOf(results, "aws")).toEqual(["pass"]);
    expect(statusOf(results, "none")).toEqual(["pass"]);
  });

  it("Noncompliance: a layer from an untrusted account, pointing at the layer", () => {
    const foreign = layer(FOREIGN, "vendor-agent");
    const [result] = runRule(rule, model(lambdaFunction("vendor", { layers: [layer(ACCOUNT, "own"), foreign] })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain(FOREIGN);
    expect(result?.evidence).toEqual([{ type: "setting", path: "layers[1]", value: foreign }]);
  });

  it("Noncompliance: a Powertools look-alike name in a foreign account is not AWS", () => {
    const [result] = runRule(
      rule,
      model(lambdaFunction("fake", { layers: [layer(FOREIGN, "AWSLambdaPowertoolsTypeScriptV2")] })),
    );
    expect(result?.status).toBe("fail");
  });

  it("Compliance: an account listed in trustedAccounts", () => {
    const [result] = runRule(rule, model(lambdaFunction("vendor", { layers: [layer(FOREIGN, "vendor-agent")] })), {
      trustedAccounts: [FOREIGN],
    });
    expect(result?.status).toBe("pass");
  });

  it("Real world: a template layer in the stack's own account (pseudo-parameter token)", () => {
    const fn = lambdaFunction("tpl", {
      arn: `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${Fn}`,
      id: "tpl",
      layers: [`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:layer:\${DepsLayer}:1`],
    });
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a layer ARN from an import", () => {
    const [result] = runRule(rule, model(lambdaFunction("imp", { layers: [unknown("Fn::ImportValue DepsLayer")] })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Fn::ImportValue DepsLayer");
  });
});
