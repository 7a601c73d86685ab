import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  type Subscription,
} from "@aws-sdk/client-sns";
import { type Resource, type SnsSubscription, type SnsTopic, unknown, type Value } from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { type LiveReader, liveOrigin, readPages, readPolicy, tagMap, tagsOfCall } from "./shared.ts";

const NOT_FOUND = ["NotFoundException", "NotFound"];
/** A deleted topic: its attribute and subscription calls answer NotFound, its tag call ResourceNotFound. */
const TOPIC_NOT_FOUND = [...NOT_FOUND, "ResourceNotFoundException"];

/** A subscription with its dead-letter queue, which only the subscription's attributes hold. */
async function readSubscription(session: ReadSession, s: Subscription): Promise<SnsSubscription> {
  const base = { protocol: s.Protocol ?? unknown("no Protocol"), endpoint: s.Endpoint ?? unknown("no Endpoint") };
  // Unconfirmed subscriptions have no ARN to read and deliver nothing.
  if (!s.SubscriptionArn?.startsWith("arn:")) return base;
  const got = await session.call("sns", new GetSubscriptionAttributesCommand({ SubscriptionArn: s.SubscriptionArn }), {
    resource: s.SubscriptionArn,
    absentWhen: NOT_FOUND,
  });
  if (got.status === "failed") return { ...base, deadLetterTarget: unknown(got.reason) };
  const redrive = got.status === "ok" ? got.output.Attributes?.RedrivePolicy : undefined;
  if (!redrive) return base;
  try {
    const target = (JSON.parse(redrive) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    return target ? { ...base, deadLetterTarget: target } : base;
  } catch (error) {
    const message = `RedrivePolicy: ${(error as Error).message}`;
    return { ...base, deadLetterTarget: unknown(session.invalid("sns", "sns:GetSubscriptionAttributes", message)) };
  }
}

/**
 * One topic. Rules read its tags, which GetTopicAttributes lacks: a targeted read asks ListTagsForResource, a sweep
 * takes them from the Tagging API for the whole region.
 */
async function readTopic(
  session: ReadSession,
  arn: string,
  subscriptions: Value<readonly SnsSubscription[]>,
  { readTags }: { readTags: boolean },
): Promise<SnsTopic | undefined> {
  const options = { resource: arn, absentWhen: TOPIC_NOT_FOUND };
  const [got, tagged] = await Promise.all([
    session.call("sns", new GetTopicAttributesCommand({ TopicArn: arn }), options),
    readTags ? session.call("sns", new ListTagsForResourceCommand({ ResourceArn: arn }), options) : undefined,
  ]);
  // Deleted, maybe while being read.
  if (got.status === "absent" || tagged?.status === "absent") return undefined;
  const name = arn.slice(arn.lastIndexOf(":") + 1);
  const base = {
    kind: "sns.topic" as const,
    id: arn,
    arn,
    name,
    origin: liveOrigin(session.scope),
    tags: tagsOfCall(tagged, (o) => tagMap(o.Tags)),
    fifo: name.endsWith(".fifo"),
    subscriptions,
  };
  if (got.status === "failed") return { ...base, policy: unknown(got.reason), kmsKeyId: unknown(got.reason) };
  const a = got.output.Attributes ?? {};
  return {
    ...base,
    policy: readPolicy(session, "sns", "sns:GetTopicAttributes", a.Policy, arn),
    ...(a.KmsMasterKeyId && { kmsKeyId: a.KmsMasterKeyId }),
  };
}

interface TopicSubscriptions {
  /** The subscriptions of one topic; unknown when the list failed. */
  readonly of: (topicArn: string) => Value<readonly SnsSubscription[]>;
  /** The topic listed from (a targeted read's) does not exist. */
  readonly absent: boolean;
}

/** The subscriptions of one topic (a targeted read), or of every topic of the region (a sweep). */
async function subscriptionsByTopic(session: ReadSession, topicArn?: string): Promise<TopicSubscriptions> {
  const listed = topicArn
    ? await readPages(
        session,
        "sns",
        (NextToken) => new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }),
        (o) => ({ items: o.Subscriptions, next: o.NextToken }),
        { resource: topicArn, absentWhen: TOPIC_NOT_FOUND },
      )
    : await readPages(
        session,
        "sns",
        (NextToken) => new ListSubscriptionsCommand({ NextToken }),
        (o) => ({ items: o.Subscriptions, next: o.NextToken }),
      );
  const subscriptions = await Promise.all(listed.items.map((s) => readSubscription(session, s)));
  const byTopic = new Map<string, SnsSubscription[]>();
  listed.items.forEach((s, i) => {
    const list = byTopic.get(s.TopicArn ?? "") ?? [];
    list.push(subscriptions[i]!);
    byTopic.set(s.TopicArn ?? "", list);
  });
  return {
    of: (arn) => (listed.failed ? unknown(listed.failed) : (byTopic.get(arn) ?? [])),
    absent: listed.absent === true,
  };
}

/** Topics with their subscriptions, listed once for the whole region rather than once per topic. */
async function sweep(session: ReadSession): Promise<Resource[]> {
  const progress = session.progress("sns.topic", "sns");
  const [topics, subscriptions] = await Promise.all([
    readPages(
      session,
      "sns",
      (NextToken) => new ListTopicsCommand({ NextToken }),
      (o) => ({ items: o.Topics, next: o.NextToken }),
    ),
    subscriptionsByTopic(session),
  ]);
  if (topics.failed) session.incomplete("sns.topic", topics.failed);
  progress.total(topics.items.length);
  const read = await Promise.all(
    topics.items.map(async (t) => {
      const topic = await readTopic(session, t.TopicArn ?? "", subscriptions.of(t.TopicArn ?? ""), {
        readTags: false,
      });
      progress.tick();
      return topic;
    }),
  );
  const found = read.filter((t) => t !== undefined);
  progress.finish(found.length);
  return found;
}

/** A topic by ARN; [] when it does not exist, which a NotFound on any of the topic's own calls means. */
async function readOne(session: ReadSession, _kind: string, arn: string): Promise<Resource[]> {
  const subscriptions = await subscriptionsByTopic(session, arn);
  if (subscriptions.absent) return [];
  const topic = await readTopic(session, arn, subscriptions.of(arn), { readTags: true });
  return topic ? [topic] : [];
}

export const snsReader: LiveReader = {
  service: "sns",
  kinds: ["sns.topic"],
  permissions: [
    "sns:ListTopics",
    "sns:GetTopicAttributes",
    "sns:ListSubscriptions",
    "sns:ListSubscriptionsByTopic",
    "sns:GetSubscriptionAttributes",
    "sns:ListTagsForResource",
  ],
  sweep,
  readOne,
};
