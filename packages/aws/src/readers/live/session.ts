import type { ResourceKind } from "@vigil/core";
import type { ConcurrencyLimit, TokenBucket } from "./budget.ts";
import type { LiveClients, ServiceName } from "./clients.ts";
import { actionOf, operationOf, UndeclaredActionError } from "./permissions.ts";

/** Why a read failed; the CLI words its advice by kind. */
export type ReadErrorKind = "access-denied" | "throttled" | "unsupported" | "invalid" | "failed";

/** One failed read. The affected fields hold `unknown(reason)`; nothing is silently passed. */
export interface ReadError {
  readonly region: string;
  readonly service: ServiceName;
  /** The IAM action of the failed call, e.g. `lambda:GetPolicy` — for AccessDenied, the missing permission. */
  readonly action: string;
  /** ARN or name of the resource being read, when the call was about one. */
  readonly resource?: string;
  readonly kind: ReadErrorKind;
  readonly message: string;
}

/** API calls made to one service (`calls` counts requests asked for, `retries` the extra attempts). */
export interface ServiceCalls {
  calls: number;
  retries: number;
  throttled: number;
}

/**
 * Progress of a read, for progress bars per region and resource kind. For each (region, kind): one `started`,
 * `progress` whenever the number of items done or known changes (`total` is unknown until the list is read),
 * one `finished` with the count of resources read and errors met.
 */
export type ReadProgressEvent =
  | { readonly type: "started"; readonly region: string; readonly kind: ResourceKind }
  | {
      readonly type: "progress";
      readonly region: string;
      readonly kind: ResourceKind;
      readonly done: number;
      readonly total?: number;
    }
  | {
      readonly type: "finished";
      readonly region: string;
      readonly kind: ResourceKind;
      readonly resources: number;
      /** Errors met meanwhile by the service that reads this kind, in this region. */
      readonly errors: number;
    };

/** Errors and call counts of one whole read (all regions). */
export class ReadLedger {
  readonly errors: ReadError[] = [];
  readonly calls: Partial<Record<ServiceName, ServiceCalls>> = {};

  count(service: ServiceName): ServiceCalls {
    this.calls[service] ??= { calls: 0, retries: 0, throttled: 0 };
    return this.calls[service];
  }
}

export type CallResult<O> =
  | { readonly status: "ok"; readonly output: O }
  /** The optional configuration does not exist (ResourceNotFoundException and kin). */
  | { readonly status: "absent" }
  /** The call failed; `reason` goes into `unknown(reason)` on the fields it would have filled. */
  | { readonly status: "failed"; readonly reason: string };

/** The output type of an SDK v3 command. */
export type OutputOf<C> = C extends {
  resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: infer O }>;
}
  ? O
  : never;

export type AnyCommand = { readonly input: object; resolveMiddleware(...args: never[]): unknown };

export interface CallOptions {
  /** ARN or name of the resource the call is about, for the error entry. */
  readonly resource?: string;
  /** Error names that mean "this optional configuration is not set". */
  readonly absentWhen?: readonly string[];
}

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
  "ProvisionedThroughputExceededException",
]);
const ACCESS_DENIED = new Set(["AccessDeniedException", "AccessDenied", "AuthorizationError", "UnauthorizedOperation"]);

interface SdkError {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
  readonly $response?: unknown;
}

function classify(error: SdkError): ReadErrorKind {
  const name = error.name ?? "";
  if (THROTTLING.has(name)) return "throttled";
  if (ACCESS_DENIED.has(name) || error.$metadata?.httpStatusCode === 403) return "access-denied";
  // An answer the SDK could not parse (an HTML page from a proxy or an emulator lacking the operation):
  // the state is unknown, which is never the same as "not configured".
  if (/deserializ|parse|unexpected token|not valid json|UnknownError/i.test(`${name} ${error.message ?? ""}`)) {
    return "unsupported";
  }
  return "failed";
}

function reasonOf(action: string, kind: ReadErrorKind): string {
  switch (kind) {
    case "access-denied":
      return `${action} denied`;
    case "throttled":
      return `${action} throttled`;
    case "unsupported":
      return `${action} failed: unreadable response`;
    default:
      return `${action} failed`;
  }
}

