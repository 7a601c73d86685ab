import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { queue } from "../../testing/builders.ts";
import remediation from "./sqs-queue-unencrypted.remediation.ts";

describe(`${remediation.ruleId} remediation`, () => {
  it("enables SSE-SQS by the queue's URL, undone by disabling it", () => {
    const jobs = queue("jobs", { encryption: "none" });
    const plan = remediation.plan(jobs);
    const [, , , region, account] = jobs.arn.split(":");
    expect(plan?.calls).toEqual([
      {
        service: "sqs",
        operation: "SetQueueAttributes",
        input: {
          QueueUrl: `https://sqs.${region}.amazonaws.com/${account}/jobs`,
          Attributes: { SqsManagedSseEnabled: "true" },
        },
        iamAction: "sqs:SetQueueAttributes",
      },
    ]);
    expect(plan?.undo[0]?.input).toMatchObject({ Attributes: { SqsManagedSseEnabled: "false" } });
  });

  it("plans nothing for an encrypted queue, an unknown setting or a template ARN", () => {
    expect(remediation.plan(queue("jobs"))).toBeUndefined();
    expect(remediation.plan(queue("jobs", { encryption: unknown("denied") }))).toBeUndefined();
    expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation token, literal text
      remediation.plan(queue("jobs", { encryption: "none", arn: "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:jobs" })),
    ).toBeUndefined();
  });
});
