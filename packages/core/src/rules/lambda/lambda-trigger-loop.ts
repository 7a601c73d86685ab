import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, type Outcome, pass, undetermined } from "../../engine/rule.ts";
import { grantsAction } from "../../iam/actions.ts";
import { actionMatches } from "../../iam/patterns.ts";
import { statementEvidence } from "../../iam/role-statements.ts";
import { flowsOf, nameOrId } from "../../model/flows.ts";
import { describeTrigger } from "../../model/invocation.ts";
import type { Resource, ResourceKind } from "../../model/resources.ts";
import { isUnknown, type Unknown } from "../../model/value.ts";

/** The action that writes an event back into each kind of source, raising a new invocation. */
const WRITE_BACK: Readonly<Partial<Record<ResourceKind, string>>> = {
  "s3.bucket": "s3:PutObject",
  "sqs.queue": "sqs:SendMessage",
  "sns.topic": "sns:Publish",
};

/** Why it is unknown which functions `store` invokes (its notifications or subscriptions were not read). */
function unreadInvocations(store: Resource): Unknown | undefined {
  if (store.kind === "s3.bucket") {
    const { notifications } = store;
    return isUnknown(notifications) ? notifications : notifications.map((n) => n.targetArn).find(isUnknown);
  }
  if (store.kind === "sns.topic") {
    const { subscriptions } = store;
    return isUnknown(subscriptions) ? subscriptions : subscriptions.map((s) => s.endpoint).find(isUnknown);
  }
  return undefined;
}

export default defineRule({
  id: "lambda-trigger-loop",
  title: "Function can write back into the bucket, queue or topic that triggers it",
  severity: "high",
  practice: 5,
  kinds: ["lambda.function"],
  context: ["triggers", "data-stores"],
  rationale:
    "A function triggered by a bucket, queue or topic whose role may put objects into that bucket, send to that " +
    "queue or publish to that topic is one bug away from invoking itself forever: each run writes the event that " +
    "starts the next. Lambda's loop detection stops some of these after ~16 rounds (unless RecursiveLoop is Allow), " +
    "at a cost; S3 key prefixes or suffixes on the notification may break the loop, but they are not in the model, " +
    "so the grant is reported.",
  remediation: {
    summary: "Write results to a different bucket, queue or topic than the one that triggers the function.",
    steps: [
      "Send the function's output to a separate store, or scope the write permission to a prefix the notification does not watch.",
      "Keep RecursiveLoop at Terminate so that Lambda stops a loop it detects.",
    ],
  },
  mappings: { owasp: ["A6"], sas: ["SAS-8", "SAS-9"] },
  check(fn, { model }) {
    const looping = model.triggersOf(fn).flatMap((trigger) => {
      const action = WRITE_BACK[trigger.source.kind];
      return action ? [{ trigger, action }] : [];
    });
    const { flows, undetermined: hidden } = flowsOf(model, fn);
    // A store the role can write back into whose own triggers were not read may be one of this function's.
    const unread = flows.flatMap((flow) => {
      const action = WRITE_BACK[flow.to.kind];
      const why =
        action && flow.actions.some((granted) => actionMatches(action, granted)) && unreadInvocations(flow.to);
      return why ? [{ store: flow.to, why }] : [];
    });
    if (looping.length === 0 && unread.length === 0) return pass("no bucket, queue or topic triggers the function");
    const parts = looping.map(({ trigger, action }): Outcome => {
      const flow = flows.find(
        (f) => f.to.id === trigger.source.id && f.actions.some((granted) => actionMatches(action, granted)),
      );
      if (!flow) return pass();
      const granting = flow.statements.filter(({ statement }) => grantsAction(statement.action, action) === true);
      return fail(
        `triggered by ${describeTrigger(trigger)} and its role may ${action} into ${nameOrId(trigger.source)}: a recursive loop`,
        { type: "edge", from: trigger.source.arn, to: fn.arn, relation: `triggers (${trigger.type})` },
        ...granting.map(statementEvidence),
      );
    });
    const [firstHidden] = hidden;
    const [firstUnread] = unread;
    const outcome = combineOutcomes(parts, "the role cannot write into any source that triggers the function");
    if (outcome.status === "pass" && firstUnread) {
      return undetermined(`whether ${nameOrId(firstUnread.store)} triggers the function`, firstUnread.why);
    }
    if (outcome.status === "pass" && firstHidden && looping.length > 0)
      return undetermined("part of the function role's permissions", firstHidden);
    return outcome;
  },
});
