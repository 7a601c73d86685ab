/**
 * The context half of a targeted read: given the subject (the resource an event named, as read) and the relations
 * its enabled rules declare (core model/context.ts), reads exactly those neighbours from the live APIs. Lambda and
 * S3 keep no reverse index (no "buckets notifying this function"), so triggers are found where AWS records them for
 * the function: its event-source mappings, its URL, and the invoke permissions that every push trigger (S3, SNS,
 * EventBridge, API Gateway) needs, by their `aws:SourceArn` (a permission naming no source, or a policy that cannot be
 * read, sweeps the source kinds instead). A relation whose reads failed is a gap: the rules that declare it say
 * "cannot evaluate".
 */
import {
  type ContextRelation,
  type ElementList,
  type IamRole,
  isUnknown,
  type KindAndArn,
  type LambdaFunction,
  partsOf,
  permissionSourceArns,
  RELATIONS,
  type Resource,
  type ResourceKind,
  ResourceModel,
  roleStatements,
  sourceRefsOf,
  type Unknown,
  unknown,
  withNeeded,
} from "@vigil/core";
import { readUsagePlans } from "./apigateway.ts";
import { functionsUsingRoles, mappingsFrom, readFunctionConfiguration } from "./lambda.ts";
import type { ReadLedger, ReadSession } from "./session.ts";

/** What the context read needs of the read it belongs to. */
export interface ContextReadPort {
  readonly ledger: ReadLedger;
  /** Reads one resource of `kind` by ARN with what its reader returns beside it; [] when it does not exist. */
  readOne(kind: ResourceKind, arn: string): Promise<Resource[]>;
  /**
   * Reads every resource of `kind` in the region, with its parts (an API's stages, methods, routes) and tags: the
   * fallback when a pattern names no one resource.
   */
  sweepKind(kind: ResourceKind): Promise<Resource[]>;
  /** A Lambda / API Gateway session, for the readers' list helpers. */
  session(service: "lambda" | "apigateway"): ReadSession;
  /** For a role: the functions known to use it, which spares paging ListFunctions. */
  readonly roleUsers?: readonly string[];
}

export interface ContextReadResult {
  readonly resources: readonly Resource[];
  readonly gaps: ReadonlyMap<ContextRelation, Unknown>;
  /** ARNs looked up and not found. */
  readonly absent: ReadonlySet<string>;
}

/** Service principals of push triggers, and the kinds their `aws:SourceArn` names. */
const PUSH_PRINCIPALS: Readonly<Record<string, readonly ResourceKind[]>> = {
  "s3.amazonaws.com": ["s3.bucket"],
  "sns.amazonaws.com": ["sns.topic"],
  "events.amazonaws.com": ["events.rule"],
  "apigateway.amazonaws.com": ["apigateway.rest-api", "apigatewayv2.api"],
};

/** The data-store kind an IAM service prefix reaches. */
const STORE_KIND_OF_SERVICE: Readonly<Record<string, ResourceKind>> = {
  dynamodb: "dynamodb.table",
  s3: "s3.bucket",
  sqs: "sqs.queue",
  sns: "sns.topic",
};

