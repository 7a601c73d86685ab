import { isUnknown, type Unknown, unknown, type Value } from "@vigil/core";

/** Readers of resolved property values: the model's type, or unknown naming the property. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isUnknown(value);
}

export function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/**
 * The property `key` of a block property (`DeadLetterConfig.TargetArn`); the block itself when it is unknown, so
 * that a block that cannot be resolved (an `!If` on an undecidable condition, an `ImportValue`) leaves its settings
 * unknown instead of reading as not configured.
 */
export function inner(block: unknown, key: string): unknown {
  return isUnknown(block) ? block : record(block)[key];
}

export function str(value: unknown, where: string): Value<string> {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isUnknown(value)) return value;
  return unknown(`${where}: not a string`);
}

export function num(value: unknown, where: string): Value<number> {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (isUnknown(value)) return value;
  return unknown(`${where}: not a number`);
}

export function bool(value: unknown, where: string): Value<boolean> {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  if (isUnknown(value)) return value;
  return unknown(`${where}: not a boolean`);
}

/** A setting with an AWS default when absent. */
export function withDefault<T>(
  value: unknown,
  fallback: T,
  read: (v: unknown, where: string) => Value<T>,
  where: string,
) {
  return value === undefined || value === null ? fallback : read(value, where);
}

/** One of `allowed`, else unknown. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): Value<T> {
  if (isUnknown(value)) return value;
  const upper = typeof value === "string" ? value : "";
  const found = allowed.find((a) => a.toLowerCase() === upper.toLowerCase());
  return found ?? unknown(`${where}: unexpected ${JSON.stringify(value)}`);
}

/** The elements of a list property; an unresolvable list becomes a single unknown element. */
export function strings(value: unknown, where: string): Value<string>[] {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return [value];
  return (Array.isArray(value) ? value : [value]).map((v) => str(v, where));
}

export function list(value: unknown): unknown[] | Unknown {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return value;
  return Array.isArray(value) ? value : [value];
}

/**
 * CloudFormation tags, as a list of `{Key, Value}` or (SAM) a map; unresolvable values are left out. Tags that
 * cannot be resolved at all are unknown, never "no tags".
 */
export function tags(value: unknown): Value<Record<string, string>> {
  if (isUnknown(value)) return value;
  const result: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const tag of value) {
      const { Key, Value: tagValue } = record(tag);
      if (typeof Key === "string" && typeof tagValue === "string") result[Key] = tagValue;
    }
  } else if (isRecord(value)) {
    for (const [key, tagValue] of Object.entries(value)) if (typeof tagValue === "string") result[key] = tagValue;
  }
  return result;
}

/** Environment-like maps (`Variables`, stage variables). */
export function variables(value: unknown, where: string): Value<{ name: string; value: Value<string> }[]> {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return value;
  return Object.entries(record(value)).map(([name, v]) => ({ name, value: str(v, `${where}.${name}`) }));
}

/** `[raw, resolved]` per element of a target list (or single target); a list that resolves as a whole to unknown
 * still yields its elements' intrinsics, which name the targets. */
export function pairedTargets(raw: unknown, resolved: unknown): [unknown, unknown][] {
  const rawList = Array.isArray(raw) ? raw : [raw];
  const resolvedList = Array.isArray(resolved) ? resolved : [resolved];
  return rawList.map((r, i) => [r, resolvedList[i]]);
}
