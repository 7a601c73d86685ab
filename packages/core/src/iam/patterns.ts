import { type ArnParts, parseArn } from "../model/arn.ts";

/** IAM wildcard patterns: `*` matches any run of characters (none included), `?` exactly one. */

const cache = new Map<string, RegExp>();

function patternRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? "i" : "s"}${pattern}`;
  let regexp = cache.get(key);
  if (!regexp) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regexp = new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
    cache.set(key, regexp);
  }
  return regexp;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** Whether an Action / NotAction pattern matches an action name; IAM action names are case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return patternRegExp(pattern, true).test(action);
}

/**
 * Whether a Resource pattern (or an `ArnLike` value) matches an ARN. As in IAM, each of the six colon-delimited
 * parts is matched on its own, case-sensitively; a pattern that is not ARN-shaped (`*`) matches as a whole.
 * Template tokens such as `${AWS::Region}` are literal text on both sides.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  const patternParts = parseArn(pattern);
  const arnParts = parseArn(arn);
  if (!patternParts || !arnParts) return patternRegExp(pattern, false).test(arn);
  return (Object.keys(patternParts) as (keyof ArnParts)[]).every((part) =>
    patternRegExp(patternParts[part], false).test(arnParts[part]),
  );
}
