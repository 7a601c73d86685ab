import { capturePatterns } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { iamForwarderRuleName } from "../packages/aws/src/doctor/names.ts";
import { runApp } from "./harness.ts";

describe("IAM events away from us-east-1", () => {
  it("forwards IAM's change events from us-east-1 to the home region's default bus", async () => {
    const app = await runApp({ stage: "test", region: "eu-west-1" });
    const provider = app.get("IamEventsRegion", "pulumi:providers:aws");
    expect(provider.inputs.region).toBe("us-east-1");

    const rule = app.get("IamForwarderRule", "aws:cloudwatch/eventRule:EventRule");
    const iam = capturePatterns().find((capture) => capture.name === "CloudTrailIam");
    expect(JSON.parse(String(rule.inputs.eventPattern))).toEqual(iam?.pattern);
    // `vigil doctor --stage test` finds the rule by this name (packages/aws/src/doctor/checks.ts).
    expect(rule.inputs.name).toBe("vigil-test-iam-forwarder");
    expect(rule.inputs.name).toBe(iamForwarderRuleName(app.app.name, app.app.stage));

    const homeBus = "arn:aws:events:eu-west-1:123456789012:event-bus/default";
    const role = app.get("IamForwarderRole", "aws:iam/role:Role");
    expect(app.get("IamForwarderTarget", "aws:cloudwatch/eventTarget:EventTarget").inputs).toMatchObject({
      rule: rule.outputs.name,
      arn: homeBus,
      roleArn: role.outputs.arn,
    });
    expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    const policies = role.inputs.inlinePolicies as { policy: string }[];
    expect(policies.map((p) => JSON.parse(p.policy).Statement)).toEqual([
      [{ Effect: "Allow", Action: "events:PutEvents", Resource: homeBus }],
    ]);
    // The home region still has its own IAM capture rule, which takes the forwarded events.
    expect(app.get("CaptureCloudTrailIam", "aws:cloudwatch/eventRule:EventRule").inputs.eventBusName ?? "default").toBe(
      "default",
    );
  });

  it("needs no forwarder in us-east-1", async () => {
    const app = await runApp({ stage: "test", region: "us-east-1" });
    expect(app.byType("aws:cloudwatch/eventRule:EventRule").map((rule) => rule.name)).not.toContain("IamForwarderRule");
    expect(app.byType("aws:iam/role:Role").map((role) => role.name)).not.toContain("IamForwarderRole");
  });
});
