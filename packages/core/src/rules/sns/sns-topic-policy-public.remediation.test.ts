import { describe, expect, it } from "vitest";
import { arns, policy, topic } from "../../testing/builders.ts";
import remediation from "./sns-topic-policy-public.remediation.ts";

const events = arns.topic("events");
const open = { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: events };

describe(`${remediation.ruleId} remediation`, () => {
  it("replaces a policy that was only public with the owner's default statement, the original as undo", () => {
    const plan = remediation.plan(topic("events", { policy: policy({ Version: "2012-10-17", Statement: [open] }) }));
    const input = plan?.calls[0]?.input as { TopicArn: string; AttributeName: string; AttributeValue: string };
    expect(input).toMatchObject({ TopicArn: events, AttributeName: "Policy" });
    const [statement] = JSON.parse(input.AttributeValue).Statement;
    expect(statement.Condition).toEqual({ StringEquals: { "AWS:SourceOwner": events.split(":")[4] } });
    const undo = (plan?.undo[0]?.input ?? {}) as { AttributeValue?: string };
    expect(JSON.parse(undo.AttributeValue ?? "{}").Statement).toEqual([open]);
  });

  it("plans nothing for a topic only its account may use", () => {
    expect(remediation.plan(topic("events"))).toBeUndefined();
  });
});
