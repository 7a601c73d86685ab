import { type ResourceKind, type Unknown, unknown } from "@vigil/core";
import type { ConcurrencyLimit, TokenBucket } from "./budget.ts";
import type { LiveClients, ServiceName } from "./clients.ts";
import { actionOf, operationOf, UndeclaredActionError } from "./permissions.ts";

/**
 * Why a read failed; the CLI words its advice by kind. `unreachable`: no answer at all (connection refused, DNS,
 * timeout); `unavailable`: the endpoint answered 404 with no AWS error, as an emulator or proxy lacking the
 * operation does; `unsupported`: another answer the SDK could not parse.
 */
export type ReadErrorKind =
  | "access-denied"
  | "throttled"
  | "unreachable"
  | "unavailable"
  | "unsupported"
  | "invalid"
  | "failed";

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
  /** The resource kind the call was reading, when its session was made for one ({@link ReadSession.reading}). */
  readonly reading?: ResourceKind;
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
      /** Errors met meanwhile reading this kind in this region (see {@link ReadSession.progress}). */
      readonly errors: number;
    };

/** Errors and call counts of one whole read (all regions). */
export class ReadLedger {
  readonly errors: ReadError[] = [];
  readonly calls: Partial<Record<ServiceName, ServiceCalls>> = {};
  readonly #incomplete = new Map<ResourceKind, Unknown>();

  /** Kinds whose listing failed somewhere, each with why (the first failure): the read holds only some of them. */
  get incompleteKinds(): ReadonlyMap<ResourceKind, Unknown> {
    return this.#incomplete;
  }

  /** Records that the read of `kind` may lack some of its resources (a list page failed, or an item's read). */
  incomplete(kind: ResourceKind, why: Unknown): void {
    if (!this.#incomplete.has(kind)) this.#incomplete.set(kind, why);
  }

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
  | { readonly status: "failed"; readonly reason: string; readonly kind: ReadErrorKind };

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
  /** Node's system error code, e.g. `ECONNREFUSED`. */
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
  readonly $response?: unknown;
}

/** Node's and the SDK's names for a call that got no answer at all. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/**
 * What kind of failure an SDK error is, and its message for the error entry; `endpoint` (the URL the call went
 * to) names the endpoint that could not be reached or lacked the operation.
 */
export function describeFailure(caught: unknown, endpoint = "the endpoint"): { kind: ReadErrorKind; message: string } {
  const error = caught as SdkError;
  const name = error.name ?? "";
  const message = error.message ?? String(caught);
  if (THROTTLING.has(name)) return { kind: "throttled", message };
  if (ACCESS_DENIED.has(name) || error.$metadata?.httpStatusCode === 403) return { kind: "access-denied", message };
  if (NETWORK_CODES.has(error.code ?? "") || name === "TimeoutError") {
    return { kind: "unreachable", message: `cannot reach ${endpoint}: ${message}` };
  }
  // An answer the SDK could not parse (an HTML page from a proxy or an emulator lacking the operation):
  // the state is unknown, which is never the same as "not configured".
  if (/deserializ|parse|unexpected token|not valid json|UnknownError/i.test(`${name} ${message}`)) {
    return error.$metadata?.httpStatusCode === 404
      ? { kind: "unavailable", message: `HTTP 404 from ${endpoint}: operation not available` }
      : { kind: "unsupported", message };
  }
  return { kind: "failed", message };
}

interface RequestShape {
  readonly protocol?: string;
  readonly hostname?: string;
  readonly port?: number;
}
interface CommandStack {
  readonly middlewareStack?: {
    add(
      middleware: (
        next: (args: { request: unknown }) => Promise<unknown>,
      ) => (args: { request: unknown }) => Promise<unknown>,
      options: { step: "build"; name: string; override: boolean },
    ): void;
  };
}

/**
 * The endpoint (scheme, host, port) an SDK command or client last sent to, once the SDK has resolved it: what a
 * failure names. `undefined` when nothing reached the SDK's stack (a mocked client).
 */
export function recordEndpoint(commandOrClient: object): () => string | undefined {
  let endpoint: string | undefined;
  (commandOrClient as CommandStack).middlewareStack?.add(
    (next) => (args) => {
      const { protocol, hostname, port } = args.request as RequestShape;
      if (hostname) endpoint = `${protocol ?? "https:"}//${hostname}${port ? `:${port}` : ""}`;
      return next(args);
    },
    { step: "build", name: "vigilRecordEndpoint", override: true },
  );
  return () => endpoint;
}

function reasonOf(action: string, kind: ReadErrorKind): string {
  switch (kind) {
    case "access-denied":
      return `${action} denied`;
    case "throttled":
      return `${action} throttled`;
    case "unreachable":
      return `${action} failed: endpoint unreachable`;
    case "unavailable":
      return `${action} not available at the endpoint`;
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
    /** The resource kind this session's calls read, recorded on their errors. */
    private readonly readingKind?: ResourceKind,
  ) {}

  /** The same session, for the calls that read `kind`: their errors count for that kind's progress. */
  reading(kind: ResourceKind): ReadSession {
    return new ReadSession(
      this.scope,
      this.clients,
      this.scheduling,
      this.ledger,
      this.declared,
      this.onProgress,
      kind,
    );
  }

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
      const endpoint = recordEndpoint(command);
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
        const { kind, message } = describeFailure(error, endpoint() ?? `the ${service} endpoint`);
        if (kind === "throttled") counts.throttled++;
        this.fail(service, action, kind, message, options.resource);
        return { status: "failed", reason: reasonOf(action, kind), kind } as const;
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

  /**
   * Records that this region's resources of `kind` may not all have been read: `reason` is the failed call's
   * (`CallResult`, `Pages.failed`). What a rule would learn from the missing ones is then unknown.
   */
  incomplete(kind: ResourceKind, reason: string): void {
    this.ledger.incomplete(kind, unknown(`${reason} (${this.scope.region}): the ${kind} list is incomplete`));
  }

  /**
   * Records a failure that a successful call reports inside its answer (GetFunction's TagsError) and returns the
   * reason to put into `unknown(reason)`.
   */
  failedWithin(service: ServiceName, action: string, error: { name?: string; message?: string }, resource?: string) {
    const { kind, message } = describeFailure(error);
    this.fail(service, action, kind, message, resource);
    return reasonOf(action, kind);
  }

  /**
   * Progress of one resource kind in this session's region. Its errors are those of the calls made for this kind
   * ({@link reading}), and those of `service` made by sessions not made for a kind.
   */
  progress(kind: ResourceKind, service: ServiceName): KindProgress {
    const { region } = this.scope;
    const belongs = (e: ReadError) =>
      e.region === region && (e.reading === undefined ? e.service === service : e.reading === kind);
    const errors = () => this.ledger.errors.filter(belongs).length;
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
      ...(this.readingKind !== undefined && { reading: this.readingKind }),
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
