// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips

import { parseArn } from "../model/arn.ts";
import type { ConditionClause, Statement } from "../model/policy.ts";
import type { Resource } from "../model/resources.ts";
import { isKnown, isUnknown, type Unknown, type Value } from "../model/value.ts";

export interface PublicVerdict {
  readonly public: boolean | "unknown";
  /** Why, naming the principal or condition that decided it. */
  readonly reason: string;
}

/** The template token that stands for "this account" in template ARNs and policies. */
export const OWN_ACCOUNT_TOKEN = "${AWS::AccountId}";

/** How to read the values of a resource policy. */
export interface PolicyReading {
  /**
   * Whether `${AWS::…}` tokens are literal text. CloudFormation substitutes them when it deploys, so one left in a
   * deployed policy is a forgotten `!Sub`; in a template's model the readers keep them as tokens that stand for
   * the deployed values. Default false.
   */
  readonly literalTokens?: boolean;
  /**
   * Whether a service principal is a fixed principal, as S3 Block Public Access defines public ("a fixed AWS
   * principal, user, role, or service principal"), rather than open to every account's resources (any account can
   * point its bucket, topic or rule at a function, queue or topic granted to an unpinned service). Default false.
   */
  readonly servicesFixed?: boolean;
}

/** The reading of a resource's policies: tokens are literal unless its own ARN carries them (a template's model). */
export function readingOf(resource: Resource, options: { servicesFixed?: boolean } = {}): PolicyReading {
  return { literalTokens: !resource.arn.includes("${AWS::"), ...options };
}

const PSEUDO_PARAMETER_NAME = /^AWS::[A-Za-z]+$/;
const PSEUDO_PARAMETER_TOKEN = /\$\{AWS::[A-Za-z]+\}/;

/**
 * Why a condition value can never match the request value it is compared with (so it protects nothing), or
 * undefined when it may match: an empty string, a pseudo parameter's name where its value was meant (a forgotten
 * `!Ref`), or in a deployed policy a `${AWS::…}` token left unsubstituted (a forgotten `!Sub`).
 */
export function ineffectiveValue(value: string, reading: PolicyReading = {}): string | undefined {
  if (value === "") return "an empty string matches no request";
  if (PSEUDO_PARAMETER_NAME.test(value))
    return `"${value}" is the pseudo parameter's name, not its value (!Ref forgotten)`;
  if (reading.literalTokens && PSEUDO_PARAMETER_TOKEN.test(value)) {
    return `"${value}" was never substituted (!Sub forgotten)`;
  }
  return undefined;
}

const ACCOUNT_ID = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]+$/;

/**
 * Condition keys that pin who may use a grant. Following AWS's definition of a non-public policy (S3 Block Public
 * Access, IAM Access Analyzer), a statement restricted to fixed values of any of them is not public.
 * `aws:SourceIp` counts too, except for ranges wider than /8 (IPv4) or /32 (IPv6), which AWS treats as public.
 */
const RESTRICTING_KEYS: Readonly<Record<string, (value: string) => boolean>> = {
  "aws:sourcearn": isFixedArn,
  "aws:principalarn": isFixedArn,
  "aws:sourceaccount": isFixedValue,
  "aws:sourceowner": isFixedValue,
  "aws:principalaccount": isFixedValue,
  "aws:principalorgid": isFixedValue,
  "aws:sourceorgid": isFixedValue,
  "aws:principalorgpaths": isFixedOrgPath,
  "aws:sourceorgpaths": isFixedOrgPath,
  "aws:sourcevpce": isFixedValue,
  "aws:sourcevpc": isFixedValue,
  "aws:userid": isFixedValue,
  "aws:sourceip": isNarrowIpRange,
};

/** Operators that admit only the listed values (negated operators admit everything else). */
const POSITIVE_OPERATORS = new Set([
  "StringEquals",
  "StringEqualsIgnoreCase",
  "StringLike",
  "ArnEquals",
  "ArnLike",
  "IpAddress",
]);

function isFixedValue(value: string): boolean {
  return !value.includes("*") && !value.includes("?");
}

