import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, restApi, restMethod } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./apigw-rest-no-request-validation.ts";

const validators = [
  { id: "body", validateBody: true, validateParameters: false },
  { id: "params", validateBody: false, validateParameters: true },
];

describe(rule.id, () => {
  it("Compliance: a POST whose validator checks the body", () => {
    const results = runRule(rule, model(restApi(), restMethod("api123", "/orders", "POST")));
    expect(results.map((r) => r.status)).toEqual(["pass"]);
  });

  it("Noncompliance: a PUT without validator, a PATCH whose validator checks parameters only", () => {
    const results = runRule(
      rule,
      model(
        restApi("api123", { requestValidators: validators }),
        restMethod("api123", "/orders", "PUT", { requestValidatorId: undefined }),
        restMethod("api123", "/orders", "PATCH", { requestValidatorId: "params" }),
      ),
    );
    const put = results.find((r) => r.resourceName === "PUT /orders");
    expect(put?.status).toBe("fail");
    expect(put?.evidence).toEqual([{ type: "setting", path: "requestValidatorId", value: null }]);
    const patch = results.find((r) => r.resourceName === "PATCH /orders");
    expect(patch?.status).toBe("fail");
    expect(patch?.message).toContain("params does not validate the body");
  });

  it("Real world: GET and DELETE methods without validator do not fire", () => {
    const results = runRule(
      rule,
      model(
        restApi(),
        restMethod("api123", "/orders", "GET", { requestValidatorId: undefined }),
        restMethod("api123", "/orders", "DELETE", { requestValidatorId: undefined }),
      ),
    );
    expect(statusOf(results, "GET /orders")).toEqual(["not_applicable"]);
    expect(statusOf(results, "DELETE /orders")).toEqual(["not_applicable"]);
  });

  it("Undetermined: a validator the model does not hold, and an unresolved validator id", () => {
    const results = runRule(
      rule,
      model(
        restApi("api123", { requestValidators: [] }),
        restMethod("api123", "/orders", "POST", { requestValidatorId: "imported" }),
        restMethod("api123", "/orders", "PUT", { requestValidatorId: unknown("Ref ValidatorParam") }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["undetermined", "undetermined"]);
    expect(results[0]?.message).toContain("not in the model");
    expect(results[1]?.message).toContain("Ref ValidatorParam");
  });
});
