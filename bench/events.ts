/**
 * What one change event costs the deployed service: API calls of its targeted read and of the dependants it
 * re-checks, DynamoDB reads and writes of the store and the context links, evaluation time — measured by running
 * the evaluator (the evaluate function's logic, dependants on as deployed) over a stream of events against the
 * call-counting fake account and a dynalite table — and, from those, a cost per 1,000 events at published
 * on-demand prices, beside AWS Config's price for evaluating the same rules.
 */

import { GetFunctionUrlConfigCommand } from "@aws-sdk/client-lambda";
import { ContextLinks, FindingsStore, readTargeted } from "@vigil/aws";
import {
  FAKE_ACCOUNT,
  FAKE_REGION,
  fakeAccount,
  fakeArns,
  startLocalFindingsTable,
  UNLIMITED_RATES,
} from "@vigil/aws/testing";
import { RULES, resolveConfig } from "@vigil/core";
import { Evaluator } from "../packages/functions/src/evaluate/evaluator.ts";
import type { EvaluationMessage } from "../packages/functions/src/shared/evaluation-message.ts";

/** Published on-demand prices (us-east-1, USD), as of 2026. */
export const PRICES = {
  /** Lambda arm64, per GB-second, and per request. */
  lambdaGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  /** DynamoDB on-demand, per write / read request unit. */
  dynamoWrite: 0.625 / 1e6,
  dynamoRead: 0.125 / 1e6,
  /** SQS standard, per request (a batch of up to 10 messages is one request). */
  sqsRequest: 0.4 / 1e6,
  /** EventBridge custom events (finding events on Vigil's bus); AWS service events on the default bus are free. */
  eventBridgeEvent: 1 / 1e6,
  /** AWS Config: per rule evaluation (first 100,000 a month), i.e. $1.00 per 1,000 rule evaluations. */
  configRuleEvaluation: 0.001,
} as const;

export interface EventFigures {
  readonly events: number;
  /** The event's own targeted read and its dependants' reads. */
  readonly apiCallsPerEvent: number;
  /** The event's own targeted read alone. */
  readonly ownReadCallsPerEvent: number;
  /** Dependants re-checked per event (each one more evaluation and targeted read). */
  readonly dependantsPerEvent: number;
  readonly dynamoWritesPerEvent: number;
  readonly dynamoReadsPerEvent: number;
  readonly transitionsPerEvent: number;
  readonly evaluationMs: number;
  /** Rules evaluated per event on the referenced resource (what AWS Config would bill one evaluation each for). */
  readonly ruleEvaluationsPerEvent: number;
  readonly costPerThousand: Readonly<Record<string, number>>;
  readonly configCostPerThousand: number;
}

/** Wall time of a targeted read in AWS beyond the CPU time measured here (see `benchEvents`). */
export const ASSUMED_READ_WAIT_MS = 160;

