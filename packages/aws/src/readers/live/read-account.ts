import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
  type ContextRelation,
  contextFor,
  type ModelCoverage,
  partsOf,
  type Resource,
  type ResourceKind,
  ResourceModel,
  RULES,
  unknown,
  wholeKindOf,
  withNeeded,
} from "@vigil/core";
import { apiGatewayReader } from "./apigateway.ts";
import { apiGatewayV2Reader } from "./apigatewayv2.ts";
import { ConcurrencyLimit, TokenBucket } from "./budget.ts";
import { type ClientOptions, createClients, type LiveClients, type ServiceName } from "./clients.ts";
import { cognitoReader } from "./cognito.ts";
import { readContext } from "./context-read.ts";
import { dynamoDbReader } from "./dynamodb.ts";
import { eventsReader } from "./events.ts";
import { iamReader, rolesUsingPolicy } from "./iam.ts";
import { functionsUsingRoles, lambdaReader, readFunctionConfiguration } from "./lambda.ts";
import { REGION_LISTING_PERMISSIONS } from "./regions.ts";
import { s3Reader } from "./s3.ts";
import {
  type ReadError,
  type ReadErrorKind,
  ReadLedger,
  type ReadProgressEvent,
  ReadSession,
  type ServiceCalls,
  type SessionScope,
} from "./session.ts";
import type { LiveReader } from "./shared.ts";
import { snsReader } from "./sns.ts";
import { sqsReader } from "./sqs.ts";
import { readRegionTags, TAGGING_PERMISSIONS, withTags } from "./tags.ts";

/** Every live reader; together they cover every resource kind of the model. */
export const LIVE_READERS: readonly LiveReader[] = [
  lambdaReader,
  iamReader,
  apiGatewayReader,
  apiGatewayV2Reader,
  s3Reader,
  sqsReader,
  snsReader,
  dynamoDbReader,
  eventsReader,
  cognitoReader,
];

/** Identifying the caller; `sts:GetCallerIdentity` needs no permission, but the policy lists it for clarity. */
const IDENTITY_PERMISSIONS = ["sts:GetCallerIdentity"];

/** Every IAM action the live readers may call: the source of the published read-only policy. */
export function livePermissions(): string[] {
  return [
    ...new Set([
      ...IDENTITY_PERMISSIONS,
      ...REGION_LISTING_PERMISSIONS,
      ...TAGGING_PERMISSIONS,
      ...LIVE_READERS.flatMap((r) => r.permissions),
    ]),
  ].sort();
}

/**
 * Calls per second per service and region, below the control-plane quotas so that a scan leaves room for the
 * application's own deployments (Lambda: 15 per second for all reads but GetFunction and GetPolicy, fixed);
 * adaptive retry handles the rest.
 */
export const DEFAULT_RATES: Readonly<Record<ServiceName, number>> = {
  lambda: 12,
  iam: 10,
  apigateway: 5,
  apigatewayv2: 5,
  s3: 50,
  // One call per read: the account block.
  s3control: 5,
  sqs: 50,
  sns: 15,
  dynamodb: 10,
  events: 10,
  // Cognito's user-pool read quota is shared with the application's own admin calls.
  cognito: 5,
  tagging: 5,
  sts: 10,
};

export interface LiveReadOptions extends Omit<ClientOptions, "region"> {
  /** Region or regions to read; IAM (global) is read once, from the first. */
  readonly region: string | readonly string[];
  /** Clients for a region; default {@link createClients} with `credentials` and `endpoint`. */
  readonly clients?: (region: string) => LiveClients;
  readonly onProgress?: (event: ReadProgressEvent) => void;
  /** API calls in flight at once, all services together. Default 16. */
  readonly concurrency?: number;
  /** Calls per second per service and region; `Infinity` lifts a budget. Default {@link DEFAULT_RATES}. */
  readonly rates?: Partial<Record<ServiceName, number>>;
}

export interface LiveReadResult {
  readonly account: string;
  readonly resources: Resource[];
  /** Failed reads; their fields in `resources` hold `unknown(reason)`. */
  readonly errors: ReadError[];
  /** API calls made per service, for `--verbose` and the benchmark. */
  readonly calls: Partial<Record<ServiceName, ServiceCalls>>;
  /** When the read began (ISO 8601): the evaluation carries the time its state was read. */
  readonly readAt: string;
  /** How much of the account the resources cover, for `new ResourceModel(resources, coverage)`. */
  readonly coverage: ModelCoverage;
  /** Targeted reads: the resource the reference resolved to (its real ARN), absent when the read found none. */
  readonly subject?: Resource;
}

/** The caller's credentials could not identify an account: nothing can be read. */
export class AccountIdentityError extends Error {
  override name = "AccountIdentityError";

  constructor(
    message: string,
    /** Why `sts:GetCallerIdentity` failed, when it did: `unreachable` says nothing about the credentials. */
    readonly failure?: ReadErrorKind,
  ) {
    super(message);
  }
}

