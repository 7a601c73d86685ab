import { publicGrants } from "../iam/public-grants.ts";
import type { PolicyDocumentValue, Statement } from "../model/policy.ts";
import type { Value } from "../model/value.ts";

/** A resource policy split into the statements a plan removes (public ones) and the document that remains. */
export interface PolicyEdit {
  readonly removed: readonly Statement[];
  /** The document without them, as JSON for the API (statements as written). */
  readonly remaining: { readonly Version: "2012-10-17"; readonly Statement: readonly unknown[] };
  /** The document as it is now, for the undo. */
  readonly original: { readonly Version: "2012-10-17"; readonly Statement: readonly unknown[] };
}

/**
 * The public statements of a resource policy and the policy without them; undefined when none is public, or
 * when the document or a statement is unresolved (the plan would guess what it removes).
 */
export function withoutPublicStatements(
  document: PolicyDocumentValue,
  relevant?: (statement: Statement) => Value<boolean>,
): PolicyEdit | undefined {
  const result = publicGrants(document, relevant);
  if (result.uncertain || result.grants.length === 0 || !("statements" in document)) return undefined;
  const removed = result.grants.map((grant) => grant.statement);
  const all = document.statements.map((statement) => statement.raw);
  return {
    removed,
    remaining: {
      Version: "2012-10-17",
      Statement: document.statements.filter((s) => !removed.includes(s)).map((s) => s.raw),
    },
    original: { Version: "2012-10-17", Statement: all },
  };
}
