import {
  type GetQueueAttributesCommandInput,
  type GetQueueAttributesCommandOutput,
  InvalidAddress,
  type ListQueuesCommandInput,
  type ListQueuesCommandOutput,
  type ListQueueTagsCommandInput,
  type ListQueueTagsCommandOutput,
  QueueDoesNotExist,
} from "@aws-sdk/client-sqs";
import { sqsQueueUrl } from "@vigil/core";
import {
  failure,
  type KnownOfKind,
  page,
  pageSize,
  policyJson,
  type Reply,
  type ServedAccount,
  type ServiceAnswers,
  tagMap,
} from "./served.ts";

type KnownQueue = KnownOfKind<"sqs.queue">;

/** The ARN a queue URL names (`https://sqs.<region>.amazonaws.com/<account>/<name>`, or the legacy host). */
function arnOfUrl(account: ServedAccount, url: string | undefined): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url ?? "");
  } catch {
    parsed = undefined;
  }
  const region =
    /^sqs\.([^.]+)\.amazonaws\.com$/.exec(parsed?.hostname ?? "")?.[1] ??
    /^([^.]+)\.queue\.amazonaws\.com$/.exec(parsed?.hostname ?? "")?.[1];
  const [owner, name, ...rest] = (parsed?.pathname ?? "").split("/").filter(Boolean);
  if (!region || !owner || !name || rest.length > 0) {
    throw new InvalidAddress(failure(400, `The address ${url} is not valid for this endpoint.`));
  }
  return `arn:${account.partition}:sqs:${region}:${owner}:${name}`;
}

/** A queue URL reaches its queue from any region's client. */
function queueAt(account: ServedAccount, url: string | undefined): KnownQueue {
  const arn = arnOfUrl(account, url);
  const queue = account.everywhere("sqs.queue").find((q) => q.arn === arn);
  if (!queue) throw new QueueDoesNotExist(failure(400, "The specified queue does not exist."));
  return queue;
}

function attributesOf(queue: KnownQueue): Record<string, string> {
  return {
    QueueArn: queue.arn,
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(queue.messageRetentionSeconds),
    SqsManagedSseEnabled: String(queue.encryption === "sqs-managed"),
    // The model does not name the key: the AWS managed key of SQS is the one a queue gets unless told otherwise.
    ...(queue.encryption === "kms" && { KmsMasterKeyId: "alias/aws/sqs" }),
    ...(queue.fifo && { FifoQueue: "true" }),
    ...(queue.policy.statements.length > 0 && { Policy: policyJson(queue.policy) }),
    ...(queue.redrive && {
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: queue.redrive.deadLetterTargetArn,
        maxReceiveCount: queue.redrive.maxReceiveCount,
      }),
    }),
  };
}

export const sqsAnswers: ServiceAnswers = {
  ListQueues: (input: ListQueuesCommandInput, account): Reply<ListQueuesCommandOutput> => {
    const urls = account
      .regional("sqs.queue")
      .filter((q) => q.name.startsWith(input.QueueNamePrefix ?? ""))
      .map((q) => sqsQueueUrl(q.arn) ?? "");
    // Without MaxResults SQS answers up to 1,000 queues and no token.
    const listed = page(urls, input.NextToken, pageSize(input.MaxResults, 1000, 1000));
    return {
      QueueUrls: listed.items,
      ...(listed.next && input.MaxResults !== undefined && { NextToken: listed.next }),
    };
  },
  GetQueueAttributes: (input: GetQueueAttributesCommandInput, account): Reply<GetQueueAttributesCommandOutput> => {
    const attributes = attributesOf(queueAt(account, input.QueueUrl));
    const names = input.AttributeNames ?? [];
    if (names.includes("All")) return { Attributes: attributes };
    return {
      Attributes: Object.fromEntries(Object.entries(attributes).filter(([name]) => names.includes(name as never))),
    };
  },
  ListQueueTags: (input: ListQueueTagsCommandInput, account): Reply<ListQueueTagsCommandOutput> => {
    const tags = tagMap(queueAt(account, input.QueueUrl).tags);
    return tags ? { Tags: tags } : {};
  },
};
