import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, restMethod } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./apigw-method-no-authorization.ts";

describe(rule.id, () => {
  it("Compliance: Cognito, IAM and API-key methods pass", () => {
    const results = runRule(
      rule,
      model(
        restMethod("api123", "/orders", "GET"),
        restMethod("api123", "/orders", "POST", { authorizationType: "AWS_IAM" }),
        restMethod("api123", "/partners", "GET", { authorizationType: "NONE", apiKeyRequired: true }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "pass"]);
  });

  it("Noncompliance: a GET with authorization NONE and no API key", () => {
    const [result] = runRule(rule, model(restMethod("api123", "/orders", "GET", { authorizationType: "NONE" })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("GET /orders has authorizationType NONE");
    expect(result?.evidence).toEqual([
      { type: "setting", path: "authorizationType", value: "NONE" },
      { type: "setting", path: "apiKeyRequired", value: false },
    ]);
  });

  it("Real world: the CORS preflight OPTIONS method (MOCK integration, no auth) does not fire", () => {
    const preflight = restMethod("api123", "/orders", "OPTIONS", { authorizationType: "NONE" });
    const results = runRule(rule, model(preflight));
    expect(statusOf(results, "OPTIONS /orders")).toEqual(["not_applicable"]);
  });

  it("Undetermined: an authorization type from an unresolved parameter is not guessed", () => {
    const method = restMethod("api123", "/orders", "GET", { authorizationType: unknown("Ref AuthTypeParam") });
    const [result] = runRule(rule, model(method));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref AuthTypeParam");
  });

  it("Undetermined: NONE with an unknown verb could be the preflight", () => {
    const method = restMethod("api123", "/orders", "GET", {
      authorizationType: "NONE",
      httpMethod: unknown("Ref VerbParam"),
    });
    const [result] = runRule(rule, model(method));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref VerbParam");
  });
});
