import { z } from "zod";
import { defineRule } from "../../engine/rule.ts";
import { approvedFlowsOption, isSensitiveStore, WRITES_TAG } from "../../model/declared-flows.ts";
import { isUnknown } from "../../model/value.ts";
import { undeclaredWritesOutcome } from "../undeclared-writes.ts";

export default defineRule({
  id: "lambda-role-write-unjustified",
  title: "Function role can write a data store that nothing declares",
  severity: "medium",
  practice: 7,
  ruleset: "strict",
  kinds: ["lambda.function"],
  context: ["data-stores", "triggers"],
  rationale:
    "Each write edge from a function to a table, bucket, queue or topic is a path by which a bug or an injected " +
    `payload changes data. An edge is declared when the function's \`${WRITES_TAG}\` tag (or the approvedFlows ` +
    "option) names the store, when the store is the function's dead-letter queue or a failure / success " +
    "destination, or when the role only deletes messages of a queue mapped to it. Wildcard grants count: " +
    "`dynamodb:*` on `*` writes every table. Stores tagged vigil:sensitive=true are judged by the stricter " +
    "flow-sensitive-write-unapproved instead.",
  remediation: {
    summary: `Remove the write permission, or declare the flow with the function's ${WRITES_TAG} tag.`,
    steps: [
      "Scope the role's statements to the stores the function really writes (no service wildcards, no `*`).",
      `If the write is intended, tag the function: ${WRITES_TAG}=<store name or logical id>[,<another>].`,
    ],
    cli: `aws lambda tag-resource --resource <function-arn> --tags "${WRITES_TAG}=orders"`,
  },
  mappings: { owasp: ["A5"], sas: ["SAS-4"] },
  options: z.object({ approvedFlows: approvedFlowsOption }),
  check(fn, { model, options }) {
    return undeclaredWritesOutcome(
      model,
      fn,
      (store) => {
        // Sensitive stores are the other rule's; one whose tags are unknown may be either's.
        const sensitive = isSensitiveStore(store, []);
        return isUnknown(sensitive) ? sensitive : !sensitive;
      },
      options.approvedFlows,
      "data store",
    );
  },
});
