import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-required-tags-missing.ts";

describe(rule.id, () => {
  it("Compliance: an owner tag, in any case", () => {
    const results = runRule(
      rule,
      model(lambdaFunction("a", { tags: { owner: "payments" } }), lambdaFunction("b", { tags: { Owner: "search" } })),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });

  it("Noncompliance: no tags, and an empty owner", () => {
    const results = runRule(rule, model(lambdaFunction("bare"), lambdaFunction("empty", { tags: { owner: " " } })));
    expect(statusOf(results, "bare")).toEqual(["fail"]);
    expect(statusOf(results, "empty")).toEqual(["fail"]);
    expect(results[0]?.evidence).toEqual([{ type: "setting", path: "tags.owner", value: null }]);
  });

  it("Noncompliance: every missing key of a configured list is named", () => {
    const fn = lambdaFunction("partial", { tags: { owner: "payments" } });
    const [result] = runRule(rule, model(fn), { options: { requiredTags: ["owner", "app", "environment"] } });
    expect(result?.message).toBe("missing tag(s): app, environment");
  });

  it("Undetermined: tags that could not be read are neither present nor missing", () => {
    const fn = lambdaFunction("unread", { tags: unknown("tag:GetResources denied") });
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toBe("cannot evaluate: the function's tags is unknown (tag:GetResources denied)");
  });

  it("Real world: CloudFormation's own aws: tags do not stand in for an owner", () => {
    const fn = lambdaFunction("cfn", { tags: { "aws:cloudformation:stack-name": "orders" } });
    expect(statusOf(runRule(rule, model(fn)), "cfn")).toEqual(["fail"]);
  });
});
