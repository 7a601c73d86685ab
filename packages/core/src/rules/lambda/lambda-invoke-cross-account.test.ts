// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here
import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { ACCOUNT, arns, lambdaFunction, model, policy } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./lambda-invoke-cross-account.ts";

const withPolicy = (...statements: unknown[]) =>
  lambdaFunction("fn", { policy: policy({ Version: "2012-10-17", Statement: statements }) });
const invoke = { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: arns.fn("fn") };

describe(rule.id, () => {
  it("Compliance: the own account, the template token and a trusted account", () => {
    const fn = withPolicy(
      { ...invoke, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } },
      { ...invoke, Principal: { AWS: "${AWS::AccountId}" } },
      { ...invoke, Principal: { AWS: "210987654321" } },
    );
    const [result] = runRule(rule, model(fn), { trustedAccounts: ["210987654321"] });
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: a partner account, named in the message", () => {
    const statement = { ...invoke, Sid: "WorkerPartnerPermission", Principal: { AWS: "444455556666" } };
    const [result] = runRule(rule, model(withPolicy(statement)));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("444455556666");
    expect(result?.evidence).toEqual([
      { type: "statement", policy: "resource policy", index: 0, sid: "WorkerPartnerPermission", statement },
    ]);
  });

  it("Noncompliance: S3 in another account, through aws:SourceAccount", () => {
    const fn = withPolicy({
      ...invoke,
      Principal: { Service: "s3.amazonaws.com" },
      Condition: { StringEquals: { "AWS:SourceAccount": "999988887777" } },
    });
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("999988887777");
  });

  it("Real world: same-account service triggers and a non-invoke grant to another account do not fire", () => {
    const fn = withPolicy(
      {
        ...invoke,
        Principal: { Service: "s3.amazonaws.com" },
        Condition: {
          ArnLike: { "AWS:SourceArn": "arn:aws:s3:::uploads" },
          StringEquals: { "AWS:SourceAccount": "${AWS::AccountId}" },
        },
      },
      {
        ...invoke,
        Principal: { Service: "apigateway.amazonaws.com" },
        Condition: { ArnLike: { "AWS:SourceArn": `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/` } },
      },
      { ...invoke, Action: "lambda:GetFunction", Principal: { AWS: "444455556666" } },
    );
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a principal from an unresolved parameter", () => {
    const [result] = runRule(rule, model(withPolicy({ ...invoke, Principal: { AWS: unknown("Ref PartnerAccount") } })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref PartnerAccount");
  });
});
