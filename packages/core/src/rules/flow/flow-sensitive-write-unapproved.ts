import { z } from "zod";
import { defineRule } from "../../engine/rule.ts";
import {
  approvedFlowsOption,
  isSensitiveStore,
  SENSITIVE_TAG,
  sensitiveStoresOption,
  WRITES_TAG,
} from "../../model/declared-flows.ts";
import { undeclaredWritesOutcome } from "../undeclared-writes.ts";

export default defineRule({
  id: "flow-sensitive-write-unapproved",
  title: "Function can write a sensitive data store without an approved flow",
  severity: "high",
  practice: 7,
  kinds: ["lambda.function"],
  context: ["data-stores", "triggers"],
  rationale:
    `A store tagged \`${SENSITIVE_TAG}=true\` (or listed in the sensitiveStores option) holds data whose every ` +
    "writer must be known. A function whose role can write it — through a scoped grant or a wildcard such as " +
    `\`dynamodb:*\` on \`*\` — must declare the flow with its \`${WRITES_TAG}\` tag or an approvedFlows entry; ` +
    "otherwise a new write edge (what `vigil map --diff` shows as a new flow) reaches sensitive data unreviewed.",
  remediation: {
    summary: `Remove the write permission, or declare the flow with the function's ${WRITES_TAG} tag after review.`,
    steps: [
      "Scope the role's statements so that only functions meant to write the store can.",
      `If the write is intended, tag the function: ${WRITES_TAG}=<store name or logical id>, or add`,
      "`{ function, store }` to rules.flow-sensitive-write-unapproved.options.approvedFlows in vigil.config.",
    ],
    cli: `aws lambda tag-resource --resource <function-arn> --tags "${WRITES_TAG}=orders"`,
  },
  mappings: { owasp: ["A3", "A5"], sas: ["SAS-4"] },
  options: z.object({ sensitiveStores: sensitiveStoresOption, approvedFlows: approvedFlowsOption }),
  check(fn, { model, options }) {
    return undeclaredWritesOutcome(
      model,
      fn,
      (store) => isSensitiveStore(store, options.sensitiveStores),
      options.approvedFlows,
      "sensitive store",
    );
  },
});
