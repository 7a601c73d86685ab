import { describe, expect, it } from "vitest";
import { unknown, type Value } from "../../model/value.ts";
import { model, restApi, restMethod } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./apigw-rest-cors-any-origin.ts";

const preflight = (origin: Value<string>) =>
  restMethod("api123", "/orders", "OPTIONS", { authorizationType: "NONE", corsAllowOrigin: origin });

describe(rule.id, () => {
  it("Compliance: a preflight for one front end; methods setting no CORS header are not applicable", () => {
    const results = runRule(
      rule,
      model(restApi(), restMethod("api123", "/orders", "GET"), preflight("https://app.example.com")),
    );
    expect(statusOf(results, "OPTIONS /orders")).toEqual(["pass"]);
    expect(statusOf(results, "GET /orders")).toEqual(["not_applicable"]);
  });

  it("Noncompliance: '*' on the preflight of a path whose methods take Cognito tokens or none", () => {
    const results = runRule(
      rule,
      model(
        restApi(),
        restMethod("api123", "/orders", "GET"),
        restMethod("api123", "/orders", "POST", { authorizationType: "AWS_IAM" }),
        preflight("*"),
      ),
    );
    const failed = results.find((r) => r.status === "fail");
    expect(failed?.message).toBe(
      "CORS on /orders allows any origin (\"*\"): any website's scripts can call it from a visitor's browser and read the answers",
    );
    expect(failed?.evidence).toEqual([{ type: "setting", path: "corsAllowOrigin", value: "*" }]);
  });

  it("Noncompliance: a non-proxy GET whose own response echoes the request's Origin, on a PRIVATE API too", () => {
    const echoing = restMethod("api123", "/me", "GET", {
      authorizationType: "NONE",
      corsAllowOrigin: "method.request.header.Origin",
    });
    const [result] = runRule(rule, model(restApi("api123", { endpointTypes: ["PRIVATE"] }), echoing));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("echoes the request's Origin");
  });

  it("Real world: '*' where every method on the path needs IAM-signed requests passes", () => {
    const results = runRule(
      rule,
      model(
        restApi(),
        restMethod("api123", "/orders", "POST", { authorizationType: "AWS_IAM" }),
        restMethod("api123", "/health", "GET", { authorizationType: "NONE" }),
        preflight("*"),
      ),
    );
    expect(statusOf(results, "OPTIONS /orders")).toEqual(["pass"]);
  });

  it("Undetermined: the origin could not be read, or a method on the path has an unknown authorization", () => {
    const unread = runRule(rule, model(restApi(), preflight(unknown("apigateway:GET denied"))));
    expect(unread.map((r) => r.status)).toEqual(["undetermined"]);
    const results = runRule(
      rule,
      model(
        restApi(),
        restMethod("api123", "/orders", "GET", { authorizationType: unknown("Ref AuthType") }),
        preflight("*"),
      ),
    );
    expect(statusOf(results, "OPTIONS /orders")).toEqual(["undetermined"]);
    expect(results.find((r) => r.status === "undetermined" && r.message.includes("Ref AuthType"))).toBeDefined();
  });
});