export interface SessionScope {
  readonly account: string;
  readonly partition: string;
  readonly region: string;
}

export interface Scheduling {
  readonly limit: ConcurrencyLimit;
  readonly budgets: Readonly<Record<ServiceName, TokenBucket>>;
}

/**
 * What a reader sees: its region's clients behind the concurrency limit and rate budgets, a ledger for errors and
 * call counts, progress reporting, and its declared permissions — a call outside them throws
 * {@link UndeclaredActionError} so that tests catch an undeclared action before the published policy lacks it.
 */
export class ReadSession {
  constructor(
    readonly scope: SessionScope,
    private readonly clients: LiveClients,
    private readonly scheduling: Scheduling,
    readonly ledger: ReadLedger,
    private readonly declared: ReadonlySet<string>,
    private readonly onProgress: (event: ReadProgressEvent) => void = () => {},
  ) {}

  async call<C extends AnyCommand>(
    service: ServiceName,
    command: C,
    options: CallOptions = {},
  ): Promise<CallResult<OutputOf<C>>> {
    const action = actionOf(service, operationOf(command));
    if (!this.declared.has(action)) throw new UndeclaredActionError(action);
    const counts = this.ledger.count(service);
    return this.scheduling.limit.run(async () => {
      await this.scheduling.budgets[service].take();
      counts.calls++;
      try {
        const client = this.clients[service] as unknown as { send(command: C): Promise<OutputOf<C>> };
        const output = await client.send(command);
        const attempts = (output as SdkError | undefined)?.$metadata?.attempts ?? 1;
        counts.retries += attempts - 1;
        return { status: "ok", output } as const;
      } catch (caught) {
        const error = caught as SdkError;
        counts.retries += Math.max(0, (error.$metadata?.attempts ?? 1) - 1);
        if (error.name && options.absentWhen?.includes(error.name)) return { status: "absent" } as const;
        const kind = classify(error);
        if (kind === "throttled") counts.throttled++;
        this.fail(service, action, kind, error.message ?? String(caught), options.resource);
        return { status: "failed", reason: reasonOf(action, kind) } as const;
      }
    });
  }

  /**
   * Records an error found after a successful call (a document that does not parse) and returns the reason to
   * put into `unknown(reason)`.
   */
  invalid(service: ServiceName, action: string, message: string, resource?: string): string {
    this.fail(service, action, "invalid", message, resource);
    return `${action}: ${message}`;
  }

  /** Progress of one resource kind in this session's region. */
  progress(kind: ResourceKind, service: ServiceName): KindProgress {
    const { region } = this.scope;
    const errors = () => this.ledger.errors.filter((e) => e.region === region && e.service === service).length;
    return new KindProgress(region, kind, this.onProgress, errors);
  }

  private fail(service: ServiceName, action: string, kind: ReadErrorKind, message: string, resource?: string) {
    this.ledger.errors.push({
      region: this.scope.region,
      service,
      action,
      kind,
      message,
      ...(resource !== undefined && { resource }),
    });
  }
}

export class KindProgress {
  #done = 0;
  #total: number | undefined;
  readonly #errorsAtStart: number;

  constructor(
    private readonly region: string,
    private readonly kind: ResourceKind,
    private readonly emit: (event: ReadProgressEvent) => void,
    private readonly errorCount: () => number,
  ) {
    this.#errorsAtStart = errorCount();
    emit({ type: "started", region, kind });
  }

  total(total: number): void {
    this.#total = total;
    this.#report();
  }

  tick(): void {
    this.#done++;
    this.#report();
  }

  finish(resources: number): void {
    this.emit({
      type: "finished",
      region: this.region,
      kind: this.kind,
      resources,
      errors: this.errorCount() - this.#errorsAtStart,
    });
  }

  #report(): void {
    this.emit({
      type: "progress",
      region: this.region,
      kind: this.kind,
      done: this.#done,
      ...(this.#total !== undefined && { total: this.#total }),
    });
  }
}