/** `events` change events over `functions` functions; every tenth one really changes something (a URL opened or closed). */
export async function benchEvents(events: number, functions = 50): Promise<EventFigures> {
  const table = await startLocalFindingsTable();
  const fake = fakeAccount(functions);
  let dynamoReads = 0;
  let dynamoWrites = 0;
  const send = table.client.send.bind(table.client);
  table.client.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
    if (/^(Put|Update|Delete|BatchWrite)Command$/.test(command.constructor.name)) dynamoWrites++;
    else dynamoReads++;
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof table.client.send;
  try {
    let apiCalls = 0;
    let ownReadCalls = 0;
    const queue: EvaluationMessage[] = [];
    const evaluator = new Evaluator({
      store: new FindingsStore(table.client, table.tableName),
      config: resolveConfig({}, RULES),
      read: async (ref, options) => {
        const result = await readTargeted(ref, options);
        apiCalls += Object.values(result.calls).reduce((sum, c) => sum + (c?.calls ?? 0), 0);
        return result;
      },
      readOptions: { region: FAKE_REGION, clients: fake.clients, rates: UNLIMITED_RATES },
      // As deployed: what a change may affect goes back on the evaluation queue, drained after each event.
      dependants: {
        links: new ContextLinks(table.client, table.tableName),
        enqueue: async (messages) => {
          queue.push(...messages);
        },
      },
    });
    /** Evaluates the queued dependants; returns how many were evaluated (not coalesced). */
    const drain = async () => {
      let evaluated = 0;
      for (let message = queue.shift(); message; message = queue.shift()) {
        if (!(await evaluator.evaluate(message)).coalesced) evaluated++;
      }
      return evaluated;
    };
    const message = (fn: number) => ({
      kind: "lambda.function" as const,
      arn: fakeArns.fn(fn),
      account: FAKE_ACCOUNT,
      region: FAKE_REGION,
      reason: "lambda:UpdateFunctionConfiguration20150331v2",
      eventTime: new Date().toISOString(),
    });
    // Steady state: every function already has its findings (a first evaluation writes each one once).
    for (let fn = 0; fn < functions; fn++) await evaluator.evaluate(message(fn));
    await drain();
    apiCalls = 0;
    dynamoReads = 0;
    dynamoWrites = 0;
    let transitions = 0;
    let dependants = 0;
    let ruleEvaluations = 0;
    let evaluationMs = 0;
    for (let i = 0; i < events; i++) {
      const fn = i % functions;
      if (i % 10 === 0) {
        // A real change: the function's URL opens (or closes again), a transition the store records.
        const open = (i / 10) % 2 === 0;
        fake.stubs.lambda
          .on(GetFunctionUrlConfigCommand, { FunctionName: fakeArns.fn(fn) })
          .resolves(open ? { AuthType: "NONE", FunctionArn: fakeArns.fn(fn) } : {});
      }
      const started = performance.now();
      const before = apiCalls;
      const evaluation = await evaluator.evaluate(message(fn));
      // Every event here happens after the last read of its function: none may be coalesced away.
      if (evaluation.coalesced) throw new Error(`event ${i} was coalesced`);
      ownReadCalls += apiCalls - before;
      dependants += await drain();
      evaluationMs += performance.now() - started;
      transitions += evaluation.outcome.transitions.length;
      ruleEvaluations += evaluation.results.length;
    }
    const perEvent = (total: number) => total / events;
    // Evaluation-queue messages per event: the event's own and one per dependant.
    const messages = 1 + perEvent(dependants);
    // The fake answers at once; in AWS a targeted read waits on about four rounds of calls (function, role,
    // policies, versions) of ~40 ms each, and Lambda bills that wall time, once per message.
    const evaluateSeconds = (perEvent(evaluationMs) + messages * ASSUMED_READ_WAIT_MS) / 1000;
    // Per 1,000 events: ingest (one invocation, ~20 ms at 256 MB; one SendMessageBatch per 10), the queue
    // (send, receive and delete per batch of 10 messages, dependants' included), evaluate (measured time at
    // 512 MB, one invocation per batch of 10 messages), the store's requests, publish and the finding events for
    // each transition.
    const thousand = 1000;
    const cost = {
      "Lambda ingest": thousand * (PRICES.lambdaRequest + 0.02 * 0.25 * PRICES.lambdaGbSecond),
      "Lambda evaluate":
        thousand * ((messages * PRICES.lambdaRequest) / 10 + evaluateSeconds * 0.5 * PRICES.lambdaGbSecond),
      SQS: ((thousand * messages) / 10) * 3 * PRICES.sqsRequest,
      "DynamoDB writes": thousand * perEvent(dynamoWrites) * PRICES.dynamoWrite,
      "DynamoDB reads": thousand * perEvent(dynamoReads) * PRICES.dynamoRead,
      "publish + bus": thousand * perEvent(transitions) * (PRICES.eventBridgeEvent + PRICES.lambdaRequest),
    };
    return {
      events,
      apiCallsPerEvent: perEvent(apiCalls),
      ownReadCallsPerEvent: perEvent(ownReadCalls),
      dependantsPerEvent: perEvent(dependants),
      dynamoWritesPerEvent: perEvent(dynamoWrites),
      dynamoReadsPerEvent: perEvent(dynamoReads),
      transitionsPerEvent: perEvent(transitions),
      evaluationMs: perEvent(evaluationMs),
      ruleEvaluationsPerEvent: perEvent(ruleEvaluations),
      costPerThousand: cost,
      configCostPerThousand: thousand * perEvent(ruleEvaluations) * PRICES.configRuleEvaluation,
    };
  } finally {
    fake.restore();
    await table.close();
  }
}