/**
 * An ARN is fixed when its account is (no one else can own it); S3 ARNs carry no account, so there the bucket name
 * must be fixed: `arn:aws:s3:::*` or `arn:aws:s3:::logs-*` admit buckets anyone can create.
 */
function isFixedArn(value: string): boolean {
  const arn = parseArn(value);
  if (!arn) return false;
  if (arn.account !== "") return isFixedValue(arn.account);
  return arn.resource !== "" && isFixedValue(arn.resource.split("/", 1)[0] ?? "");
}

/** An ARN that names a fixed account: a bucket ARN names none, and a deleted bucket's name is anyone's to take. */
function isFixedArnWithAccount(value: string): boolean {
  const account = parseArn(value)?.account;
  return account !== undefined && account !== "" && isFixedValue(account);
}

function isFixedOrgPath(value: string): boolean {
  return isFixedValue(value.split("/", 1)[0] ?? "");
}

function isNarrowIpRange(value: string): boolean {
  const [address = "", prefix] = value.split("/");
  const bits = prefix === undefined ? (address.includes(":") ? 128 : 32) : Number(prefix);
  return Number.isInteger(bits) && bits >= (address.includes(":") ? 32 : 8);
}

type KeyTest = Readonly<Record<string, (value: string) => boolean>>;

interface ClauseVerdict {
  readonly clause: ConditionClause;
  /** Whether the clause limits the statement to fixed values of one of the keys: unknown when it is unresolved. */
  readonly restricts: Value<boolean>;
  /** Set when the clause would restrict but none of its values can ever match. */
  readonly ineffective?: string;
}

/**
 * Whether a clause limits the statement to fixed values of one of `keys`: true, false, or unknown when its values
 * (or the whole condition block) could not be resolved. Values that can never match ({@link ineffectiveValue})
 * restrict nothing, and the verdict says so.
 */
function judgeClause(clause: ConditionClause, keys: KeyTest, reading: PolicyReading): ClauseVerdict {
  if (clause.key === "*") return { clause, restricts: clause.values.find(isUnknown) ?? false };
  const fixed = keys[clause.key];
  // IfExists and ForAllValues pass when the key is absent from the request: no restriction.
  if (!fixed || !POSITIVE_OPERATORS.has(clause.operator) || clause.ifExists || clause.setOperator === "ForAllValues") {
    return { clause, restricts: false };
  }
  const unresolved = clause.values.find(isUnknown);
  if (unresolved) return { clause, restricts: unresolved };
  const judged = clause.values.filter(isKnown).map((value) => ({ value, why: ineffectiveValue(value, reading) }));
  const ineffective = judged.flatMap(({ why }) => why ?? []);
  const effective = judged.filter(({ why }) => why === undefined).map(({ value }) => value);
  // StringEquals compares literally: a `*` there matches only a literal `*`, so every value is fixed.
  const literal = clause.operator === "StringEquals" || clause.operator === "StringEqualsIgnoreCase";
  const restricts = effective.length > 0 && (literal || effective.every(fixed));
  if (restricts || ineffective.length === 0) return { clause, restricts };
  return {
    clause,
    restricts,
    ineffective: `condition ${describeClause(clause)} is ineffective: ${ineffective.join("; ")}`,
  };
}

/** The verdicts on a statement's conditions: the first restricting clause, else the first unresolved one. */
function judgeConditions(statement: Statement, keys: KeyTest, reading: PolicyReading) {
  const verdicts = statement.conditions.map((clause) => judgeClause(clause, keys, reading));
  return {
    restricting: verdicts.find((v) => v.restricts === true),
    undecided: verdicts.find((v) => isUnknown(v.restricts)),
    ineffective: verdicts.flatMap((v) => v.ineffective ?? []),
  };
}

/** ` (condition … is ineffective: …)`: what a message adds when a condition that looked protective is not. */
function ineffectiveNote(ineffective: readonly string[]): string {
  return ineffective.length > 0 ? ` (${ineffective.join("; ")})` : "";
}

function describeClause(clause: ConditionClause): string {
  const values = clause.values.map((v) => (isUnknown(v) ? `unknown (${v.reason})` : v));
  return `${clause.operator} ${clause.key} ${JSON.stringify(values)}`;
}

