import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { ACCOUNT, arns, bucket, httpRoute, lambdaFunction, model, policy, restMethod } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import confusedDeputy from "../iam/iam-resource-policy-confused-deputy.ts";
import concurrencyUncapped from "./lambda-concurrency-uncapped.ts";
import rule from "./lambda-public-trigger-uncapped.ts";

const openUrl = { url: { authType: "NONE" as const, invokeMode: "BUFFERED" as const } };
const openMethod = (fn: string) =>
  restMethod("api123", "/orders", "POST", { authorizationType: "NONE", integrationFunctionArn: arns.fn(fn) });
const invokePolicy = (statement: Record<string, unknown>) =>
  policy({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: arns.fn("fn"), ...statement }],
  });

describe(rule.id, () => {
  it("Compliance: a public URL with a reservation, a switched-off function, an uncapped private function", () => {
    const results = runRule(
      rule,
      model(
        lambdaFunction("capped", openUrl),
        lambdaFunction("off", { ...openUrl, reservedConcurrency: 0 }),
        lambdaFunction("private", { reservedConcurrency: undefined }),
      ),
    );
    expect(statusOf(results, "capped")).toEqual(["pass"]);
    expect(statusOf(results, "off")).toEqual(["pass"]);
    expect(statusOf(results, "private")).toEqual(["pass"]);
  });

  it("Noncompliance: an unauthenticated REST method and a public resource policy, each with no reservation", () => {
    const results = runRule(
      rule,
      model(
        lambdaFunction("api", { reservedConcurrency: undefined }),
        openMethod("api"),
        lambdaFunction("fn", { reservedConcurrency: undefined, policy: invokePolicy({ Principal: "*" }) }),
      ),
    );
    const api = results.find((r) => r.resourceName === "api");
    expect(api?.status).toBe("fail");
    expect(api?.message).toContain("REST method POST /orders");
    expect(api?.evidence).toEqual([{ type: "setting", path: "reservedConcurrency", value: null }]);
    expect(results.find((r) => r.resourceName === "fn")?.message).toContain("resource policy statement 0");
  });

  it("Real world: a JWT-authorized route and a pinned API Gateway permission are not public; the two concurrency rules never both judge", () => {
    const fn = lambdaFunction("fn", {
      reservedConcurrency: undefined,
      policy: invokePolicy({
        Principal: { Service: "apigateway.amazonaws.com" },
        Condition: { ArnLike: { "AWS:SourceArn": `arn:aws:execute-api:us-east-1:${ACCOUNT}:http123/*/GET/orders` } },
      }),
    });
    const route = httpRoute("http123", "GET /orders", { integrationFunctionArn: fn.arn });
    const exposed = lambdaFunction("open", { ...openUrl, reservedConcurrency: undefined });
    const resources = model(fn, route, exposed);
    expect(statusOf(runRule(rule, resources), "fn")).toEqual(["pass"]);
    expect(statusOf(runRule(concurrencyUncapped, resources), "fn")).toEqual(["fail"]);
    expect(statusOf(runRule(rule, resources), "open")).toEqual(["fail"]);
    expect(statusOf(runRule(concurrencyUncapped, resources), "open")).toEqual(["pass"]);
  });

  it("Undetermined: a public URL with a reservation from a parameter, and a URL whose existence is unknown", () => {
    const results = runRule(
      rule,
      model(
        lambdaFunction("param", { ...openUrl, reservedConcurrency: unknown("Ref Reserved") }),
        lambdaFunction("config", {
          url: unknown("AWS Config does not record function URLs"),
          reservedConcurrency: undefined,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["undetermined", "undetermined"]);
    expect(results[0]?.message).toContain("Ref Reserved");
    expect(results[1]?.message).toContain("AWS Config");
  });

  it("Noncompliance: invoked by the notifications of a bucket anyone can write into; confined by the block, it passes", () => {
    const uploads = (restrictPublicBuckets: boolean) =>
      bucket("uploads", {
        policy: policy({
          Statement: [
            { Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: `${arns.bucket("uploads")}/*` },
          ],
        }),
        publicAccessBlock: {
          blockPublicAcls: false,
          ignorePublicAcls: false,
          blockPublicPolicy: false,
          restrictPublicBuckets,
        },
        notifications: [{ targetType: "lambda", targetArn: arns.fn("thumbs"), events: ["s3:ObjectCreated:*"] }],
      });
    const thumbs = lambdaFunction("thumbs", { reservedConcurrency: undefined });
    const [open] = runRule(rule, model(thumbs, uploads(false)));
    expect(open).toMatchObject({ status: "fail", message: expect.stringContaining("a bucket anyone can write into") });
    expect(statusOf(runRule(rule, model(thumbs, uploads(true))), "thumbs")).toEqual(["pass"]);
  });

  it("Real world: a service granted invoke without a source condition is a confused deputy, not anyone", () => {
    const unpinned = lambdaFunction("fn", {
      reservedConcurrency: undefined,
      policy: invokePolicy({ Principal: { Service: "s3.amazonaws.com" } }),
    });
    expect(statusOf(runRule(rule, model(unpinned)), "fn")).toEqual(["pass"]);
    expect(statusOf(runRule(confusedDeputy, model(unpinned)), "fn")).toEqual(["fail"]);
  });
});
