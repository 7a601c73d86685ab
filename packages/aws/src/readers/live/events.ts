import {
  DescribeRuleCommand,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  type Rule,
} from "@aws-sdk/client-eventbridge";
import { type EventRule, type Resource, unknown, type Value } from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { type LiveReader, liveOrigin, readPages, tagsNotRead } from "./shared.ts";

async function readRule(session: ReadSession, rule: Rule): Promise<EventRule> {
  const arn = rule.Arn ?? "";
  const bus = rule.EventBusName ?? "default";
  const targets = await readPages(
    session,
    "events",
    (NextToken) => new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: bus, NextToken }),
    (o) => ({ items: o.Targets, next: o.NextToken }),
  );
  let eventPattern: Value<unknown> | undefined;
  if (rule.EventPattern) {
    try {
      eventPattern = JSON.parse(rule.EventPattern);
    } catch (error) {
      eventPattern = unknown(session.invalid("events", "events:ListRules", (error as Error).message, arn));
    }
  }
  return {
    kind: "events.rule",
    id: arn,
    arn,
    name: rule.Name ?? unknown("no Name"),
    origin: liveOrigin(session.scope),
    tags: tagsNotRead("events.rule"),
    eventBusName: bus,
    ...(eventPattern !== undefined && { eventPattern }),
    ...(rule.ScheduleExpression && { scheduleExpression: rule.ScheduleExpression }),
    state: rule.State ?? unknown("no State"),
    targets: targets.failed
      ? unknown(targets.failed)
      : targets.items.map((t) => ({
          id: t.Id ?? unknown("no Id"),
          arn: t.Arn ?? unknown("no Arn"),
          ...(t.DeadLetterConfig?.Arn && { deadLetterTarget: t.DeadLetterConfig.Arn }),
          ...(t.RetryPolicy?.MaximumRetryAttempts !== undefined && {
            maximumRetryAttempts: t.RetryPolicy.MaximumRetryAttempts,
          }),
          ...(t.RetryPolicy?.MaximumEventAgeInSeconds !== undefined && {
            maximumEventAgeSeconds: t.RetryPolicy.MaximumEventAgeInSeconds,
          }),
        })),
  };
}

async function sweep(session: ReadSession): Promise<Resource[]> {
  const progress = session.progress("events.rule", "events");
  const buses = await readPages(
    session,
    "events",
    (NextToken) => new ListEventBusesCommand({ NextToken }),
    (o) => ({ items: o.EventBuses, next: o.NextToken }),
  );
  // Without the bus list, the default bus's rules are still read; the other buses' are missing.
  if (buses.failed) session.incomplete("events.rule", buses.failed);
  const busNames = buses.failed ? ["default"] : buses.items.map((b) => b.Name ?? "default");
  const listed = await Promise.all(
    busNames.map((EventBusName) =>
      readPages(
        session,
        "events",
        (NextToken) => new ListRulesCommand({ EventBusName, NextToken }),
        (o) => ({ items: o.Rules, next: o.NextToken }),
      ),
    ),
  );
  for (const { failed } of listed) if (failed) session.incomplete("events.rule", failed);
  const rules = listed.flatMap((p) => p.items);
  progress.total(rules.length);
  const read = await Promise.all(
    rules.map(async (rule) => {
      const resource = await readRule(session, rule);
      progress.tick();
      return resource;
    }),
  );
  progress.finish(read.length);
  return read;
}

/** `arn:…:rule/<name>` on the default bus, `arn:…:rule/<bus>/<name>` on another. */
async function readOne(session: ReadSession, _kind: string, arn: string): Promise<Resource[]> {
  const path = arn.slice(arn.indexOf(":rule/") + ":rule/".length).split("/");
  const [EventBusName, Name] = path.length > 1 ? path : ["default", path[0]];
  const got = await session.call("events", new DescribeRuleCommand({ Name, EventBusName }), {
    resource: arn,
    absentWhen: ["ResourceNotFoundException"],
  });
  if (got.status === "absent") return [];
  if (got.status === "ok") return [await readRule(session, got.output)];
  // Not read is not gone: the rule stays, what DescribeRule holds unknown.
  const why = unknown(got.reason);
  const rule = await readRule(session, { Name, Arn: arn, EventBusName });
  return [{ ...rule, eventPattern: why, scheduleExpression: why, state: why }];
}

export const eventsReader: LiveReader = {
  service: "events",
  kinds: ["events.rule"],
  permissions: ["events:ListEventBuses", "events:ListRules", "events:ListTargetsByRule", "events:DescribeRule"],
  sweep,
  readOne,
};
