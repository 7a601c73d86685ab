import { describe, expect, it } from "vitest";
import { arns, policy, queue } from "../../testing/builders.ts";
import remediation from "./sqs-queue-policy-public.remediation.ts";

const jobs = arns.queue("jobs");
const producer = {
  Sid: "Producer",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::123456789012:role/producer" },
  Action: "sqs:SendMessage",
  Resource: jobs,
};
const open = { Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "sqs:SendMessage", Resource: jobs };

describe(`${remediation.ruleId} remediation`, () => {
  it("removes only the public statement, the original policy as its undo", () => {
    const plan = remediation.plan(
      queue("jobs", { policy: policy({ Version: "2012-10-17", Statement: [producer, open] }) }),
    );
    expect(plan?.calls).toHaveLength(1);
    const input = plan?.calls[0]?.input as { QueueUrl: string; Attributes: { Policy: string } };
    expect(input.QueueUrl).toMatch(/^https:\/\/sqs\..+\/jobs$/);
    expect(JSON.parse(input.Attributes.Policy).Statement).toEqual([producer]);
    const undo = plan?.undo[0]?.input as { Attributes: { Policy: string } };
    expect(JSON.parse(undo.Attributes.Policy).Statement).toEqual([producer, open]);
    expect(plan?.changes).toEqual([{ path: "policy.Statement[1]", before: open, after: null }]);
  });

  it("removes the policy when nothing else remains", () => {
    const plan = remediation.plan(queue("jobs", { policy: policy({ Version: "2012-10-17", Statement: [open] }) }));
    expect(plan?.calls[0]?.input).toMatchObject({ Attributes: { Policy: "" } });
  });

  it("plans nothing for a private policy", () => {
    expect(
      remediation.plan(queue("jobs", { policy: policy({ Version: "2012-10-17", Statement: [producer] }) })),
    ).toBeUndefined();
  });
});
