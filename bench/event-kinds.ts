/**
 * AWS calls per event on the deployed evaluate path, by kind of change: the targeted read of the resource an event
 * names (with the context its enabled rules declare) and the reads of the dependants it re-checks, over the
 * live-shaped account (every kind, real ARNs) that a ModelAccount serves to the real SDK clients, with the findings
 * table and its context links on dynalite. Beside it, the previous targeted read, which read the resource, a
 * function's role and its mappings and re-checked nothing else: today's readTargeted with that narrower context.
 */
import {
  ContextLinks,
  FindingsStore,
  type LiveReadResult,
  readAccount,
  readTargeted,
  type TargetRef,
} from "@vigil/aws";
import { ModelAccount, startLocalFindingsTable } from "@vigil/aws/local";
import { liveArns, liveShapedAccount, UNLIMITED_RATES } from "@vigil/aws/testing";
import { type ContextRelation, type ResourceKind, RULES, resolveConfig } from "@vigil/core";
import { ACCOUNT, REGION } from "@vigil/core/testing";
import { Evaluator } from "../packages/functions/src/evaluate/evaluator.ts";
import type { EvaluationMessage } from "../packages/functions/src/shared/evaluation-message.ts";
import { sweepMessages } from "../packages/functions/src/sweep/handler.ts";

/** One representative change per row, named as the ingest mapping names the resource it touched. */
const EVENTS: readonly { readonly event: string; readonly ref: TargetRef }[] = [
  // UpdateFunctionConfiguration
  { event: "function", ref: { kind: "lambda.function", arn: liveArns.ordersFn } },
  // PutRolePolicy, AttachRolePolicy
  { event: "role", ref: { kind: "iam.role", arn: liveArns.ordersRole } },
  // CreatePolicyVersion
  { event: "policy", ref: { kind: "iam.managed-policy", arn: liveArns.dataPolicy } },
  // PutBucketNotificationConfiguration
  { event: "bucket", ref: { kind: "s3.bucket", arn: liveArns.uploads } },
  // SetQueueAttributes
  { event: "queue", ref: { kind: "sqs.queue", arn: liveArns.jobs } },
];

/** What the previous targeted read brought beside the resource: a function's role (its mappings come with it). */
const PREVIOUS_CONTEXT: Partial<Record<ResourceKind, readonly ContextRelation[]>> = {
  "lambda.function": ["execution-role"],
};

export interface EventKindFigures {
  readonly event: string;
  /** Calls of the targeted read of the resource the event names. */
  readonly ownCalls: number;
  /** Dependants re-checked (each one evaluation and one targeted read). */
  readonly dependants: number;
  readonly dependantCalls: number;
  /** Calls of the previous targeted read of the same resource. */
  readonly previousCalls: number;
  /** All the event's calls (own read and dependants'), per service. */
  readonly byService: Readonly<Record<string, number>>;
}

const callsOf = (read: LiveReadResult) => Object.values(read.calls).reduce((sum, c) => sum + (c?.calls ?? 0), 0);

export async function benchEventKinds(): Promise<EventKindFigures[]> {
  const account = new ModelAccount({ account: ACCOUNT, region: REGION, resources: liveShapedAccount() });
  const table = await startLocalFindingsTable();
  const readOptions = { region: REGION, clients: (region: string) => account.clients(region), rates: UNLIMITED_RATES };
  const reads: LiveReadResult[] = [];
  const queue: EvaluationMessage[] = [];
  const evaluator = new Evaluator({
    store: new FindingsStore(table.client, table.tableName),
    config: resolveConfig({}, RULES),
    read: async (ref, options) => {
      const read = await readTargeted(ref, options);
      if (read.errors.length > 0) throw new Error(`reading ${ref.arn} failed: ${JSON.stringify(read.errors[0])}`);
      reads.push(read);
      return read;
    },
    readOptions,
    dependants: {
      links: new ContextLinks(table.client, table.tableName),
      enqueue: async (messages) => {
        queue.push(...messages);
      },
    },
  });
  /** Evaluates what is queued; returns how many messages were evaluated (not coalesced). */
  const drain = async () => {
    let evaluated = 0;
    for (let message = queue.shift(); message; message = queue.shift()) {
      if (!(await evaluator.evaluate(message)).coalesced) evaluated++;
    }
    return evaluated;
  };
  try {
    // Steady state: a sweep evaluated everything once, so every resource's context links are recorded.
    queue.push(...sweepMessages(await readAccount(readOptions), new Date(Date.now() - 1_000)));
    await drain();
    const figures: EventKindFigures[] = [];
    for (const { event, ref } of EVENTS) {
      // Read times have millisecond precision: the event must come after every read so far, or it is coalesced.
      await new Promise((resolve) => setTimeout(resolve, 2));
      reads.length = 0;
      queue.push({
        ...ref,
        account: ACCOUNT,
        region: ref.arn.split(":")[3] || REGION,
        reason: `bench: a ${event} change`,
        eventTime: new Date().toISOString(),
      });
      const evaluated = await drain();
      if (evaluated !== reads.length || reads.length === 0) throw new Error(`the ${event} event was coalesced`);
      const [own, ...others] = reads;
      const byService: Record<string, number> = {};
      for (const read of reads) {
        for (const [service, calls] of Object.entries(read.calls)) {
          byService[service] = (byService[service] ?? 0) + (calls?.calls ?? 0);
        }
      }
      const previous = await readTargeted(ref, { ...readOptions, context: PREVIOUS_CONTEXT[ref.kind] ?? [] });
      figures.push({
        event,
        ownCalls: callsOf(own!),
        dependants: others.length,
        dependantCalls: others.reduce((sum, read) => sum + callsOf(read), 0),
        previousCalls: callsOf(previous),
        byService,
      });
    }
    return figures;
  } finally {
    await table.close();
  }
}
