import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand } from "@aws-sdk/client-sqs";
import { type Resource, SQS_DEFAULTS, type SqsQueue, sqsQueueUrl, unknown } from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { type LiveReader, liveOrigin, readPages, readPolicy, tagsOfCall } from "./shared.ts";

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` → its ARN. */
function arnOfUrl(session: ReadSession, url: string): string {
  const [account, name] = new URL(url).pathname.split("/").filter(Boolean);
  return `arn:${session.scope.partition}:sqs:${session.scope.region}:${account ?? session.scope.account}:${name}`;
}

function numberOr(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : Number(text);
}

const NOT_FOUND = ["QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"];

/**
 * One queue. Rules read its tags, which GetQueueAttributes lacks: a targeted read asks ListQueueTags, a sweep takes
 * them from the Tagging API for the whole region.
 */
async function readQueue(
  session: ReadSession,
  url: string,
  { readTags }: { readTags: boolean },
): Promise<SqsQueue | undefined> {
  const fallbackArn = arnOfUrl(session, url);
  const options = { resource: fallbackArn, absentWhen: NOT_FOUND };
  const [got, tagged] = await Promise.all([
    session.call("sqs", new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }), options),
    readTags ? session.call("sqs", new ListQueueTagsCommand({ QueueUrl: url }), options) : undefined,
  ]);
  if (got.status === "absent") return undefined;
  const name = fallbackArn.slice(fallbackArn.lastIndexOf(":") + 1);
  const base = {
    kind: "sqs.queue" as const,
    name,
    origin: liveOrigin(session.scope),
    tags: tagsOfCall(tagged, (o) => o.Tags ?? {}),
    url,
    fifo: name.endsWith(".fifo"),
  };
  if (got.status === "failed") {
    const why = unknown(got.reason);
    return {
      ...base,
      id: fallbackArn,
      arn: fallbackArn,
      policy: why,
      // Whether it has a redrive policy is as unknown as the rest: never "no dead-letter queue".
      redrive: { deadLetterTargetArn: why, maxReceiveCount: why },
      encryption: why,
      visibilityTimeoutSeconds: why,
      messageRetentionSeconds: why,
    };
  }
  const a = got.output.Attributes ?? {};
  const arn = a.QueueArn ?? fallbackArn;
  let redrive: SqsQueue["redrive"];
  if (a.RedrivePolicy) {
    try {
      const parsed = JSON.parse(a.RedrivePolicy) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
      redrive = {
        deadLetterTargetArn: parsed.deadLetterTargetArn ?? unknown("RedrivePolicy without deadLetterTargetArn"),
        maxReceiveCount: Number(parsed.maxReceiveCount),
      };
    } catch (error) {
      const why = unknown(
        session.invalid("sqs", "sqs:GetQueueAttributes", `RedrivePolicy: ${(error as Error).message}`, arn),
      );
      redrive = { deadLetterTargetArn: why, maxReceiveCount: why };
    }
  }
  return {
    ...base,
    id: arn,
    arn,
    policy: readPolicy(session, "sqs", "sqs:GetQueueAttributes", a.Policy, arn),
    ...(redrive && { redrive }),
    encryption: a.KmsMasterKeyId ? "kms" : a.SqsManagedSseEnabled === "true" ? "sqs-managed" : "none",
    visibilityTimeoutSeconds: numberOr(a.VisibilityTimeout, SQS_DEFAULTS.visibilityTimeoutSeconds),
    messageRetentionSeconds: numberOr(a.MessageRetentionPeriod, SQS_DEFAULTS.messageRetentionSeconds),
  };
}

async function sweep(session: ReadSession): Promise<Resource[]> {
  const progress = session.progress("sqs.queue", "sqs");
  const listed = await readPages(
    session,
    "sqs",
    (NextToken) => new ListQueuesCommand({ MaxResults: 1000, NextToken }),
    (o) => ({ items: o.QueueUrls, next: o.NextToken }),
  );
  if (listed.failed) session.incomplete("sqs.queue", listed.failed);
  progress.total(listed.items.length);
  const queues = await Promise.all(
    listed.items.map(async (url) => {
      const queue = await readQueue(session, url, { readTags: false });
      progress.tick();
      return queue;
    }),
  );
  const read = queues.filter((q) => q !== undefined);
  progress.finish(read.length);
  return read;
}

async function readOne(session: ReadSession, _kind: string, arn: string): Promise<Resource[]> {
  // Not a queue ARN: SQS refuses the "URL", and the read fails as an error, never as "gone".
  const queue = await readQueue(session, sqsQueueUrl(arn) ?? arn, { readTags: true });
  return queue ? [queue] : [];
}

export const sqsReader: LiveReader = {
  service: "sqs",
  kinds: ["sqs.queue"],
  permissions: ["sqs:ListQueues", "sqs:GetQueueAttributes", "sqs:ListQueueTags"],
  sweep,
  readOne,
};
