import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-url-auth-none.ts";

const url = (authType: "NONE" | "AWS_IAM") => ({ authType, invokeMode: "BUFFERED" as const });

describe(rule.id, () => {
  it("Compliance: URL with AWS_IAM auth, and no URL at all", () => {
    const results = runRule(rule, model(lambdaFunction("iam", { url: url("AWS_IAM") }), lambdaFunction("none")));
    expect(statusOf(results, "iam")).toEqual(["pass"]);
    expect(statusOf(results, "none")).toEqual(["pass"]);
  });

  it("Noncompliance: URL with auth NONE, pointing at the setting", () => {
    const [result] = runRule(rule, model(lambdaFunction("open", { url: url("NONE") })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "url.authType", value: "NONE" }]);
  });

  it("Undetermined: an unresolved auth type is not guessed", () => {
    const fn = lambdaFunction("param", { url: { authType: unknown("Ref AuthParam"), invokeMode: "BUFFERED" } });
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref AuthParam");
  });
});
