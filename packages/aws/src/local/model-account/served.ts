/**
 * What the answers of a {@link ModelAccount} share: the state as one client sees it, pages, metadata, documents and
 * the identifiers AWS would mint for what the model does not name.
 */
import { createHash, randomUUID } from "node:crypto";
import type { PolicyDocument, Resource, ResourceKind, ResourceOfKind, Unknown } from "@vigil/core";

/** A model value with every `Unknown` ruled out: what the state holds once {@link ModelAccount.put} checked it. */
export type Known<T> = T extends Unknown
  ? never
  : T extends readonly (infer E)[]
    ? readonly Known<E>[]
    : T extends object
      ? { readonly [K in keyof T]: Known<T[K]> }
      : T;

export type KnownOfKind<K extends ResourceKind> = Known<ResourceOfKind<K>>;

/** The state as the client of one region sees it. */
export interface ServedAccount {
  readonly account: string;
  readonly partition: string;
  /** The region of the client that asks. */
  readonly region: string;
  /** The resources of `kind` in the asking region, in state order. */
  regional<K extends ResourceKind>(kind: K): KnownOfKind<K>[];
  /** The resources of `kind` in every region: IAM is global, and S3 and SQS reach a resource of any region. */
  everywhere<K extends ResourceKind>(kind: K): KnownOfKind<K>[];
  /** The region a resource lives in: its ARN's, else (S3) the region its origin names. */
  regionOf(resource: Known<Resource>): string;
}

/** How one service answers: its operations by name, each from the request's input and the state. */
export type ServiceAnswers = Readonly<Record<string, (input: never, account: ServedAccount) => object>>;

/** A command's output without the `$metadata` that every answer gets alike. */
export type Reply<O> = Omit<O, "$metadata">;

/** The metadata of a response, as the SDK reads it from the HTTP exchange (one attempt: nothing retries here). */
export function responseMetadata(httpStatusCode: number) {
  return { httpStatusCode, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 };
}

/** The options of an SDK service exception: its message and the metadata of the failed response. */
export function failure(httpStatusCode: number, message: string) {
  return { message, $metadata: responseMetadata(httpStatusCode) };
}

/** The model holds no creation times: everything the account serves was created at this instant. */
export const CREATED = new Date("2026-01-01T00:00:00.000Z");

/**
 * One page of `items` from `token` (a token this account issued: the offset as text), at most `size` long, and the
 * token of the next page when there is one.
 */
export function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new Error(`ModelAccount: ${JSON.stringify(token)} is not a page token it issued`);
  }
  const end = start + size;
  return end < items.length ? { items: items.slice(start, end), next: String(end) } : { items: items.slice(start) };
}

/** The page size a request asks for, within what the API allows. */
export function pageSize(requested: number | string | undefined, fallback: number, max: number): number {
  const asked = requested === undefined ? fallback : Number(requested);
  return Math.max(1, Math.min(asked, max));
}

/** A policy document as JSON, each statement as written. */
export function policyJson(document: Known<PolicyDocument>): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: document.statements.map((s) => s.raw) });
}

/** An identifier AWS would have minted, the same for the same parts: `length` characters of `alphabet`. */
export function stableId(parts: readonly string[], length: number, alphabet = "0123456789abcdef"): string {
  const digest = createHash("sha256").update(parts.join("\n")).digest();
  return Array.from(digest.subarray(0, length), (byte) => alphabet[byte % alphabet.length]).join("");
}

/** A UUID AWS would have minted, the same for the same parts. */
export function stableUuid(...parts: string[]): string {
  const hex = stableId(parts, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The text after the last `separator` of an ARN: a function's, rule's or role's name. */
export function lastSegment(arn: string, separator: string): string {
  return arn.slice(arn.lastIndexOf(separator) + 1);
}

/** Tags as the list most APIs carry them. */
export function tagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** Tags as the map some APIs carry them, or nothing when there are none (AWS then omits the field). */
export function tagMap(tags: Readonly<Record<string, string>>): { [key: string]: string } | undefined {
  return Object.keys(tags).length > 0 ? { ...tags } : undefined;
}
