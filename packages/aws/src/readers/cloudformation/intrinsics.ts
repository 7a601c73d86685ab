import { isUnknown, type Unknown, unknown, type Value } from "@vigil/core";

/** `Ref: AWS::NoValue`: the property is removed. */
export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

/** Pseudo-parameters kept as literal tokens, so template ARNs read `arn:${AWS::Partition}:…`. */
const PSEUDO_TOKENS = new Set([
  "AWS::AccountId",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

/** What the resolver needs to know about the template's resources. */
export interface ResourceReferences {
  has(logicalId: string): boolean;
  ref(logicalId: string): Value<string>;
  getAtt(logicalId: string, attribute: string): Value<string>;
}

type Json = unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isUnknown(value);
}

function firstUnknown(value: unknown): Unknown | undefined {
  if (isUnknown(value)) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstUnknown(item);
      if (found) return found;
    }
  } else if (isRecord(value)) {
    for (const item of Object.values(value)) {
      const found = firstUnknown(item);
      if (found) return found;
    }
  }
  return undefined;
}

function asString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** The logical id an intrinsic points at (`Ref X`, `GetAtt X.Attr`, a bare `${X}` Sub), if any. */
export function referencedLogicalId(raw: unknown): string | undefined {
  if (!isRecord(raw)) return undefined;
  if (typeof raw.Ref === "string") return raw.Ref;
  const getAtt = raw["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string") return getAtt[0];
  const sub = raw["Fn::Sub"];
  if (typeof sub === "string") return /^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}$/.exec(sub)?.[1];
  return undefined;
}

/**
 * Resolves CloudFormation intrinsic functions as far as a template allows: what depends on deploy-time
 * values becomes {@link Unknown} with the reason, pseudo-parameters stay tokens, `AWS::NoValue` disappears.
 */
export class IntrinsicResolver {
  readonly #conditionCache = new Map<string, boolean | Unknown>();
  readonly #evaluating = new Set<string>();

  constructor(
    private readonly template: Record<string, unknown>,
    /** Parameter values given by the caller (or a parent stack). */
    private readonly parameterValues: Readonly<Record<string, unknown>>,
    private readonly resources: ResourceReferences,
  ) {}

