import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-code-signing-not-enforced.ts";

const CONFIG = "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0";

describe(rule.id, () => {
  it("Compliance: an enforcing code signing configuration", () => {
    const fn = lambdaFunction("signed", {
      codeSigning: { configArn: CONFIG, untrustedArtifactOnDeployment: "Enforce" },
    });
    expect(statusOf(runRule(rule, model(fn)), "signed")).toEqual(["pass"]);
  });

  it("Noncompliance: no configuration at all", () => {
    const [result] = runRule(rule, model(lambdaFunction("plain")));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "codeSigning", value: null }]);
  });

  it("Noncompliance: a configuration that only warns", () => {
    const fn = lambdaFunction("warn", { codeSigning: { configArn: CONFIG, untrustedArtifactOnDeployment: "Warn" } });
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([
      { type: "setting", path: "codeSigning.untrustedArtifactOnDeployment", value: "Warn" },
    ]);
  });

  it("Real world: a container image function is out of scope", () => {
    const fn = lambdaFunction("image", { packageType: "Image", runtime: undefined });
    expect(statusOf(runRule(rule, model(fn)), "image")).toEqual(["not_applicable"]);
  });

  it("Undetermined: the configuration could not be read", () => {
    const fn = lambdaFunction("denied", { codeSigning: unknown("lambda:GetFunctionCodeSigningConfig denied") });
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("denied");
  });
});