/** Principals of an Allow statement open to principals outside any fixed set, or why they are not. */
function openPrincipals(statement: Statement, reading: PolicyReading): { open: string[]; unresolved: Unknown[] } {
  const principal = statement.principal;
  if (!principal) return { open: [], unresolved: [] };
  const { principals } = principal;
  if (principal.negated) return { open: ["NotPrincipal (everyone except the listed principals)"], unresolved: [] };
  const open: string[] = [];
  const unresolved: Unknown[] = [];
  if (principals.anyone) open.push('"*"');
  for (const value of principals.aws) if (isUnknown(value)) unresolved.push(value);
  // A service principal acts for resources in any account (confused deputy) unless a source condition pins them.
  for (const value of reading.servicesFixed ? [] : principals.service) {
    if (isUnknown(value)) unresolved.push(value);
    else open.push(`service ${value}`);
  }
  // A federated principal admits every identity of its provider.
  for (const value of principals.federated) {
    if (isUnknown(value)) unresolved.push(value);
    else open.push(`federated ${value}`);
  }
  return { open, unresolved };
}

/**
 * Whether a resource-policy statement grants access to anyone: `"*"`, NotPrincipal, or a service / federated
 * principal, none of them pinned by a condition on a fixed source or principal (`aws:SourceArn` with a fixed
 * account or bucket, `aws:SourceAccount`, `aws:SourceOwner`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`,
 * `aws:SourceVpce`, `aws:SourceVpc`, a narrow `aws:SourceIp`, …). Deny statements and account principals are never
 * public grants (whether an account is foreign is {@link accountsGranted}'s question). Unresolved principals or
 * conditions make the answer "unknown", never a guess; a condition whose values can never match is no restriction,
 * and the reason says it is ineffective.
 */
export function isPublic(statement: Statement, reading: PolicyReading = {}): PublicVerdict {
  if (statement.effect === "Deny") return { public: false, reason: "a Deny statement grants nothing" };
  if (!statement.principal) return { public: false, reason: "no Principal: not a resource-policy grant" };
  const { open, unresolved } = openPrincipals(statement, reading);
  if (open.length === 0 && unresolved.length === 0) {
    return { public: false, reason: "granted only to named accounts or principals" };
  }
  const { restricting, undecided, ineffective } = judgeConditions(statement, RESTRICTING_KEYS, reading);
  if (restricting) return { public: false, reason: `restricted by ${describeClause(restricting.clause)}` };
  if (undecided) {
    return { public: "unknown", reason: `condition ${describeClause(undecided.clause)} is unresolved` };
  }
  if (open.length === 0) {
    return { public: "unknown", reason: `principal is unresolved (${unresolved[0]?.reason})` };
  }
  return {
    public: true,
    reason: `${open.join(", ")} without a condition pinning the source or principal${ineffectiveNote(ineffective)}`,
  };
}

/**
 * Conditions that pin the source a service acts for. AWS's public test takes any fixed aws:SourceArn, but a bucket
 * ARN names no account: a deputy check also wants the account (AWS asks for aws:SourceAccount beside a bucket's
 * aws:SourceArn). The other restricting keys stay: a service's request never matches them, so it gets nothing.
 */
const SOURCE_PINNING_KEYS: KeyTest = { ...RESTRICTING_KEYS, "aws:sourcearn": isFixedArnWithAccount };

export interface DeputyVerdict {
  readonly deputy: boolean | "unknown";
  /** Why, naming the services and the condition that decided it. */
  readonly reason: string;
}

/**
 * Whether an Allow statement lets a service principal act on the resource for resources of any account (the
 * confused deputy): no condition pins the source account or organization, or an ARN naming its account.
 */
