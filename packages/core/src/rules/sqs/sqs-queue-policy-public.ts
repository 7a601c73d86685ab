import { defineRule } from "../../engine/rule.ts";
import { publicGrants } from "../../iam/public-grants.ts";
import { publicPolicyOutcome, publicRuleReading } from "../public-policy.ts";

export default defineRule({
  id: "sqs-queue-policy-public",
  title: "Queue policy lets anyone send, receive or manage messages",
  severity: "high",
  practice: 2,
  kinds: ["sqs.queue"],
  rationale:
    "A queue policy open to `*` (or to a service principal without aws:SourceArn) lets any AWS account inject " +
    "messages that the consuming function trusts, or read and delete the application's messages. Grants to " +
    "accounts, to services pinned by aws:SourceArn (SNS or EventBridge delivering to the queue) and to `*` " +
    "restricted by aws:PrincipalOrgID are not public.",
  remediation: {
    summary: "Restrict the statement to named principals, or pin service principals with aws:SourceArn.",
    cli: "aws sqs set-queue-attributes --queue-url <url> --attributes Policy=file://policy.json",
    iac: "AWS::SQS::QueuePolicy: Principal: { Service: sns.amazonaws.com }, Condition: { ArnEquals: { aws:SourceArn: <topic> } }",
  },
  mappings: { owasp: ["A5", "A6"], sas: ["SAS-3"], fsbp: ["SQS.3"] },
  check(queue) {
    return publicPolicyOutcome(
      publicGrants(queue.policy, () => true, publicRuleReading(queue)),
      "access",
    );
  },
});
