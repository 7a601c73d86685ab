import { parseArn } from "../model/arn.ts";
import type { Statement } from "../model/policy.ts";
import type { Value } from "../model/value.ts";
import { anyValueMatches, not } from "./logic.ts";
import { arnMatches } from "./patterns.ts";

const ONLY_WILDCARDS = /^\*+$/;

/** Whether a Resource pattern matches every ARN: `*`, or `arn:<partition>:*:*:*:*`. */
export function isAnyResource(pattern: string): boolean {
  if (ONLY_WILDCARDS.test(pattern)) return true;
  const arn = parseArn(pattern);
  return arn !== undefined && ONLY_WILDCARDS.test(arn.service) && ONLY_WILDCARDS.test(arn.resource);
}

/**
 * Whether a Resource pattern covers every resource of its type in some account: `*`, `arn:aws:iam::*:role/*`,
 * `arn:aws:lambda:us-east-1:123456789012:function:*`, `arn:aws:s3:::*`. A pattern naming a resource, or a path
 * below one (`arn:aws:s3:::uploads/*`, `…:table/orders/index/*`), is bounded.
 */
export function isUnboundedResource(pattern: string): boolean {
  if (isAnyResource(pattern)) return true;
  const arn = parseArn(pattern);
  if (!arn) return false;
  // S3 ARNs have no type prefix: the resource part starts with the bucket name.
  const name = arn.service === "s3" ? arn.resource : arn.resource.replace(/^[a-z][a-z0-9-]*[/:]/i, "");
  return name.startsWith("*");
}

/**
 * Whether a statement's Resource (or NotResource) covers `arn`. A statement without either applies to the resource
 * that holds the policy (resource policies), so it covers it. Unresolved values make the answer unknown unless a
 * known value already decides it.
 */
export function coversResource(statement: Statement, arn: string): Value<boolean> {
  if (!statement.resource) return true;
  const listed = anyValueMatches(statement.resource.values, (pattern) => arnMatches(pattern, arn));
  return statement.resource.negated ? not(listed) : listed;
}

/** Whether the statement applies to all resources (`*`, or NotResource that excludes a few). */
export function coversAllResources(statement: Statement): Value<boolean> {
  if (!statement.resource) return false;
  if (statement.resource.negated) return true;
  return anyValueMatches(statement.resource.values, isAnyResource);
}

/** Whether the statement applies to every resource of some type (see {@link isUnboundedResource}). */
export function coversUnboundedResource(statement: Statement): Value<boolean> {
  if (!statement.resource) return false;
  if (statement.resource.negated) return true;
  return anyValueMatches(statement.resource.values, isUnboundedResource);
}

/**
 * Whether a statement's Resource covers `arn` or something below it: an S3 object of a bucket
 * (`arn:aws:s3:::uploads/private/*`), an index or stream of a table (`…:table/orders/index/*`). Flows to a data
 * store count such grants.
 */
export function coversResourceOrBelow(statement: Statement, arn: string): Value<boolean> {
  if (!statement.resource) return true;
  const listed = anyValueMatches(statement.resource.values, (pattern) => patternReachesBelow(pattern, arn));
  return statement.resource.negated ? not(coversResource(statement, arn)) : listed;
}

function patternReachesBelow(pattern: string, arn: string): boolean {
  if (arnMatches(pattern, arn)) return true;
  // A pattern reaches below `arn` when the part before one of its slashes matches `arn` itself.
  for (let slash = pattern.indexOf("/"); slash >= 0; slash = pattern.indexOf("/", slash + 1)) {
    if (arnMatches(pattern.slice(0, slash), arn)) return true;
  }
  return false;
}
