import { isUnknown, type Unknown, type Value } from "../model/value.ts";

/** Three-valued "and": false wins, then unknown, then true. */
export function allOf(...values: Value<boolean>[]): Value<boolean> {
  if (values.includes(false)) return false;
  return values.find(isUnknown) ?? true;
}

/** Three-valued "or": true wins, then unknown, then false. */
export function anyOf(...values: Value<boolean>[]): Value<boolean> {
  if (values.includes(true)) return true;
  return values.find(isUnknown) ?? false;
}

/** Whether a known pattern value `matches`; else unknown if any value is unresolved, else false. */
export function anyValueMatches(
  values: readonly Value<string>[],
  matches: (pattern: string) => boolean,
): Value<boolean> {
  let firstUnknown: Unknown | undefined;
  for (const value of values) {
    if (isUnknown(value)) firstUnknown ??= value;
    else if (matches(value)) return true;
  }
  return firstUnknown ?? false;
}

/** Negation that keeps unknown. */
export function not(value: Value<boolean>): Value<boolean> {
  return isUnknown(value) ? value : !value;
}
