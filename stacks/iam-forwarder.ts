import { capturePatterns } from "@vigil/core";
import { IAM_EVENTS_REGION, iamForwarderRuleName } from "../packages/aws/src/doctor/names.ts";
import { vigilConfig } from "./config.ts";

const homeRegion = vigilConfig.service.homeRegion ?? aws.config.region ?? IAM_EVENTS_REGION;

/**
 * Away from us-east-1, a rule there forwards IAM's change events to the home region's default bus, where the
 * capture rule for IAM takes them like any other. EventBridge may put onto that one bus only, for this account.
 */
export const iamForwarder =
  homeRegion === IAM_EVENTS_REGION
    ? undefined
    : (() => {
        const iamPattern = capturePatterns().find((capture) => capture.name === "CloudTrailIam");
        if (!iamPattern) throw new Error("no capture pattern for IAM events");
        const usEast1 = new aws.Provider("IamEventsRegion", { region: IAM_EVENTS_REGION });
        const identity = aws.getCallerIdentityOutput({});
        const partition = aws.getPartitionOutput({});
        const homeBusArn = $interpolate`arn:${partition.partition}:events:${homeRegion}:${identity.accountId}:event-bus/default`;
        const role = new aws.iam.Role("IamForwarderRole", {
          description: "Vigil: lets EventBridge forward IAM change events to the home region",
          assumeRolePolicy: $jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": identity.accountId } },
              },
            ],
          }),
          inlinePolicies: [
            {
              name: "forward",
              policy: $jsonStringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: homeBusArn }],
              }),
            },
          ],
        });
        const rule = new aws.cloudwatch.EventRule(
          "IamForwarderRule",
          {
            // A fixed name: `vigil doctor` finds the rule by it.
            name: iamForwarderRuleName($app.name, $app.stage),
            description: `Vigil: IAM change events to the default bus of ${homeRegion}`,
            eventPattern: JSON.stringify(iamPattern.pattern),
          },
          { provider: usEast1 },
        );
        new aws.cloudwatch.EventTarget(
          "IamForwarderTarget",
          {
            rule: rule.name,
            arn: homeBusArn,
            roleArn: role.arn,
            retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
          },
          { provider: usEast1 },
        );
        return { rule, role, homeBusArn };
      })();
