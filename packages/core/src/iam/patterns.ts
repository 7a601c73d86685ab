import { type ArnParts, normalArn, parseArn } from "../model/arn.ts";

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
 * Both sides are first put in one normal form ({@link normalArn}); a pseudo parameter the template cannot know
 * (`${AWS::Region}`, `${AWS::AccountId}`, `${AWS::StackName}`, `${AWS::StackId}`) then matches any value on the
 * other side, as it will once deployed, and itself. Logical references (`${OrdersTable}`) are literal text.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  const normalPattern = normalArn(pattern);
  const normal = normalArn(arn);
  if (literalMatch(normalPattern, normal)) return true;
  const patternOpen = OPEN_TOKEN.test(normalPattern);
  const arnOpen = OPEN_TOKEN.test(normal);
  if (!patternOpen && !arnOpen) return false;
  // An open token stands for a value within its ARN part: read it as a wildcard on whichever side holds it.
  if (patternOpen && literalMatch(openAsWildcards(normalPattern), normal)) return true;
  return arnOpen && !hasWildcard(normalPattern) && literalMatch(openAsWildcards(normal), normalPattern);
}

const OPEN_TOKEN = /\$\{AWS::(?:Region|AccountId|StackName|StackId)\}/;
const OPEN_TOKENS = new RegExp(OPEN_TOKEN.source, "g");

const openAsWildcards = (text: string) => text.replace(OPEN_TOKENS, "*");

function literalMatch(pattern: string, arn: string): boolean {
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