/** Reads the relations `relations` (and what they need) of `subject` and its parts. */
export async function readContext(
  port: ContextReadPort,
  subject: Resource,
  alongside: readonly Resource[],
  relations: Iterable<ContextRelation>,
): Promise<ContextReadResult> {
  const found = new Map<string, Resource>();
  const add = (resources: readonly Resource[]) => {
    for (const r of resources) if (!found.has(r.arn)) found.set(r.arn, r);
  };
  add([subject, ...alongside]);
  const subjects = [subject, ...partsOf(new ResourceModel([...found.values()]), subject)];
  const gaps = new Map<ContextRelation, Unknown>();
  /** Looked up and not found; only the permission-sources relation vouches for absence to the rules. */
  const missing = new Set<string>();
  const absent = new Set<string>();
  const lookUp = async (refs: readonly KindAndArn[], vouchForAbsence = false) => {
    for (const ref of refs) {
      if (!found.has(ref.arn) && !missing.has(ref.arn)) {
        const errorsBefore = port.ledger.errors.length;
        const read = await port.readOne(ref.kind, ref.arn);
        // Nothing read and nothing failed: the resource does not exist. A failed read is no answer.
        if (read.length === 0 && port.ledger.errors.length === errorsBefore) missing.add(ref.arn);
        add(read);
      }
      if (vouchForAbsence && missing.has(ref.arn)) absent.add(ref.arn);
    }
  };

  // Relations in the order of their needs: the role before the stores it reaches.
  const ordered = [...withNeeded(relations)].sort(
    (a, b) => Number((RELATIONS[a].needs ?? []).length > 0) - Number((RELATIONS[b].needs ?? []).length > 0),
  );
  for (const relation of ordered) {
    const errorsBefore = port.ledger.errors.length;
    const reasons: string[] = [];
    for (const resource of subjects) {
      if (!RELATIONS[relation].from.includes(resource.kind)) continue;
      const gap = await readRelation(relation, resource);
      if (gap) reasons.push(gap);
    }
    const failed = port.ledger.errors.slice(errorsBefore).map((e) => `${e.action} ${e.kind}`);
    const why = [...new Set([...reasons, ...failed])];
    if (why.length > 0) gaps.set(relation, unknown(`${relation} not read in full: ${why.join(", ")}`));
  }
  return { resources: [...found.values()], gaps, absent };

  /** Reads one relation of one resource; returns why it cannot be told in full, beyond failed calls. */
  async function readRelation(relation: ContextRelation, resource: Resource): Promise<string | undefined> {
    switch (relation) {
      case "execution-role": {
        const fn = resource as LambdaFunction;
        if (typeof fn.role === "string") await lookUp([{ kind: "iam.role", arn: fn.role }]);
        return undefined;
      }
      case "attached-policies":
        // The role's own read brings its managed policies.
        return undefined;
      case "role-users": {
        const listed = port.roleUsers
          ? { arns: [...port.roleUsers] }
          : await functionsUsingRoles(port.session("lambda"), [resource.arn]);
        for (const arn of listed.arns) add(await readFunctionConfiguration(port.session("lambda"), arn));
        return listed.failed;
      }
      case "triggers":
        return readTriggers(resource as LambdaFunction);
      case "data-stores":
        return readStores(resource as LambdaFunction);
      case "permission-sources":
        await lookUp(permissionSourceArns(resource).flatMap(sourceRefsOf), true);
        return undefined;
      case "consumers": {
        const mappings = await mappingsFrom(port.session("lambda"), resource.arn);
        add(mappings);
        for (const mapping of mappings) {
          if (typeof mapping.functionArn === "string" && !found.has(mapping.functionArn)) {
            add(await readFunctionConfiguration(port.session("lambda"), mapping.functionArn));
          }
        }
        return undefined;
      }
      case "parent-api":
      case "api-methods":
        // A stage, method or route is read with its whole API.
        return undefined;
      case "usage-plans":
        add(await readUsagePlans(port.session("apigateway")));
        return undefined;
    }
  }

  /** Mappings (read with the function) and their sources; push triggers through the invoke permissions. */
  async function readTriggers(fn: LambdaFunction): Promise<string | undefined> {
    const sources = [...found.values()].flatMap((r) =>
      r.kind === "lambda.event-source-mapping" && r.functionArn === fn.arn && typeof r.eventSourceArn === "string"
        ? mappingSourceRefs(r.eventSourceArn)
        : [],
    );
    await lookUp(sources);
    const swept = new Set<ResourceKind>();
    // The permissions only index the push triggers, which their sources' own settings declare: without them,
    // every kind that may push to a function is swept, and the triggers are told as a full read tells them.
    const statements = isUnknown(fn.policy) ? [] : fn.policy.statements;
    if (isUnknown(fn.policy)) for (const kind of Object.values(PUSH_PRINCIPALS).flat()) swept.add(kind);
    for (const statement of statements) {
      if (statement.effect !== "Allow") continue;
      const services = statement.principal?.negated ? [] : (statement.principal?.principals.service ?? []);
      const kinds = services.flatMap((service) =>
        typeof service === "string" ? (PUSH_PRINCIPALS[service] ?? []) : [],
      );
      if (kinds.length === 0) continue;
      const named = statement.conditions
        .filter((c) => c.key === "aws:sourcearn")
        .flatMap((c) => c.values)
        .filter((v): v is string => typeof v === "string")
        .flatMap(sourceRefsOf)
        .filter((ref) => kinds.includes(ref.kind));
      if (named.length > 0) await lookUp(named);
      // No source named (or a pattern): any resource of the kind may push to the function.
      else for (const kind of kinds) swept.add(kind);
    }
    for (const kind of swept) add(await port.sweepKind(kind));
    return undefined;
  }

  /** The stores the role's Allow statements name; a pattern sweeps that store kind. */
  async function readStores(fn: LambdaFunction): Promise<string | undefined> {
    if (isUnknown(fn.role)) return `the execution role is unknown (${fn.role.reason})`;
    const role = found.get(fn.role);
    if (role?.kind !== "iam.role") return `role ${fn.role} was not read`;
    const model = new ResourceModel([...found.values()]);
    const { statements, unresolved } = roleStatements(model, role as IamRole);
    if (unresolved.length > 0) return unresolved.map((u) => u.reason.reason).join(", ");
    const named: KindAndArn[] = [];
    const sweep = new Set<ResourceKind>();
    for (const { statement } of statements) {
      if (statement.effect !== "Allow") continue;
      const services = storeServicesOf(statement.action);
      if (services.size === 0) continue;
      const patterns = statement.resource && !statement.resource.negated ? statement.resource.values : undefined;
      if (!patterns || patterns.some(isUnknown)) {
        for (const service of services) sweep.add(STORE_KIND_OF_SERVICE[service]!);
        continue;
      }
      for (const pattern of patterns as string[]) {
        const ref = storeRefOf(pattern);
        if (ref && services.has(ref.service)) named.push(ref);
        else
          for (const service of services)
            if (patternMayName(pattern, service)) sweep.add(STORE_KIND_OF_SERVICE[service]!);
      }
    }
    for (const kind of sweep) add(await port.sweepKind(kind));
    await lookUp(named.filter((ref) => !sweep.has(ref.kind)));
    return undefined;
  }
}

