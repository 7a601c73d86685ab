/**
 * A value a reader could not determine — a template parameter without a value, an `Fn::ImportValue`,
 * an API call that was denied. Rules must treat it as "cannot tell", never as a default.
 */
export interface Unknown {
  readonly unknown: true;
  /** Why the value is unknown, e.g. `Ref TimeoutParameter` or `lambda:GetPolicy denied`. */
  readonly reason: string;
}

/** A value that is either known or explicitly unknown. Absence is expressed with `undefined` / optional fields. */
export type Value<T> = T | Unknown;

export function unknown(reason: string): Unknown {
  return { unknown: true, reason };
}

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === "object" && value !== null && (value as { unknown?: unknown }).unknown === true;
}

export function isKnown<T>(value: Value<T>): value is T {
  return !isUnknown(value);
}

/** The known value, or `fallback` when it is unknown. */
export function knownOr<T, F>(value: Value<T>, fallback: F): T | F {
  return isUnknown(value) ? fallback : value;
}
