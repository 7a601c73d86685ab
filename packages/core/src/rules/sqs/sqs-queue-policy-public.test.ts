import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { ACCOUNT, arns, model, policy, queue } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./sqs-queue-policy-public.ts";

const withPolicy = (...statements: unknown[]) =>
  queue("jobs", { policy: policy({ Version: "2012-10-17", Statement: statements }) });
const send = { Effect: "Allow", Action: "sqs:SendMessage", Resource: arns.queue("jobs") };

describe(rule.id, () => {
  it("Compliance: no queue policy", () => {
    const [result] = runRule(rule, model(queue("jobs")));
    expect(result?.status).toBe("pass");
  });

  it('Noncompliance: {"AWS": "*"} may send with no condition', () => {
    const statement = { ...send, Principal: { AWS: "*" } };
    const [result] = runRule(rule, model(withPolicy(statement)));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "statement", policy: "resource policy", index: 0, statement }]);
  });

  it("Real world: SNS and EventBridge pinned by aws:SourceArn, an org-wide grant and an account do not fire", () => {
    const q = withPolicy(
      {
        ...send,
        Principal: { Service: "sns.amazonaws.com" },
        Condition: { ArnEquals: { "aws:SourceArn": arns.topic("events") } },
      },
      {
        ...send,
        Principal: { Service: "events.amazonaws.com" },
        Condition: { ArnEquals: { "aws:SourceArn": arns.rule("nightly") } },
      },
      { ...send, Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
      { ...send, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } },
    );
    const [result] = runRule(rule, model(q));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a condition value from an unresolved import", () => {
    const q = withPolicy({
      ...send,
      Principal: "*",
      Condition: { ArnEquals: { "aws:SourceArn": unknown("Fn::ImportValue shared-topic") } },
    });
    const [result] = runRule(rule, model(q));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Fn::ImportValue shared-topic");
  });
});
