import { type ArnParts, parseArn } from "../model/arn.ts";

/** IAM wildcard patterns: `*` matches any run of characters (none included), `?` exactly one. */

const caseSensitive = new Map<string, RegExp>();
const caseInsensitive = new Map<string, RegExp>();

function patternRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cache = ignoreCase ? caseInsensitive : caseSensitive;
  let regexp = cache.get(pattern);
  if (!regexp) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regexp = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    cache.set(pattern, regexp);
  }
  return regexp;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** Whether an Action / NotAction pattern matches an action name; IAM action names are case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  if (!hasWildcard(pattern)) return pattern.length === action.length && pattern.toLowerCase() === action.toLowerCase();
  return patternRegExp(pattern, true).test(action);
}

/**
 * Whether a Resource pattern (or an `ArnLike` value) matches an ARN. As in IAM, each of the six colon-delimited
 * parts is matched on its own, case-sensitively; a pattern that is not ARN-shaped (`*`) matches as a whole.
 * Template tokens such as `${AWS::Region}` are literal text on both sides.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  // Without wildcards every part matches exactly when the whole does.
  if (!hasWildcard(pattern)) return pattern === arn;
  if (isFixedPrefixPattern(pattern)) return arn.startsWith(pattern.slice(0, -1));
  const patternParts = parseArn(pattern);
  const arnParts = parseArn(arn);
  if (!patternParts || !arnParts) return patternRegExp(pattern, false).test(arn);
  return (Object.keys(patternParts) as (keyof ArnParts)[]).every((part) =>
    patternRegExp(patternParts[part], false).test(arnParts[part]),
  );
}

/**
 * `arn:aws:dynamodb:us-east-1:123456789012:table/orders/*`: literal up to one trailing `*` in the resource part,
 * the common shape in roles. It matches exactly the ARNs that start with its literal part, with no parsing.
 */
function isFixedPrefixPattern(pattern: string): boolean {
  const star = pattern.indexOf("*");
  if (star !== pattern.length - 1 || pattern.includes("?") || pattern.includes("${")) return false;
  let colons = 0;
  for (let i = 0; i < star; i++) if (pattern.charCodeAt(i) === 58) colons++;
  return colons >= 5 && pattern.startsWith("arn:");
}
