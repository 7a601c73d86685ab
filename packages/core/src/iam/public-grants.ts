import type { PolicyDocumentValue, Statement } from "../model/policy.ts";
import { isUnknown, type Unknown, unknown, type Value } from "../model/value.ts";
import { grantsAction } from "./actions.ts";
import { isPublic, type PolicyReading } from "./principals.ts";

/** A statement of a resource policy that grants something to anyone, with {@link isPublic}'s reason. */
export interface PublicGrant {
  readonly statement: Statement;
  readonly reason: string;
}

export interface PublicGrants {
  readonly grants: readonly PublicGrant[];
  /** Set when the document, a principal, a condition or an action could not be resolved: it may be public too. */
  readonly uncertain?: Unknown;
}

/**
 * The statements of a resource policy that grant anyone something `relevant` (by default: anything). A statement
 * counts when {@link isPublic} (with `reading`) says so and `relevant` is true; an unknown on either side makes the
 * answer uncertain.
 */
export function publicGrants(
  document: PolicyDocumentValue,
  relevant: (statement: Statement) => Value<boolean> = () => true,
  reading: PolicyReading = {},
): PublicGrants {
  if (isUnknown(document)) return { grants: [], uncertain: document };
  const grants: PublicGrant[] = [];
  let uncertain: Unknown | undefined;
  for (const statement of document.statements) {
    const verdict = isPublic(statement, reading);
    if (verdict.public === false) continue;
    const applies = relevant(statement);
    if (applies === false) continue;
    if (verdict.public === true && applies === true) grants.push({ statement, reason: verdict.reason });
    else uncertain ??= isUnknown(applies) ? applies : unknown(verdict.reason);
  }
  return uncertain ? { grants, uncertain } : { grants };
}

/** Whether an element grants any of `actions`: true as soon as one is granted, unknown if one may be. */
export function grantsAnyAction(statement: Statement, actions: readonly string[]): Value<boolean> {
  const verdicts = actions.map((action) => grantsAction(statement.action, action));
  if (verdicts.includes(true)) return true;
  return verdicts.find(isUnknown) ?? false;
}
