import { describe, expect, it } from "vitest";
import { parsePolicyDocument } from "../../iam/normalize.ts";
import { unknown } from "../../model/value.ts";
import { model, restApi, restMethod } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./apigw-method-no-authorization.ts";

const privateApi = (condition?: Record<string, unknown>) =>
  restApi("api123", {
    endpointTypes: ["PRIVATE"],
    policy: parsePolicyDocument({
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "*", Condition: condition },
      ],
    }),
  });

describe(rule.id, () => {
  it("Compliance: Cognito and IAM methods pass", () => {
    const results = runRule(
      rule,
      model(
        restApi(),
        restMethod("api123", "/orders", "GET"),
        restMethod("api123", "/orders", "POST", { authorizationType: "AWS_IAM" }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });

  it("Compliance: NONE on a PRIVATE API that admits only its VPC endpoint", () => {
    const api = privateApi({ StringEquals: { "aws:SourceVpce": "vpce-0a1b2c3d" } });
    const method = restMethod("api123", "/orders", "GET", { authorizationType: "NONE" });
    const [result] = runRule(rule, model(api, method));
    expect(result).toMatchObject({ status: "pass", message: expect.stringContaining("private API") });
  });

  it("Noncompliance: a GET with authorization NONE", () => {
    const method = restMethod("api123", "/orders", "GET", { authorizationType: "NONE" });
    const [result] = runRule(rule, model(restApi(), method));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("GET /orders has authorizationType NONE");
    expect(result?.evidence).toEqual([{ type: "setting", path: "authorizationType", value: "NONE" }]);
  });

  it("Noncompliance: an API key is no authentication", () => {
    const method = restMethod("api123", "/partners", "GET", { authorizationType: "NONE", apiKeyRequired: true });
    const [result] = runRule(rule, model(restApi(), method));
    expect(result).toMatchObject({
      status: "fail",
      message: expect.stringContaining("API key identifies a usage plan"),
    });
  });

  it("Noncompliance: a PRIVATE API whose policy admits any VPC endpoint", () => {
    const method = restMethod("api123", "/orders", "GET", { authorizationType: "NONE" });
    const [result] = runRule(rule, model(privateApi(), method));
    expect(result?.status).toBe("fail");
  });

  it("Real world: the CORS preflight OPTIONS method (MOCK integration, no auth) does not fire", () => {
    const preflight = restMethod("api123", "/orders", "OPTIONS", { authorizationType: "NONE" });
    const results = runRule(rule, model(restApi(), preflight));
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
    const [result] = runRule(rule, model(restApi(), method));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref VerbParam");
  });

  it("Undetermined: an API whose endpoint type is unresolved, and a method whose API is outside the model", () => {
    const method = restMethod("api123", "/orders", "GET", { authorizationType: "NONE" });
    const unresolved = restApi("api123", { endpointTypes: unknown("Ref EndpointType") });
    expect(runRule(rule, model(unresolved, method))[0]).toMatchObject({
      status: "undetermined",
      message: expect.stringContaining("Ref EndpointType"),
    });
    expect(runRule(rule, model(method))[0]).toMatchObject({ status: "undetermined" });
  });
});
