// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here
import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { ACCOUNT, arns, lambdaFunction, model, policy } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./lambda-policy-public.ts";
import urlAuthNone from "./lambda-url-auth-none.ts";

const withPolicy = (...statements: unknown[]) =>
  lambdaFunction("fn", { policy: policy({ Version: "2012-10-17", Statement: statements }) });
const invoke = { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: arns.fn("fn") };

describe(rule.id, () => {
  it("Compliance: an empty policy", () => {
    const [result] = runRule(rule, model(lambdaFunction("fn")));
    expect(result?.status).toBe("pass");
  });

  const urlPermission = {
    Sid: "WorkerUrlPermission",
    Effect: "Allow",
    Principal: "*",
    Action: "lambda:InvokeFunctionUrl",
    Resource: arns.fn("fn"),
    Condition: { StringEquals: { "lambda:FunctionUrlAuthType": "NONE" } },
  };

  it("Noncompliance: InvokeFunctionUrl to * with FunctionUrlAuthType NONE where the URL is unknown, the statement as evidence", () => {
    const statement = urlPermission;
    const fn = { ...withPolicy(statement), url: unknown("AWS Config does not record function URLs") };
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("WorkerUrlPermission");
    expect(result?.evidence).toEqual([
      { type: "statement", policy: "resource policy", index: 0, sid: "WorkerUrlPermission", statement },
    ]);
  });

  it("Real world: an unpinned service principal is a confused deputy (its own rule's finding), not anyone", () => {
    const [result] = runRule(
      rule,
      model(withPolicy({ ...invoke, Action: "lambda:*", Principal: { Service: "s3.amazonaws.com" } })),
    );
    expect(result?.status).toBe("pass");
  });

  it("Real world: pinned service principals and an organization-wide grant do not fire", () => {
    const fn = withPolicy(
      {
        ...invoke,
        Principal: { Service: "apigateway.amazonaws.com" },
        Condition: { ArnLike: { "AWS:SourceArn": `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/POST/orders` } },
      },
      {
        ...invoke,
        Principal: { Service: "s3.amazonaws.com" },
        Condition: {
          ArnLike: { "AWS:SourceArn": "arn:aws:s3:::uploads" },
          StringEquals: { "AWS:SourceAccount": ACCOUNT },
        },
      },
      {
        ...invoke,
        Principal: { Service: "events.amazonaws.com" },
        Condition: { ArnLike: { "AWS:SourceArn": arns.rule("nightly") } },
      },
      { ...invoke, Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
      { ...invoke, Principal: { AWS: "444455556666" } },
      { ...invoke, Action: "lambda:GetFunction", Principal: "*" },
    );
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a SourceArn from an unresolved parameter", () => {
    const fn = withPolicy({
      ...invoke,
      Principal: "*",
      Condition: { ArnLike: { "AWS:SourceArn": unknown("Ref TopicArnParameter") } },
    });
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref TopicArnParameter");
  });

  it("Real world: a known URL's own permissions are the URL's exposure (lambda-url-auth-none), not a public policy", () => {
    const viaUrl = {
      ...invoke,
      Sid: "WorkerInvokeFunction",
      Principal: "*",
      Condition: { Bool: { "lambda:InvokedViaFunctionUrl": "true" } },
    };
    const open = {
      ...withPolicy(urlPermission, viaUrl),
      url: { authType: "NONE" as const, invokeMode: "BUFFERED" as const },
    };
    expect(runRule(rule, model(open)).map((r) => r.status)).toEqual(["pass"]);
    expect(runRule(urlAuthNone, model(open)).map((r) => r.status)).toEqual(["fail"]);
    const [direct] = runRule(rule, model({ ...open, ...withPolicy(urlPermission, { ...invoke, Principal: "*" }) }));
    expect(direct?.message).toContain("statement 1");
  });
});
