import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, eventSourceMapping, lambdaFunction, model, policy } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-function-no-trigger.ts";

describe(rule.id, () => {
  it("Compliance: a queue consumer", () => {
    const results = runRule(
      rule,
      model(lambdaFunction("worker"), eventSourceMapping("m1", arns.fn("worker"), arns.queue("jobs"))),
    );
    expect(statusOf(results, "worker")).toEqual(["pass"]);
  });

  it("Noncompliance: nothing triggers it and nobody may invoke it", () => {
    const [result] = runRule(rule, model(lambdaFunction("orphan")));
    expect(result?.status).toBe("fail");
    expect(result?.severity).toBe("info");
  });

  it("Real world: a function invoked by a service from outside the model (permission only)", () => {
    const fn = lambdaFunction("cognito-trigger", {
      policy: policy({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "cognito-idp.amazonaws.com" },
            Action: "lambda:InvokeFunction",
            Resource: arns.fn("cognito-trigger"),
          },
        ],
      }),
    });
    expect(statusOf(runRule(rule, model(fn)), "cognito-trigger")).toEqual(["pass"]);
  });

  it("Undetermined: the resource policy could not be read", () => {
    const fn = lambdaFunction("denied", { policy: unknown("lambda:GetPolicy denied") });
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("lambda:GetPolicy denied");
  });
});
