import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { httpApi, httpRoute, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./apigwv2-route-no-authorizer.ts";

const open = { authorizationType: "NONE" as const };

describe(rule.id, () => {
  it("Compliance: JWT and IAM routes pass", () => {
    const results = runRule(
      rule,
      model(
        httpRoute("http123", "GET /orders"),
        httpRoute("http123", "POST /orders", { authorizationType: "AWS_IAM" }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });

  it("Noncompliance: an HTTP route and the HTTP $default route with authorization NONE", () => {
    const results = runRule(
      rule,
      model(httpApi("http123"), httpRoute("http123", "POST /orders", open), httpRoute("http123", "$default", open)),
    );
    expect(statusOf(results, "POST /orders")).toEqual(["fail"]);
    const fallback = results.find((r) => r.resourceName === "$default");
    expect(fallback?.status).toBe("fail");
    expect(fallback?.message).toContain("every unmatched request");
    expect(fallback?.evidence).toEqual([{ type: "setting", path: "authorizationType", value: "NONE" }]);
  });

  it("Noncompliance: a WebSocket $connect route without authorizer", () => {
    const ws = httpApi("ws123", { protocolType: "WEBSOCKET" });
    const results = runRule(rule, model(ws, httpRoute("ws123", "$connect", open)));
    expect(statusOf(results, "$connect")).toEqual(["fail"]);
  });

  it("Real world: the OPTIONS /{proxy+} preflight route beside an authorized ANY route does not fire", () => {
    const results = runRule(
      rule,
      model(httpRoute("http123", "ANY /{proxy+}"), httpRoute("http123", "OPTIONS /{proxy+}", open)),
    );
    expect(statusOf(results, "OPTIONS /{proxy+}")).toEqual(["not_applicable"]);
    expect(statusOf(results, "ANY /{proxy+}")).toEqual(["pass"]);
  });

  it("Real world: WebSocket message routes ($default, $disconnect, actions) cannot carry authorizers", () => {
    const ws = httpApi("ws123", { protocolType: "WEBSOCKET" });
    const results = runRule(
      rule,
      model(
        ws,
        httpRoute("ws123", "$default", open),
        httpRoute("ws123", "$disconnect", open),
        httpRoute("ws123", "sendMessage", open),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["not_applicable", "not_applicable", "not_applicable"]);
  });

  it("Undetermined: $default of an API missing from the model, and an unresolved authorization type", () => {
    const results = runRule(
      rule,
      model(
        httpRoute("elsewhere", "$default", open),
        httpRoute("http123", "GET /orders", { authorizationType: unknown("Ref AuthParam") }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["undetermined", "undetermined"]);
    expect(results[0]?.message).toContain("is not in the model");
    expect(results[1]?.message).toContain("Ref AuthParam");
  });
});