/** Clients, budgets and sessions of one read, shared by every reader and region. */
class LiveRead {
  readonly ledger = new ReadLedger();
  readonly readAt = new Date().toISOString();
  readonly #limit: ConcurrencyLimit;
  readonly #clients = new Map<string, LiveClients>();
  readonly #budgets = new Map<string, Record<ServiceName, TokenBucket>>();
  #identity?: Promise<{ account: string; partition: string }>;

  constructor(private readonly options: LiveReadOptions) {
    this.#limit = new ConcurrencyLimit(options.concurrency ?? 16);
  }

  get regions(): readonly string[] {
    const { region } = this.options;
    return typeof region === "string" ? [region] : region;
  }

  #clientsFor(region: string): LiveClients {
    let clients = this.#clients.get(region);
    if (!clients) {
      const { credentials, endpoint, maxAttempts } = this.options;
      clients =
        this.options.clients?.(region) ??
        createClients({
          region,
          ...(credentials && { credentials }),
          ...(endpoint && { endpoint }),
          ...(maxAttempts && { maxAttempts }),
        });
      this.#clients.set(region, clients);
    }
    return clients;
  }

  #budgetsFor(region: string): Record<ServiceName, TokenBucket> {
    let budgets = this.#budgets.get(region);
    if (!budgets) {
      const rates = { ...DEFAULT_RATES, ...this.options.rates };
      budgets = Object.fromEntries(
        Object.entries(rates).map(([service, rate]) => [service, new TokenBucket(rate)]),
      ) as Record<ServiceName, TokenBucket>;
      this.#budgets.set(region, budgets);
    }
    return budgets;
  }

  session(scope: SessionScope, permissions: readonly string[]): ReadSession {
    return new ReadSession(
      scope,
      this.#clientsFor(scope.region),
      { limit: this.#limit, budgets: this.#budgetsFor(scope.region) },
      this.ledger,
      new Set(permissions),
      this.options.onProgress,
    );
  }

  /** Account and partition of the credentials, asked once. */
  identity(): Promise<{ account: string; partition: string }> {
    this.#identity ??= (async () => {
      const region = this.regions[0] ?? "us-east-1";
      const session = this.session({ account: "", partition: "aws", region }, IDENTITY_PERMISSIONS);
      const got = await session.call("sts", new GetCallerIdentityCommand({}));
      if (got.status !== "ok" || !got.output.Account) {
        const failed = got.status === "failed" ? this.ledger.errors.at(-1) : undefined;
        if (failed?.kind === "unreachable") throw new AccountIdentityError(failed.message, failed.kind);
        const detail = failed?.message ?? "no account in the answer";
        throw new AccountIdentityError(`cannot identify the AWS account of these credentials: ${detail}`, failed?.kind);
      }
      const partition = got.output.Arn?.split(":")[1] ?? "aws";
      return { account: got.output.Account, partition };
    })();
    return this.#identity;
  }

  async scope(region: string): Promise<SessionScope> {
    return { ...(await this.identity()), region };
  }

  result(account: string, resources: readonly Resource[], coverage: ModelCoverage, subject?: Resource): LiveReadResult {
    // One resource may be reached twice by a targeted read (a role shared by two functions).
    const unique = [...new Map(resources.map((r) => [r.id, r])).values()];
    return {
      account,
      resources: unique,
      errors: this.ledger.errors,
      calls: this.ledger.calls,
      readAt: this.readAt,
      coverage,
      ...(subject && { subject }),
    };
  }
}

export interface AccountReadOptions extends LiveReadOptions {
  /**
   * The kinds to read (for a scan of some rules, their {@link kindsNeeded}); default every kind. A reader none of
   * whose kinds is asked for is not called, and its kinds are incomplete in the coverage: not read is not absent.
   */
  readonly kinds?: Iterable<ResourceKind>;
}

/**
 * Reads every resource kind of the model (or those asked for) from the live APIs of one account, in one or more
 * regions. Failed reads become `errors` and unknown values, never a silent pass, and a kind whose list could not
 * be read in full, or was not read at all, is an incomplete kind of the `coverage`; only an unidentifiable account
 * throws.
 */
export async function readAccount(options: AccountReadOptions): Promise<LiveReadResult> {
  const read = new LiveRead(options);
  const { account } = await read.identity();
  const asked = options.kinds && new Set(options.kinds);
  const called = LIVE_READERS.filter((r) => !asked || r.kinds.some((kind) => asked.has(kind)));
  const perRegion = await Promise.all(
    read.regions.map(async (region, index) => {
      const scope = await read.scope(region);
      const readers = called.filter((r) => !r.global || index === 0);
      if (readers.length === 0) return [];
      const [tags, ...resources] = await Promise.all([
        readRegionTags(read.session(scope, TAGGING_PERMISSIONS)),
        ...readers.map((r) => r.sweep(read.session(scope, r.permissions))),
      ]);
      return withTags(resources.flat(), tags);
    }),
  );
  // The kinds whose listing failed or that were left out: rules reaching them say "cannot evaluate", never
  // "none there".
  const incompleteKinds = new Map(read.ledger.incompleteKinds);
  for (const reader of LIVE_READERS.filter((r) => !called.includes(r))) {
    for (const kind of reader.kinds) incompleteKinds.set(kind, unknown(`${kind} not read: not asked for`));
  }
  return read.result(account, perRegion.flat(), { scope: "account", incompleteKinds });
}

