import { defineRule } from "../../engine/rule.ts";
import { publicGrants } from "../../iam/public-grants.ts";
import { publicPolicyOutcome, publicRuleReading } from "../public-policy.ts";

export default defineRule({
  id: "sns-topic-policy-public",
  title: "Topic policy lets anyone publish, subscribe or manage the topic",
  severity: "high",
  practice: 2,
  kinds: ["sns.topic"],
  rationale:
    "A topic policy open to `*` (or to a service principal without aws:SourceArn) lets any AWS account publish " +
    "messages that subscribed functions process as trusted, or subscribe its own endpoint and receive the " +
    "application's events. Grants to accounts, to services pinned by aws:SourceArn (S3 or EventBridge publishing " +
    "to the topic) and to `*` restricted by aws:PrincipalOrgID are not public.",
  remediation: {
    summary: "Restrict the statement to named principals, or pin service principals with aws:SourceArn.",
    cli: "aws sns set-topic-attributes --topic-arn <arn> --attribute-name Policy --attribute-value file://policy.json",
    iac: "AWS::SNS::TopicPolicy: Principal: { Service: s3.amazonaws.com }, Condition: { ArnLike: { aws:SourceArn: <bucket> } }",
  },
  mappings: { owasp: ["A5", "A6"], sas: ["SAS-3"], fsbp: ["SNS.4"] },
  check(topic) {
    return publicPolicyOutcome(
      publicGrants(topic.policy, () => true, publicRuleReading(topic)),
      "access",
    );
  },
});
