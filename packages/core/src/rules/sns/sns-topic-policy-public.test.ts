import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { ACCOUNT, arns, model, policy, topic } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./sns-topic-policy-public.ts";

const withPolicy = (...statements: unknown[]) =>
  topic("events", { policy: policy({ Version: "2012-10-17", Statement: statements }) });
const publish = { Effect: "Allow", Action: "sns:Publish", Resource: arns.topic("events") };

describe(rule.id, () => {
  it("Compliance: no topic policy", () => {
    const [result] = runRule(rule, model(topic("events")));
    expect(result?.status).toBe("pass");
  });

  it('Noncompliance: "*" may publish', () => {
    const statement = { ...publish, Sid: "Open", Principal: "*" };
    const [result] = runRule(rule, model(withPolicy(statement)));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("Open");
    expect(result?.evidence).toEqual([
      { type: "statement", policy: "resource policy", index: 0, sid: "Open", statement },
    ]);
  });

  it("Real world: S3 pinned by aws:SourceArn and aws:SourceAccount, an org-wide grant, an account, a Deny", () => {
    const t = withPolicy(
      {
        ...publish,
        Principal: { Service: "s3.amazonaws.com" },
        Condition: {
          ArnLike: { "aws:SourceArn": "arn:aws:s3:::uploads" },
          StringEquals: { "aws:SourceAccount": ACCOUNT },
        },
      },
      { ...publish, Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
      { ...publish, Principal: { AWS: ACCOUNT } },
      { ...publish, Effect: "Deny", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
    );
    const [result] = runRule(rule, model(t));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: the policy document could not be read", () => {
    const [result] = runRule(rule, model(topic("events", { policy: unknown("sns:GetTopicAttributes denied") })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("sns:GetTopicAttributes denied");
  });
});
