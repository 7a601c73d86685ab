import type {
  ConditionClause,
  ElementList,
  PolicyDocument,
  PolicyString,
  PrincipalSet,
  Statement,
} from "../model/policy.ts";
import { isUnknown, type Unknown, unknown } from "../model/value.ts";

/** Raised for a document that is not an IAM policy at all; readers turn it into an error result. */
export class PolicyParseError extends Error {
  override name = "PolicyParseError";
}

type Raw = unknown;

function asList(value: Raw): Raw[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function toPolicyString(value: Raw, where: string): PolicyString {
  if (typeof value === "string") return value;
  if (isUnknown(value)) return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return unknown(`${where}: not a string (${JSON.stringify(value)})`);
}

function elementList(statement: Record<string, Raw>, key: string, notKey: string): ElementList | undefined {
  const negated = statement[notKey] !== undefined;
  const raw = negated ? statement[notKey] : statement[key];
  if (raw === undefined) return undefined;
  if (isUnknown(raw)) return { negated, values: [raw] };
  return { negated, values: asList(raw).map((v) => toPolicyString(v, negated ? notKey : key)) };
}

function principalSet(raw: Raw): PrincipalSet {
  if (raw === "*") return { anyone: true, aws: ["*"], service: [], federated: [], canonicalUser: [] };
  if (isUnknown(raw)) return { anyone: false, aws: [raw], service: [], federated: [], canonicalUser: [] };
  if (typeof raw !== "object" || raw === null) {
    throw new PolicyParseError(`Principal must be "*" or an object, got ${JSON.stringify(raw)}`);
  }
  const map = raw as Record<string, Raw>;
  const list = (key: string) => asList(map[key]).map((v) => toPolicyString(v, `Principal.${key}`));
  const aws = list("AWS");
  return {
    anyone: aws.some((p) => p === "*"),
    aws,
    service: list("Service"),
    federated: list("Federated"),
    canonicalUser: list("CanonicalUser"),
  };
}

function conditions(raw: Raw): ConditionClause[] {
  if (raw === undefined) return [];
  if (isUnknown(raw) || typeof raw !== "object" || raw === null) {
    // An unresolvable condition block may restrict anything: keep it as an opaque clause so that
    // "is this statement public?" answers "cannot tell" rather than "yes".
    return [{ operator: "Unknown", key: "*", values: [isUnknown(raw) ? raw : unknown("Condition")], ifExists: false }];
  }
  const clauses: ConditionClause[] = [];
  for (const [fullOperator, block] of Object.entries(raw as Record<string, Raw>)) {
    let operator = fullOperator;
    let setOperator: ConditionClause["setOperator"];
    const qualifier = /^(ForAnyValue|ForAllValues):/.exec(operator);
    if (qualifier) {
      setOperator = qualifier[1] as "ForAnyValue" | "ForAllValues";
      operator = operator.slice(qualifier[0].length);
    }
    const ifExists = operator.endsWith("IfExists");
    if (ifExists) operator = operator.slice(0, -"IfExists".length);
    if (typeof block !== "object" || block === null || isUnknown(block)) {
      clauses.push({
        operator,
        key: "*",
        values: [unknown(`Condition ${fullOperator}`)],
        ifExists,
        ...(setOperator && { setOperator }),
      });
      continue;
    }
    for (const [key, values] of Object.entries(block as Record<string, Raw>)) {
      clauses.push({
        operator,
        key: key.toLowerCase(),
        values: asList(values).map((v) => toPolicyString(v, `Condition.${fullOperator}.${key}`)),
        ifExists,
        ...(setOperator && { setOperator }),
      });
    }
  }
  return clauses;
}

function normalizeStatement(raw: Raw, index: number): Statement {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PolicyParseError(`Statement ${index} is not an object`);
  }
  const statement = raw as Record<string, Raw>;
  const effect = statement.Effect;
  if (effect !== "Allow" && effect !== "Deny") {
    throw new PolicyParseError(`Statement ${index}: Effect must be "Allow" or "Deny", got ${JSON.stringify(effect)}`);
  }
  const action = elementList(statement, "Action", "NotAction");
  if (!action) throw new PolicyParseError(`Statement ${index}: neither Action nor NotAction`);
  const resource = elementList(statement, "Resource", "NotResource");
  const principalNegated = statement.NotPrincipal !== undefined;
  const principalRaw = principalNegated ? statement.NotPrincipal : statement.Principal;
  return {
    index,
    ...(typeof statement.Sid === "string" && { sid: statement.Sid }),
    effect,
    action,
    ...(resource && { resource }),
    ...(principalRaw !== undefined && {
      principal: { negated: principalNegated, principals: principalSet(principalRaw) },
    }),
    conditions: conditions(statement.Condition),
    raw,
  };
}

/**
 * Normalises a policy document as written (JSON string, URL-encoded JSON, or object; `Statement` as object or
 * array; every element as string or list) into one shape. Template readers may leave unresolved values as
 * {@link Unknown} anywhere a string can stand.
 */
export function parsePolicyDocument(input: Raw): PolicyDocument | Unknown {
  if (isUnknown(input)) return input;
  let raw = input;
  if (typeof raw === "string") {
    const text = raw.trimStart().startsWith("%7B") || raw.trimStart().startsWith("%7b") ? decodeURIComponent(raw) : raw;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new PolicyParseError(`policy is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PolicyParseError("policy document must be an object");
  }
  const statementRaw = (raw as Record<string, Raw>).Statement;
  if (isUnknown(statementRaw)) return statementRaw;
  return { statements: asList(statementRaw).map((s, i) => normalizeStatement(s, i)) };
}