/** What an event names: one resource to re-check. */
export interface TargetRef {
  readonly kind: ResourceKind;
  readonly arn: string;
}

export interface TargetedReadOptions extends LiveReadOptions {
  /**
   * For a role: the functions known to use it (from the last inventory). Lambda cannot list functions by role,
   * so without this hint a targeted role read pages ListFunctions (one call per 50 functions) to find them.
   */
  readonly roleUsers?: readonly string[];
  /**
   * The relations to read beside the resource: the union of what the enabled rules declare for its kind
   * ({@link contextFor}). Default: what every rule of the catalogue declares.
   */
  readonly context?: Iterable<ContextRelation>;
}

/** The region an ARN names; IAM and S3 ARNs name none. */
function regionOf(arn: string): string | undefined {
  return arn.split(":")[3] || undefined;
}

/**
 * Reads one resource, its parts and exactly the context its rules declare (model/context.ts), for the event path.
 * The resource is identified by the read, not by the reference: a role named without its path, a qualified
 * function ARN resolve to the real resource (`subject`). No subject means the read found none: with no errors,
 * the resource does not exist. Besides the context, a role's read lists the functions using it and a managed
 * policy's the roles it is attached to and their functions, so that the service can re-check what depends on it.
 */
export async function readTargeted(ref: TargetRef, options: TargetedReadOptions): Promise<LiveReadResult> {
  const read = new LiveRead(options);
  const { account } = await read.identity();
  const region = regionOf(ref.arn) ?? read.regions[0] ?? "us-east-1";
  const scope = await read.scope(region);
  const readerOf = (kind: ResourceKind) => LIVE_READERS.find((r) => r.kinds.includes(kind))!;
  const readOne = (kind: ResourceKind, arn: string) => {
    const reader = readerOf(kind);
    return reader.readOne(read.session(scope, reader.permissions), kind, arn);
  };
  const sweepKind = async (kind: ResourceKind) => {
    const reader = readerOf(kind);
    const [tags, swept] = await Promise.all([
      readRegionTags(read.session(scope, TAGGING_PERMISSIONS)),
      reader.sweep(read.session(scope, reader.permissions)),
    ]);
    // With their parts: an API's triggers are its methods' and routes' integrations.
    return withTags(swept, tags).filter((r) => wholeKindOf(r.kind) === kind);
  };
  const serviceSession = (service: "lambda" | "apigateway") =>
    read.session(scope, service === "lambda" ? lambdaReader.permissions : readerOf("apigateway.rest-api").permissions);

  const own = await readOne(ref.kind, ref.arn);
  const subject = own.find((r) => r.arn === ref.arn) ?? own.find((r) => r.kind === ref.kind);
  if (!subject) {
    return read.result(account, [], {
      scope: "neighbourhood",
      subjects: new Set(),
      gaps: new Map(),
      absent: new Set([ref.arn]),
    });
  }
  const relations = options.context ?? contextFor(RULES, subject.kind);
  const context = await readContext(
    {
      ledger: read.ledger,
      readOne,
      sweepKind,
      session: serviceSession,
      ...(options.roleUsers && { roleUsers: options.roleUsers }),
    },
    subject,
    own,
    relations,
  );
  const resources = [...context.resources];
  if (subject.kind === "iam.role" && !withNeeded(relations).has("role-users")) {
    const users = await functionsUsingRoles(serviceSession("lambda"), [subject.arn]);
    for (const arn of users.arns) resources.push(...(await readFunctionConfiguration(serviceSession("lambda"), arn)));
  }
  if (subject.kind === "iam.managed-policy") {
    const listed = await rolesUsingPolicy(read.session(scope, iamReader.permissions), subject.arn);
    const roles = (await Promise.all(listed.map((arn) => readOne("iam.role", arn)))).flat();
    resources.push(...roles);
    const users = await functionsUsingRoles(
      serviceSession("lambda"),
      roles.map((role) => role.arn),
    );
    for (const arn of users.arns) resources.push(...(await readFunctionConfiguration(serviceSession("lambda"), arn)));
  }
  const model = new ResourceModel([...new Map(resources.map((r) => [r.id, r])).values()]);
  const subjects = [subject, ...partsOf(model, subject)];
  return read.result(
    account,
    resources,
    {
      scope: "neighbourhood",
      subjects: new Set(subjects.map((r) => r.id)),
      gaps: context.gaps,
      absent: context.absent,
    },
    subject,
  );
}