  resolve(value: Json): Json {
    const resolved = this.#resolve(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  #resolve(value: Json): Json {
    if (Array.isArray(value)) {
      return value.map((v) => this.#resolve(v)).filter((v) => v !== NO_VALUE);
    }
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const key = keys[0]!;
      const argument = value[key];
      if (key === "Ref") return this.#ref(argument);
      if (key.startsWith("Fn::")) return this.#function(key, argument);
      if (key === "Condition" && typeof argument === "string") return this.condition(argument);
    }
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const resolved = this.#resolve(v);
      if (resolved !== NO_VALUE) result[k] = resolved;
    }
    return result;
  }

  #ref(name: unknown): Json {
    if (typeof name !== "string") return unknown(`Ref of ${JSON.stringify(name)}`);
    if (name === "AWS::NoValue") return NO_VALUE;
    if (PSEUDO_TOKENS.has(name)) return `\${${name}}`;
    if (name.startsWith("AWS::")) return unknown(`Ref ${name}`);
    const parameters = (this.template.Parameters ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const parameter = parameters[name];
    if (parameter) {
      if (!(name in this.parameterValues)) {
        const fallback = parameter.Default === undefined ? "" : ` (default ${JSON.stringify(parameter.Default)})`;
        return unknown(`Ref ${name}: parameter without a value${fallback}`);
      }
      const given = this.parameterValues[name];
      const type = String(parameter.Type ?? "");
      if (typeof given === "string" && (type.startsWith("List<") || type === "CommaDelimitedList")) {
        return given.split(",").map((item) => item.trim());
      }
      return given;
    }
    if (this.resources.has(name)) return this.resources.ref(name);
    return unknown(`Ref ${name}: no such parameter or resource`);
  }

  #getAtt(argument: unknown): Value<string> {
    let logicalId: unknown;
    let attribute: unknown;
    if (typeof argument === "string") {
      const dot = argument.indexOf(".");
      [logicalId, attribute] = [argument.slice(0, dot), argument.slice(dot + 1)];
    } else if (Array.isArray(argument)) {
      logicalId = argument[0];
      const path = argument.slice(1).map((part) => this.#resolve(part));
      attribute = path.every((part) => typeof part === "string") ? path.join(".") : undefined;
    }
    if (typeof logicalId !== "string" || typeof attribute !== "string") {
      return unknown(`Fn::GetAtt ${JSON.stringify(argument)}`);
    }
    if (!this.resources.has(logicalId)) return unknown(`Fn::GetAtt ${logicalId}.${attribute}: no such resource`);
    return this.resources.getAtt(logicalId, attribute);
  }

  #function(name: string, argument: unknown): Json {
    switch (name) {
      case "Fn::GetAtt":
        return this.#getAtt(argument);
      case "Fn::Sub":
        return this.#sub(argument);
      case "Fn::Join":
        return this.#join(argument);
      case "Fn::Select": {
        if (!Array.isArray(argument)) return unknown("Fn::Select: not a list");
        const index = this.#resolve(argument[0]);
        const list = this.#resolve(argument[1]);
        if (isUnknown(list)) return unknown(`Fn::Select: ${list.reason}`);
        const i = typeof index === "number" ? index : Number(index);
        if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) {
          return unknown(`Fn::Select ${JSON.stringify(index)}: out of range`);
        }
        return list[i];
      }
      case "Fn::Split": {
        if (!Array.isArray(argument)) return unknown("Fn::Split: not a list");
        const delimiter = this.#resolve(argument[0]);
        const source = this.#resolve(argument[1]);
        if (isUnknown(source)) return unknown(`Fn::Split: ${source.reason}`);
        if (typeof delimiter !== "string" || typeof source !== "string") return unknown("Fn::Split: not strings");
        return source.split(delimiter);
      }
      case "Fn::FindInMap":
        return this.#findInMap(argument);
      case "Fn::If": {
        if (!Array.isArray(argument) || typeof argument[0] !== "string") return unknown("Fn::If: malformed");
        const decided = this.condition(argument[0]);
        if (isUnknown(decided)) return unknown(`Fn::If ${argument[0]}: ${decided.reason}`);
        return this.#resolve(decided ? argument[1] : argument[2]);
      }
      case "Fn::Equals":
      case "Fn::Not":
      case "Fn::And":
      case "Fn::Or":
        return this.#evaluate({ [name]: argument });
      case "Fn::ImportValue": {
        const exported = this.#resolve(argument);
        return unknown(`Fn::ImportValue ${typeof exported === "string" ? exported : "(computed name)"}`);
      }
      case "Fn::GetAZs":
        return unknown("Fn::GetAZs: availability zones are known at deploy time");
      case "Fn::Cidr":
        return unknown("Fn::Cidr: computed at deploy time");
      case "Fn::Base64": {
        const text = this.#resolve(argument);
        if (typeof text === "string" && !text.includes("${")) return Buffer.from(text).toString("base64");
        return unknown("Fn::Base64 of a deploy-time value");
      }
      case "Fn::ToJsonString": {
        const resolved = this.#resolve(argument);
        const missing = firstUnknown(resolved);
        return missing ? unknown(`Fn::ToJsonString: ${missing.reason}`) : JSON.stringify(resolved);
      }
      case "Fn::Length": {
        const list = this.#resolve(argument);
        return Array.isArray(list) ? list.length : unknown("Fn::Length of a deploy-time list");
      }
      default:
        return unknown(`${name} is not supported`);
    }
  }

  #join(argument: unknown): Json {
    if (!Array.isArray(argument)) return unknown("Fn::Join: not a list");
    const delimiter = this.#resolve(argument[0]);
    const list = this.#resolve(argument[1]);
    if (isUnknown(list)) return unknown(`Fn::Join: ${list.reason}`);
    if (typeof delimiter !== "string" || !Array.isArray(list)) return unknown("Fn::Join: malformed");
    const parts: string[] = [];
    for (const item of list) {
      if (isUnknown(item)) return unknown(`Fn::Join: ${item.reason}`);
      const text = asString(item);
      if (text === undefined) return unknown("Fn::Join: an element is not a string");
      parts.push(text);
    }
    return parts.join(delimiter);
  }

  #sub(argument: unknown): Json {
    let text: unknown = argument;
    let variables: Record<string, unknown> = {};
    if (Array.isArray(argument)) {
      text = argument[0];
      const given = this.#resolve(argument[1] ?? {});
      if (isRecord(given)) variables = given;
    }
    if (typeof text !== "string") return unknown("Fn::Sub: not a string");
    let missing: Unknown | undefined;
    const result = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith("!")) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      let value: unknown;
      if (name in variables) value = variables[name];
      else if (PSEUDO_TOKENS.has(name)) return whole;
      else if (name.includes(".") && !name.startsWith("AWS::")) value = this.#getAtt(name);
      else value = this.#ref(name);
      if (isUnknown(value)) {
        missing ??= value;
        return whole;
      }
      const asText = asString(value);
      if (asText === undefined) {
        missing ??= unknown(`Fn::Sub \${${name}} is not a string`);
        return whole;
      }
      return asText;
    });
    return missing ? unknown(`Fn::Sub: ${missing.reason}`) : result;
  }

  #findInMap(argument: unknown): Json {
    if (!Array.isArray(argument)) return unknown("Fn::FindInMap: not a list");
    const keys = argument.slice(0, 3).map((k) => this.#resolve(k));
    const missing = keys.find(isUnknown);
    if (missing) return unknown(`Fn::FindInMap: ${missing.reason}`);
    const [mapName, top, second] = keys.map(asString);
    const mappings = (this.template.Mappings ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
    const value = mappings[mapName ?? ""]?.[top ?? ""]?.[second ?? ""];
    if (value === undefined) {
      if ([mapName, top, second].some((k) => k?.includes("${"))) {
        return unknown(`Fn::FindInMap ${keys.join(".")}: key known at deploy time`);
      }
      return unknown(`Fn::FindInMap ${keys.join(".")}: no such entry`);
    }
    return value;
  }

  /** A named condition from `Conditions`: true, false, or unknown when it depends on deploy-time values. */
  condition(name: string): boolean | Unknown {
    const cached = this.#conditionCache.get(name);
    if (cached !== undefined) return cached;
    const conditions = (this.template.Conditions ?? {}) as Record<string, unknown>;
    if (!(name in conditions)) return unknown(`Condition ${name}: not defined`);
    if (this.#evaluating.has(name)) return unknown(`Condition ${name}: circular`);
    this.#evaluating.add(name);
    const result = this.#evaluate(conditions[name]);
    this.#evaluating.delete(name);
    const decided = isUnknown(result) ? unknown(`Condition ${name}: ${result.reason}`) : result;
    this.#conditionCache.set(name, decided);
    return decided;
  }

  #evaluate(expression: unknown): boolean | Unknown {
    if (typeof expression === "boolean") return expression;
    if (!isRecord(expression)) return unknown("condition is not an expression");
    if (typeof expression.Condition === "string") return this.condition(expression.Condition);
    const [name, argument] = Object.entries(expression)[0] ?? [];
    const operands = Array.isArray(argument) ? argument : [];
    switch (name) {
      case "Fn::Equals": {
        const [left, right] = operands.map((o) => this.#resolve(o));
        const missing = firstUnknown([left, right]);
        if (missing) return missing;
        const a = JSON.stringify(left);
        const b = JSON.stringify(right);
        if (a === b) return true;
        // `${AWS::Region}` may well equal "us-east-1" once deployed.
        if (a.includes("${") || b.includes("${")) return unknown(`Fn::Equals ${a} ${b}: depends on deployment`);
        return false;
      }
      case "Fn::Not": {
        const inner = this.#evaluate(operands[0]);
        return isUnknown(inner) ? inner : !inner;
      }
      case "Fn::And":
      case "Fn::Or": {
        const results = operands.map((o) => this.#evaluate(o));
        // One false decides an And, one true decides an Or.
        const decisive = name !== "Fn::And";
        if (results.includes(decisive)) return decisive;
        return results.find(isUnknown) ?? !decisive;
      }
      default:
        return unknown(`${name} is not a condition function`);
    }
  }
}