/** The store services an action element may reach; every one for `*`, a `NotAction` or an unknown. */
function storeServicesOf(action: ElementList): Set<string> {
  const all = new Set(Object.keys(STORE_KIND_OF_SERVICE));
  if (action.negated) return all;
  const services = new Set<string>();
  for (const value of action.values) {
    if (typeof value !== "string") return all;
    const service = value.slice(0, value.indexOf(":")).toLowerCase();
    if (value === "*" || service.includes("*") || service.includes("?")) return all;
    if (all.has(service)) services.add(service);
  }
  return services;
}

/** The one store a literal Resource ARN names (an object path or index below it included), if any. */
function storeRefOf(pattern: string): (KindAndArn & { readonly service: string }) | undefined {
  if (/[*?]|\$\{/.test(pattern)) return undefined;
  const [, partition, service, region, account, ...rest] = pattern.split(":");
  const resource = rest.join(":");
  switch (service) {
    case "dynamodb": {
      const table = /^table\/([^/]+)/.exec(resource)?.[1];
      return table
        ? { service, kind: "dynamodb.table", arn: `arn:${partition}:dynamodb:${region}:${account}:table/${table}` }
        : undefined;
    }
    case "s3":
      return resource
        ? { service, kind: "s3.bucket", arn: `arn:${partition}:s3:::${resource.split("/", 1)[0]}` }
        : undefined;
    case "sqs":
      return { service, kind: "sqs.queue", arn: pattern };
    case "sns":
      return { service, kind: "sns.topic", arn: pattern };
    default:
      return undefined;
  }
}

/** Whether a Resource pattern may name a store of `service` (`*`, or an ARN pattern of that service). */
function patternMayName(pattern: string, service: string): boolean {
  if (pattern === "*") return true;
  const named = pattern.split(":")[2] ?? "";
  return named === service || /[*?]/.test(named);
}

/** What an event-source mapping polls: a queue, or the table of a DynamoDB stream. */
function mappingSourceRefs(sourceArn: string): KindAndArn[] {
  const parts = sourceArn.split(":");
  if (parts[2] === "sqs") return [{ kind: "sqs.queue", arn: sourceArn }];
  if (parts[2] === "dynamodb") {
    const table = sourceArn.replace(/\/stream\/.*$/, "");
    return [{ kind: "dynamodb.table", arn: table }];
  }
  return [];
}
