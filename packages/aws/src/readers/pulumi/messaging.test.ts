import type { PolicyDocument, SnsTopic } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readPulumiResources } from "./index.ts";
import { ACCOUNT, REGION, registered } from "./testing.ts";

const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:app-production-OrdersTopic-abcdefgh`;
/** `sst.aws.SnsTopic` registers an `aws.sns.Topic`; subscribers add `aws.sns.TopicSubscription`s. */
const topic = (inputs: Record<string, unknown> = {}) =>
  registered(
    "aws:sns/topic:Topic",
    "OrdersTopic",
    { name: "app-production-OrdersTopic-abcdefgh", ...inputs },
    { arn: TOPIC_ARN, name: "app-production-OrdersTopic-abcdefgh", id: TOPIC_ARN },
  );

const readTopic = (...states: ReturnType<typeof registered>[]) =>
  readPulumiResources(states).find((r): r is SnsTopic => r.kind === "sns.topic")!;

describe("Pulumi reader: SNS topics", () => {
  it("reads a topic's subscriptions (with their dead-letter queue), its topic policy and its key", () => {
    const read = readTopic(
      topic({ kmsMasterKeyId: "alias/aws/sns" }),
      registered("aws:sns/topicSubscription:TopicSubscription", "OrdersSubscriber", {
        topic: TOPIC_ARN,
        protocol: "lambda",
        endpoint: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:app-production-Notify-abcdefgh`,
        redrivePolicy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq` }),
      }),
      registered("aws:sns/topicSubscription:TopicSubscription", "Elsewhere", {
        topic: `${TOPIC_ARN}-other`,
        protocol: "sqs",
        endpoint: "arn:x",
      }),
      registered("aws:sns/topicPolicy:TopicPolicy", "OrdersPolicy", {
        arn: TOPIC_ARN,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: TOPIC_ARN }],
        }),
      }),
    );
    expect(read).toMatchObject({
      id: TOPIC_ARN,
      name: "app-production-OrdersTopic-abcdefgh",
      kmsKeyId: "alias/aws/sns",
      fifo: false,
      subscriptions: [
        {
          protocol: "lambda",
          endpoint: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:app-production-Notify-abcdefgh`,
          deadLetterTarget: `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq`,
        },
      ],
    });
    expect((read.policy as PolicyDocument).statements).toHaveLength(1);
  });

  it("reads a topic without policy, key or subscribers as unencrypted, unsubscribed and with the empty policy", () => {
    const read = readTopic(topic({ fifoTopic: true }));
    expect(read).toMatchObject({ policy: { statements: [] }, subscriptions: [], fifo: true });
    expect(read.kmsKeyId).toBeUndefined();
  });
});
