import {
  type GetSubscriptionAttributesCommandInput,
  type GetSubscriptionAttributesCommandOutput,
  type GetTopicAttributesCommandInput,
  type GetTopicAttributesCommandOutput,
  type ListSubscriptionsByTopicCommandInput,
  type ListSubscriptionsByTopicCommandOutput,
  type ListSubscriptionsCommandInput,
  type ListSubscriptionsCommandOutput,
  type ListTagsForResourceCommandInput,
  type ListTagsForResourceCommandOutput,
  type ListTopicsCommandInput,
  type ListTopicsCommandOutput,
  NotFoundException,
  ResourceNotFoundException,
  type Subscription,
} from "@aws-sdk/client-sns";
import {
  failure,
  type KnownOfKind,
  page,
  policyJson,
  type Reply,
  type ServedAccount,
  type ServiceAnswers,
  stableUuid,
  tagList,
} from "./served.ts";

type KnownTopic = KnownOfKind<"sns.topic">;

/** SNS pages its lists a hundred at a time, whatever the caller asks. */
const PAGE = 100;

function notFound(message: string): NotFoundException {
  return new NotFoundException(failure(404, message));
}

function topicNamed(account: ServedAccount, arn: string | undefined): KnownTopic {
  const topic = account.regional("sns.topic").find((t) => t.arn === arn);
  if (!topic) throw notFound("Topic does not exist");
  return topic;
}

/** The topic's subscriptions as SNS lists them, each with the ARN SNS minted for it, and its dead-letter queue. */
function subscriptionsOf(account: ServedAccount, topic: KnownTopic) {
  return topic.subscriptions.map((s) => ({
    listed: {
      SubscriptionArn: `${topic.arn}:${stableUuid(topic.arn, s.protocol, s.endpoint)}`,
      Owner: account.account,
      Protocol: s.protocol,
      Endpoint: s.endpoint,
      TopicArn: topic.arn,
    } satisfies Subscription,
    deadLetterTarget: s.deadLetterTarget,
  }));
}

function listedPage(subscriptions: readonly Subscription[], token: string | undefined) {
  const listed = page(subscriptions, token, PAGE);
  return { Subscriptions: listed.items, ...(listed.next && { NextToken: listed.next }) };
}

export const snsAnswers: ServiceAnswers = {
  ListTopics: (input: ListTopicsCommandInput, account): Reply<ListTopicsCommandOutput> => {
    const listed = page(account.regional("sns.topic"), input.NextToken, PAGE);
    return { Topics: listed.items.map((t) => ({ TopicArn: t.arn })), ...(listed.next && { NextToken: listed.next }) };
  },
  GetTopicAttributes: (input: GetTopicAttributesCommandInput, account): Reply<GetTopicAttributesCommandOutput> => {
    const topic = topicNamed(account, input.TopicArn);
    return {
      Attributes: {
        TopicArn: topic.arn,
        Owner: account.account,
        DisplayName: "",
        SubscriptionsConfirmed: String(topic.subscriptions.length),
        SubscriptionsPending: "0",
        SubscriptionsDeleted: "0",
        ...(topic.policy.statements.length > 0 && { Policy: policyJson(topic.policy) }),
        ...(topic.kmsKeyId !== undefined && { KmsMasterKeyId: topic.kmsKeyId }),
        ...(topic.fifo && { FifoTopic: "true" }),
      },
    };
  },
  ListSubscriptions: (input: ListSubscriptionsCommandInput, account): Reply<ListSubscriptionsCommandOutput> => {
    const all = account.regional("sns.topic").flatMap((t) => subscriptionsOf(account, t).map((s) => s.listed));
    return listedPage(all, input.NextToken);
  },
  ListSubscriptionsByTopic: (
    input: ListSubscriptionsByTopicCommandInput,
    account,
  ): Reply<ListSubscriptionsByTopicCommandOutput> => {
    const topic = topicNamed(account, input.TopicArn);
    return listedPage(
      subscriptionsOf(account, topic).map((s) => s.listed),
      input.NextToken,
    );
  },
  GetSubscriptionAttributes: (
    input: GetSubscriptionAttributesCommandInput,
    account,
  ): Reply<GetSubscriptionAttributesCommandOutput> => {
    const found = account
      .regional("sns.topic")
      .flatMap((t) => subscriptionsOf(account, t))
      .find((s) => s.listed.SubscriptionArn === input.SubscriptionArn);
    if (!found) throw notFound("Subscription does not exist");
    const { listed, deadLetterTarget } = found;
    return {
      Attributes: {
        SubscriptionArn: listed.SubscriptionArn,
        TopicArn: listed.TopicArn,
        Owner: listed.Owner,
        Protocol: listed.Protocol,
        Endpoint: listed.Endpoint,
        ConfirmationWasAuthenticated: "true",
        PendingConfirmation: "false",
        RawMessageDelivery: "false",
        ...(deadLetterTarget !== undefined && {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterTarget }),
        }),
      },
    };
  },
  ListTagsForResource: (input: ListTagsForResourceCommandInput, account): Reply<ListTagsForResourceCommandOutput> => {
    const topic = account.regional("sns.topic").find((t) => t.arn === input.ResourceArn);
    // Unlike the topic calls (NotFound), the tagging calls answer a missing topic with ResourceNotFound.
    if (!topic) {
      throw new ResourceNotFoundException(
        failure(404, "Can't perform the action on the specified resource. Make sure that the resource exists."),
      );
    }
    return { Tags: tagList(topic.tags) };
  },
};
