import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "sqs-queue-unencrypted",
  title: "SQS queue is not encrypted at rest",
  severity: "medium",
  practice: 6,
  kinds: ["sqs.queue"],
  rationale:
    "Messages often carry the same personal or business data as the tables they feed. A queue with server-side " +
    "encryption disabled stores them in plaintext; SSE-SQS costs nothing and SSE-KMS adds key-level access control " +
    "and an audit trail of every decrypt.",
  remediation: {
    summary: "Enable server-side encryption on the queue: SSE-SQS, or SSE-KMS with a customer managed key.",
    cli: "aws sqs set-queue-attributes --queue-url <url> --attributes SqsManagedSseEnabled=true",
    iac: "AWS::SQS::Queue: SqsManagedSseEnabled: true  (or KmsMasterKeyId: !Ref QueueKey)",
  },
  mappings: { owasp: ["A3"], sas: ["SAS-3"], fsbp: ["SQS.1"] },
  check(queue) {
    const { encryption } = queue;
    if (isUnknown(encryption)) return undetermined("the queue's encryption", encryption);
    if (encryption === "none") {
      return fail("server-side encryption is disabled on the queue", setting("encryption", encryption));
    }
    return pass(encryption === "kms" ? "encrypted with a KMS key" : "encrypted with SQS-managed keys (SSE-SQS)");
  },
});
