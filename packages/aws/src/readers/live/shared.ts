import {
  type Origin,
  type PolicyDocumentValue,
  parsePolicyDocument,
  type Resource,
  type ResourceKind,
  type Unknown,
  unknown,
  type Value,
} from "@vigil/core";
import type { ServiceName } from "./clients.ts";
import type {
  AnyCommand,
  CallOptions,
  CallResult,
  OutputOf,
  ReadErrorKind,
  ReadSession,
  SessionScope,
} from "./session.ts";

/** A live reader: the kinds it builds, the IAM actions it may call, a sweep and targeted reads. */
export interface LiveReader {
  readonly service: ServiceName;
  readonly kinds: readonly ResourceKind[];
  /** Read once per account rather than once per region (IAM). */
  readonly global?: boolean;
  /** Every IAM action the sweep and the targeted reads call; the published policy is computed from these. */
  readonly permissions: readonly string[];
  sweep(session: ReadSession): Promise<Resource[]>;
  /** Reads one resource of `kind` by ARN and its neighbours within this service; [] when it no longer exists. */
  readOne(session: ReadSession, kind: ResourceKind, arn: string): Promise<Resource[]>;
}

export function liveOrigin(scope: SessionScope): Origin {
  return { type: "live", account: scope.account, region: scope.region };
}

/** Normalises a policy document read from an API; an unparsable document becomes unknown plus an error. */
export function readPolicy(
  session: ReadSession,
  service: ServiceName,
  action: string,
  text: string | undefined,
  resource: string,
): PolicyDocumentValue {
  if (text === undefined || text === "") return { statements: [] };
  try {
    return parsePolicyDocument(text);
  } catch (error) {
    return unknown(session.invalid(service, action, (error as Error).message, resource));
  }
}

/** The tags of a kind whose live reads carry none: unknown, never "no tags". */
export function tagsNotRead(kind: ResourceKind): Unknown {
  return unknown(`the live read of a ${kind} does not read its tags`);
}

/** `{Key, Value}` pairs, as most APIs return tags, as a map. */
export function tagMap(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
}

/**
 * The tags a resource's own tag call answered. No call (`undefined`): a sweep, whose tags the Tagging API fills in
 * (withTags). A failed call: unknown. `absent`: what the call's not-found error means (a resource deleted
 * meanwhile, or S3's NoSuchTagSet: no tags).
 */
export function tagsOfCall<O>(
  tagged: CallResult<O> | undefined,
  tags: (output: O) => Record<string, string>,
  absent: Value<Record<string, string>> = unknown("deleted while being read"),
): Value<Record<string, string>> {
  if (tagged === undefined) return {};
  if (tagged.status === "ok") return tags(tagged.output);
  return tagged.status === "failed" ? unknown(tagged.reason) : absent;
}

/** Entries of a string map as environment-variable-like pairs (stage variables, Lambda environment). */
export function variables(map: Readonly<Record<string, string>> | undefined) {
  return Object.entries(map ?? {}).map(([name, value]) => ({ name, value }));
}

export interface Pages<T> {
  readonly items: T[];
  /** Set when a page failed: the list is incomplete. */
  readonly failed?: string;
  /** How that page failed, when it did (not when it was absent). */
  readonly failure?: ReadErrorKind;
  /** A page answered one of `absentWhen`: what the list belongs to (a topic's subscriptions) does not exist. */
  readonly absent?: true;
}

/** Follows a paginated list call to its end, or to the first failed page. */
export async function readPages<C extends AnyCommand, T>(
  session: ReadSession,
  service: ServiceName,
  command: (token: string | undefined) => C,
  page: (output: OutputOf<C>) => { readonly items?: readonly T[]; readonly next?: string | undefined },
  options: CallOptions = {},
): Promise<Pages<T>> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const result = await session.call(service, command(token), options);
    if (result.status === "failed") return { items, failed: result.reason, failure: result.kind };
    if (result.status === "absent") return { items, failed: "absent", absent: true };
    const { items: pageItems, next } = page(result.output);
    items.push(...(pageItems ?? []));
    token = next;
  } while (token);
  return { items };
}

/** `arn:aws:lambda:…:function:name` from the URI of an API Gateway Lambda integration, or the ARN itself. */
export function lambdaArnOfIntegration(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const match = /functions\/(arn:[^/]+:lambda:[^/]+)\/invocations/.exec(uri);
  if (match) return match[1];
  return /^arn:[^:]+:lambda:/.test(uri) ? uri : undefined;
}