export function confusedDeputy(statement: Statement, reading: PolicyReading = {}): DeputyVerdict {
  const principal = statement.principal;
  if (statement.effect === "Deny" || !principal || principal.negated) {
    return { deputy: false, reason: "grants no service principal" };
  }
  const services = principal.principals.service;
  if (services.length === 0) return { deputy: false, reason: "grants no service principal" };
  const { restricting, undecided, ineffective } = judgeConditions(statement, SOURCE_PINNING_KEYS, reading);
  if (restricting) return { deputy: false, reason: `pinned by ${describeClause(restricting.clause)}` };
  if (undecided) {
    return { deputy: "unknown", reason: `condition ${describeClause(undecided.clause)} is unresolved` };
  }
  const named = services.filter(isKnown);
  if (named.length === 0) {
    return { deputy: "unknown", reason: `service principal is unresolved (${services.find(isUnknown)?.reason})` };
  }
  const bucketOnly = judgeConditions(statement, RESTRICTING_KEYS, reading).restricting;
  const why = bucketOnly
    ? `only ${describeClause(bucketOnly.clause)}, whose bucket ARN names no account (add aws:SourceAccount)`
    : "without aws:SourceAccount, aws:SourceArn naming the account, or aws:SourceOrgID";
  return { deputy: true, reason: `service ${named.join(", ")} ${why}${ineffectiveNote(ineffective)}` };
}

/** The account of an AWS principal: a 12-digit id, an IAM/STS ARN, or the template's own-account token. */
function accountOfPrincipal(principal: string): string | undefined {
  if (ACCOUNT_ID.test(principal) || principal === OWN_ACCOUNT_TOKEN) return principal;
  const account = parseArn(principal)?.account;
  return account && isFixedValue(account) ? account : undefined;
}

const ACCOUNT_KEYS = new Set(["aws:sourceaccount", "aws:sourceowner", "aws:principalaccount"]);

/**
 * Accounts an Allow statement grants: those of AWS principals (ids, ARNs, `${AWS::AccountId}`), and, for `*` or
 * service principals, the accounts pinned by `aws:SourceAccount` / `aws:SourceOwner` / `aws:PrincipalAccount` or
 * by the account of a fixed `aws:SourceArn`. Unresolved principals stay unknown entries.
 */
export function accountsGranted(statement: Statement): readonly Value<string>[] {
  if (statement.effect !== "Allow" || !statement.principal || statement.principal.negated) return [];
  const { principals } = statement.principal;
  const accounts: Value<string>[] = [];
  for (const value of principals.aws) {
    if (isUnknown(value)) accounts.push(value);
    else {
      const account = accountOfPrincipal(value);
      if (account) accounts.push(account);
    }
  }
  if (principals.anyone || principals.service.length > 0) {
    for (const clause of statement.conditions) {
      if (!POSITIVE_OPERATORS.has(clause.operator)) continue;
      const fromArn = clause.key === "aws:sourcearn";
      if (!fromArn && !ACCOUNT_KEYS.has(clause.key)) continue;
      for (const value of clause.values) {
        if (isUnknown(value)) accounts.push(value);
        else {
          const account = fromArn ? parseArn(value)?.account : value;
          if (account && isFixedValue(account)) accounts.push(account);
        }
      }
    }
  }
  return [...new Set(accounts)];
}

/** Organization ids an Allow statement admits through `aws:PrincipalOrgID` / `aws:SourceOrgID` conditions. */
export function organizationsGranted(statement: Statement): readonly Value<string>[] {
  if (statement.effect !== "Allow") return [];
  return statement.conditions
    .filter(
      (c) => POSITIVE_OPERATORS.has(c.operator) && (c.key === "aws:principalorgid" || c.key === "aws:sourceorgid"),
    )
    .flatMap((c) => c.values)
    .filter((v) => isUnknown(v) || ORG_ID.test(v));
}

export interface AccountTrust {
  /** The account that owns the resource: a 12-digit id, or absent when only the template token is known. */
  readonly ownAccount?: string;
  readonly trustedAccounts: readonly string[];
}

/** Whether an account is the resource's own (the template token always is) or a trusted one. */
export function isTrustedAccount(account: string, trust: AccountTrust): boolean {
  return account === OWN_ACCOUNT_TOKEN || account === trust.ownAccount || trust.trustedAccounts.includes(account);
}

/** The 12-digit account that owns a resource, from its ARN or its origin; absent for template resources. */
export function accountOfResource(resource: Resource): string | undefined {
  const fromArn = parseArn(resource.arn)?.account;
  if (fromArn && ACCOUNT_ID.test(fromArn)) return fromArn;
  return resource.origin.type === "pulumi" ? undefined : resource.origin.account;
}
