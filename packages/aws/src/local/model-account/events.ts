import {
  type DescribeRuleCommandInput,
  type DescribeRuleCommandOutput,
  type ListEventBusesCommandInput,
  type ListEventBusesCommandOutput,
  type ListRuleNamesByTargetCommandInput,
  type ListRuleNamesByTargetCommandOutput,
  type ListRulesCommandInput,
  type ListRulesCommandOutput,
  type ListTagsForResourceCommandInput,
  type ListTagsForResourceCommandOutput,
  type ListTargetsByRuleCommandInput,
  type ListTargetsByRuleCommandOutput,
  ResourceNotFoundException,
  type Rule,
  type Target,
} from "@aws-sdk/client-eventbridge";
import {
  failure,
  type KnownOfKind,
  lastSegment,
  page,
  pageSize,
  type Reply,
  type ServedAccount,
  type ServiceAnswers,
  tagList,
} from "./served.ts";

type KnownRule = KnownOfKind<"events.rule">;

function notFound(message: string): ResourceNotFoundException {
  return new ResourceNotFoundException(failure(400, message));
}

/** The region's buses: the default one, and those its rules are on. */
function busNames(account: ServedAccount): string[] {
  return [...new Set(["default", ...account.regional("events.rule").map((r) => r.eventBusName)])];
}

/** The bus an `EventBusName` parameter names (a name or an ARN; the default bus when absent). */
function busNamed(account: ServedAccount, nameOrArn: string | undefined): string {
  const name = nameOrArn === undefined ? "default" : lastSegment(nameOrArn, "/");
  if (!busNames(account).includes(name)) throw notFound(`Event bus ${name} does not exist.`);
  return name;
}

function rulesOn(account: ServedAccount, bus: string): KnownRule[] {
  return account.regional("events.rule").filter((r) => r.eventBusName === bus);
}

function ruleNamed(account: ServedAccount, name: string | undefined, busName: string | undefined): KnownRule {
  const bus = busNamed(account, busName);
  const rule = rulesOn(account, bus).find((r) => r.name === name);
  if (!rule) throw notFound(`Rule ${name} does not exist on EventBus ${bus}.`);
  return rule;
}

function ruleOf(rule: KnownRule): Rule {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventBusName: rule.eventBusName,
    State: rule.state,
    ...(rule.eventPattern !== undefined && { EventPattern: JSON.stringify(rule.eventPattern) }),
    ...(rule.scheduleExpression !== undefined && { ScheduleExpression: rule.scheduleExpression }),
  };
}

function targetOf(target: KnownRule["targets"][number]): Target {
  const retry = {
    ...(target.maximumRetryAttempts !== undefined && { MaximumRetryAttempts: target.maximumRetryAttempts }),
    ...(target.maximumEventAgeSeconds !== undefined && { MaximumEventAgeInSeconds: target.maximumEventAgeSeconds }),
  };
  return {
    Id: target.id,
    Arn: target.arn,
    ...(target.deadLetterTarget !== undefined && { DeadLetterConfig: { Arn: target.deadLetterTarget } }),
    ...(Object.keys(retry).length > 0 && { RetryPolicy: retry }),
  };
}

/** A page of NextToken-paged items, at most `Limit` (100) long. */
function tokenPage<T>(items: readonly T[], input: { NextToken?: string; Limit?: number }) {
  const listed = page(items, input.NextToken, pageSize(input.Limit, 100, 100));
  return { items: listed.items, ...(listed.next && { NextToken: listed.next }) };
}

export const eventsAnswers: ServiceAnswers = {
  ListEventBuses: (input: ListEventBusesCommandInput, account): Reply<ListEventBusesCommandOutput> => {
    const buses = busNames(account)
      .filter((name) => name.startsWith(input.NamePrefix ?? ""))
      .map((Name) => ({
        Name,
        Arn: `arn:${account.partition}:events:${account.region}:${account.account}:event-bus/${Name}`,
      }));
    const { items, ...next } = tokenPage(buses, input);
    return { EventBuses: items, ...next };
  },
  ListRules: (input: ListRulesCommandInput, account): Reply<ListRulesCommandOutput> => {
    const rules = rulesOn(account, busNamed(account, input.EventBusName)).filter((r) =>
      r.name.startsWith(input.NamePrefix ?? ""),
    );
    const { items, ...next } = tokenPage(rules.map(ruleOf), input);
    return { Rules: items, ...next };
  },
  DescribeRule: (input: DescribeRuleCommandInput, account): Reply<DescribeRuleCommandOutput> => ({
    ...ruleOf(ruleNamed(account, input.Name, input.EventBusName)),
    CreatedBy: account.account,
  }),
  ListTargetsByRule: (input: ListTargetsByRuleCommandInput, account): Reply<ListTargetsByRuleCommandOutput> => {
    const rule = ruleNamed(account, input.Rule, input.EventBusName);
    const { items, ...next } = tokenPage(rule.targets.map(targetOf), input);
    return { Targets: items, ...next };
  },
  ListRuleNamesByTarget: (
    input: ListRuleNamesByTargetCommandInput,
    account,
  ): Reply<ListRuleNamesByTargetCommandOutput> => {
    const rules = rulesOn(account, busNamed(account, input.EventBusName)).filter((r) =>
      r.targets.some((t) => t.arn === input.TargetArn),
    );
    const { items, ...next } = tokenPage(
      rules.map((r) => r.name),
      input,
    );
    return { RuleNames: items, ...next };
  },
  ListTagsForResource: (input: ListTagsForResourceCommandInput, account): Reply<ListTagsForResourceCommandOutput> => {
    const rule = account.regional("events.rule").find((r) => r.arn === input.ResourceARN);
    if (!rule) throw notFound(`Rule ${lastSegment(input.ResourceARN ?? "", "/")} does not exist.`);
    return { Tags: tagList(rule.tags) };
  },
};
