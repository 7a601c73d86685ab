import { describe, expect, it } from "vitest";
import type { FunctionUrl } from "../../model/resources.ts";
import { unknown, type Value } from "../../model/value.ts";
import { lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-url-cors-wildcard.ts";

const url = (
  allowOrigins: Value<string>[],
  allowCredentials: Value<boolean> = false,
  authType: FunctionUrl["authType"] = "NONE",
): FunctionUrl => ({
  authType,
  invokeMode: "BUFFERED",
  cors: { allowOrigins, allowMethods: ["GET"], allowCredentials },
});

describe(rule.id, () => {
  it("Compliance: listed origins, a URL without CORS, and no URL", () => {
    const results = runRule(
      rule,
      model(
        lambdaFunction("listed", { url: url(["https://app.example.com"]) }),
        lambdaFunction("nocors", { url: { authType: "AWS_IAM", invokeMode: "BUFFERED" } }),
        lambdaFunction("nourl"),
      ),
    );
    expect(statusOf(results, "listed")).toEqual(["pass"]);
    expect(statusOf(results, "nocors")).toEqual(["pass"]);
    expect(statusOf(results, "nourl")).toEqual(["pass"]);
  });

  it("Compliance: * origin on a URL that needs IAM-signed requests", () => {
    const [result] = runRule(rule, model(lambdaFunction("signed", { url: url(["*"], true, "AWS_IAM") })));
    expect(result).toMatchObject({ status: "pass", message: expect.stringContaining("IAM-signed") });
  });

  it("Undetermined: * origin on a URL whose auth type is unresolved", () => {
    const [result] = runRule(rule, model(lambdaFunction("p", { url: url(["*"], false, unknown("Ref Auth")) })));
    expect(result).toMatchObject({ status: "undetermined", message: expect.stringContaining("Ref Auth") });
  });

  it("Noncompliance: * origin, pointing at the origin entry", () => {
    const [result] = runRule(rule, model(lambdaFunction("open", { url: url(["https://a.example", "*"]) })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "url.cors.allowOrigins[1]", value: "*" }]);
  });

  it("Noncompliance: * origin with credentials names both settings", () => {
    const [result] = runRule(rule, model(lambdaFunction("creds", { url: url(["*"], true) })));
    expect(result?.message).toContain("AllowCredentials is true");
    expect(result?.evidence).toHaveLength(2);
  });

  it("Real world: a wildcard-looking subdomain origin is not `*`", () => {
    const [result] = runRule(rule, model(lambdaFunction("sub", { url: url(["https://*.example.com"]) })));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: an unresolved origin parameter", () => {
    const [result] = runRule(rule, model(lambdaFunction("param", { url: url([unknown("Ref AllowedOrigin")]) })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref AllowedOrigin");
  });
});
