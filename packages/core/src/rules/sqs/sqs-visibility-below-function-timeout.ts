import { z } from "zod";
import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, notApplicable, type Outcome, pass, setting, undetermined } from "../../engine/rule.ts";
import { type Consumer, consumersOf } from "../../model/event-sources.ts";
import { isUnknown, knownOr, unknown } from "../../model/value.ts";

export default defineRule({
  id: "sqs-visibility-below-function-timeout",
  title: "SQS queue visibility timeout is too short for the function consuming it",
  severity: "high",
  practice: 5,
  kinds: ["sqs.queue"],
  context: ["consumers"],
  options: z.object({
    /** AWS guidance: at least six times the function timeout. */
    multiplier: z.number().positive().default(6),
  }),
  rationale:
    "When a message's visibility timeout expires while the function is still processing its batch (or retrying a " +
    "throttled invocation), SQS hands the message out again: the work runs twice or more, each copy costs an " +
    "invocation, and messages reach the dead-letter queue without ever failing. AWS advises a visibility timeout " +
    "of at least six times the function timeout.",
  remediation: {
    summary: "Raise the queue's visibility timeout to at least six times the consuming function's timeout.",
    cli: "aws sqs set-queue-attributes --queue-url <url> --attributes VisibilityTimeout=<6 x function timeout>",
    iac: "AWS::SQS::Queue: VisibilityTimeout: <6 x the function's Timeout>",
  },
  mappings: { sas: ["SAS-8", "SAS-10"] },
  check(queue, { model, options }) {
    const consumers = consumersOf(model, queue);
    if (consumers.length === 0) return notApplicable("no function consumes this queue through an event-source mapping");
    const visibility = queue.visibilityTimeoutSeconds;
    if (isUnknown(visibility)) return undetermined("the queue's visibility timeout", visibility);
    const judge = ({ mapping, fn }: Consumer): Outcome => {
      if (!fn) {
        const missing = unknown(`function ${knownOr(mapping.functionArn, "(unresolved)")} is not in the model`);
        return undetermined("the timeout of the consuming function", missing);
      }
      const fnName = isUnknown(fn.name) ? fn.arn : fn.name;
      const timeout = fn.timeoutSeconds;
      if (isUnknown(timeout)) return undetermined(`the timeout of function ${fnName}`, timeout);
      const required = options.multiplier * timeout;
      if (visibility >= required) return pass();
      return fail(
        `visibility timeout ${visibility} s is below ${options.multiplier} x the ${timeout} s timeout of ` +
          `function ${fnName} (${required} s)`,
        { type: "edge", from: queue.arn, to: fn.arn, relation: `consumed via event-source mapping ${mapping.id}` },
        setting("visibilityTimeoutSeconds", visibility),
      );
    };
    return combineOutcomes(consumers.map(judge), `visibility timeout ${visibility} s covers every consuming function`);
  },
});
