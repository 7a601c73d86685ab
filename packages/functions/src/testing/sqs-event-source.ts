import type { SqsRecord } from "@aws-lambda-powertools/parser/types";
import type { QueueConsumer } from "../shared/queue-consumers.ts";
import { lambdaContext, sqsRecord } from "./lambda-events.ts";
import type { Invocations } from "./simulated-time.ts";

interface QueuedMessage {
  readonly id: string;
  readonly body: string;
  receives: number;
  visibleAt: number;
}

/**
 * An SQS queue on simulated time: a received message is hidden from every other receiver for the visibility
 * timeout and comes back after it unless deleted; once received `maxReceiveCount` times, it goes to the
 * dead-letter queue instead of coming back.
 */
export class SimulatedQueue {
  /** Waiting or in flight, oldest first. */
  readonly #messages: QueuedMessage[] = [];
  readonly #deadLetters: QueuedMessage[] = [];
  #sent = 0;
  /** Receives of a message after its first. */
  redeliveries = 0;
  /** Messages moved to the dead-letter queue, redriven or not. */
  deadLettered = 0;

  /** `visibleAt(at)`: a message becomes visible at `at` (the caller's timeline gets there). */
  constructor(
    readonly name: string,
    private readonly settings: QueueConsumer,
    private readonly visibleAt: (at: number) => void,
  ) {}

  send(body: string, at = Date.now()): void {
    this.#messages.push({ id: `${this.name}-${++this.#sent}`, body, receives: 0, visibleAt: at });
    this.visibleAt(at);
  }

  /** Up to `limit` visible messages, hidden for the visibility timeout. */
  receive(limit: number): readonly QueuedMessage[] {
    const now = Date.now();
    const received: QueuedMessage[] = [];
    for (let i = 0; i < this.#messages.length && received.length < limit; ) {
      const message = this.#messages[i]!;
      if (message.visibleAt > now) {
        i++;
      } else if (message.receives >= this.settings.maxReceiveCount) {
        this.#deadLetters.push(...this.#messages.splice(i, 1));
        this.deadLettered++;
      } else {
        if (message.receives++ > 0) this.redeliveries++;
        message.visibleAt = now + this.settings.visibilityTimeoutSeconds * 1000;
        this.visibleAt(message.visibleAt);
        received.push(message);
        i++;
      }
    }
    return received;
  }

  delete(message: QueuedMessage): void {
    const index = this.#messages.indexOf(message);
    if (index >= 0) this.#messages.splice(index, 1);
  }

  /** SQS's redrive: the dead letters back on the queue, visible now, their receive counts reset; how many. */
  redrive(): number {
    const now = Date.now();
    const redriven = this.#deadLetters.splice(0);
    for (const message of redriven) this.#messages.push(Object.assign(message, { receives: 0, visibleAt: now }));
    if (redriven.length > 0) this.visibleAt(now);
    return redriven.length;
  }

  /** Messages waiting, in flight or dead-lettered. */
  get size(): number {
    return this.#messages.length + this.#deadLetters.length;
  }

  get deadLetters(): number {
    return this.#deadLetters.length;
  }
}

/** A handler with partial batch responses, as the SQS event source invokes it. */
export type SqsBatchHandler = (
  event: { Records: SqsRecord[] },
  context: never,
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

/**
 * Lambda's SQS event source for one function: each execution environment (a handler of its own) takes a batch of
 * the visible messages when it is idle; the messages of the records it answers done are deleted, the others come
 * back after the visibility timeout. A crashed invocation runs the first half of its batch and deletes nothing.
 */
export class SqsEventSource {
  readonly #idle: SqsBatchHandler[];
  #invocations = 0;

  constructor(
    readonly queue: SimulatedQueue,
    private readonly functionName: string,
    private readonly settings: QueueConsumer,
    environments: readonly SqsBatchHandler[],
    /** The invocation (1-based) that crashes. */
    private readonly crashAt?: number,
  ) {
    this.#idle = [...environments];
  }

  /** Invokes idle environments while there are visible messages; returns when each invocation waits or ends. */
  async poll(invocations: Invocations): Promise<void> {
    while (this.#idle.length > 0) {
      const batch = this.queue.receive(this.settings.batchSize);
      if (batch.length === 0) return;
      const environment = this.#idle.pop()!;
      const crash = ++this.#invocations === this.crashAt;
      await invocations.start(() =>
        this.#invoke(environment, batch, crash).finally(() => this.#idle.push(environment)),
      );
    }
  }

  async #invoke(handler: SqsBatchHandler, batch: readonly QueuedMessage[], crash: boolean): Promise<void> {
    const deadline = Date.now() + this.settings.timeoutSeconds * 1000;
    const context = { ...lambdaContext(this.functionName), getRemainingTimeInMillis: () => deadline - Date.now() };
    const records = batch.map((message) => {
      const record = sqsRecord(message.body, this.queue.name);
      const attributes = { ...record.attributes, ApproximateReceiveCount: String(message.receives) };
      return { ...record, messageId: message.id, attributes };
    });
    const response = await handler(
      { Records: crash ? records.slice(0, Math.ceil(records.length / 2)) : records },
      context as never,
    );
    // Lambda would have stopped the invocation: the simulated latencies are too long for the function's timeout.
    if (Date.now() > deadline)
      throw new Error(`${this.functionName} ran past its ${this.settings.timeoutSeconds} s timeout`);
    if (crash) return;
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    for (const message of batch) if (!failed.has(message.id)) this.queue.delete(message);
  }
}
