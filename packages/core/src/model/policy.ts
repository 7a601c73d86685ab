import type { Unknown, Value } from "./value.ts";

/** One element of an Action / Resource / Principal / Condition list; unresolvable template values stay unknown. */
export type PolicyString = Value<string>;

export interface PrincipalSet {
  /** `"Principal": "*"` or `{"AWS": "*"}`: anyone. */
  readonly anyone: boolean;
  readonly aws: readonly PolicyString[];
  readonly service: readonly PolicyString[];
  readonly federated: readonly PolicyString[];
  readonly canonicalUser: readonly PolicyString[];
}

export interface ConditionClause {
  /** Operator without qualifiers, e.g. `StringEquals`, `ArnLike`. */
  readonly operator: string;
  /** Condition key, lower-cased (IAM condition keys are case-insensitive), e.g. `aws:sourcearn`. */
  readonly key: string;
  readonly values: readonly PolicyString[];
  readonly ifExists: boolean;
  readonly setOperator?: "ForAnyValue" | "ForAllValues";
}

/** A negatable element list: `Action` vs `NotAction`, `Resource` vs `NotResource`. */
export interface ElementList {
  readonly negated: boolean;
  readonly values: readonly PolicyString[];
}

export interface Statement {
  /** Position in its document, for evidence. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly action: ElementList;
  /** Absent in trust policies and most resource policies. */
  readonly resource?: ElementList;
  readonly principal?: { readonly negated: boolean; readonly principals: PrincipalSet };
  readonly conditions: readonly ConditionClause[];
  /** The statement as written (after template resolution), quoted as evidence. */
  readonly raw: unknown;
}

export interface PolicyDocument {
  readonly statements: readonly Statement[];
}

/** A document that could not be read or resolved as a whole. */
export type PolicyDocumentValue = PolicyDocument | Unknown;

export const EMPTY_POLICY: PolicyDocument = { statements: [] };
