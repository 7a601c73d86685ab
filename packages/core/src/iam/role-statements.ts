import type { Evidence } from "../engine/rule.ts";
import type { ResourceModel } from "../model/graph.ts";
import type { Statement } from "../model/policy.ts";
import type { IamRole } from "../model/resources.ts";
import { isUnknown, type Unknown } from "../model/value.ts";

/** A statement with the name of the policy that holds it, for evidence. */
export interface LabelledStatement {
  /** `inline policy <name>` or the managed policy ARN. */
  readonly policy: string;
  readonly statement: Statement;
}

export interface RoleStatements {
  readonly statements: readonly LabelledStatement[];
  /** Policies whose document is not known: what they grant cannot be told. */
  readonly unresolved: readonly { readonly policy: string; readonly reason: Unknown }[];
}

/** Every statement of a role's identity policies (inline and managed, with the documents the model holds). */
export function roleStatements(model: ResourceModel, role: IamRole): RoleStatements {
  const statements: LabelledStatement[] = [];
  const unresolved: { policy: string; reason: Unknown }[] = [];
  for (const { label, document } of model.policiesOf(role)) {
    if (isUnknown(document)) unresolved.push({ policy: label, reason: document });
    else for (const statement of document.statements) statements.push({ policy: label, statement });
  }
  return { statements, unresolved };
}

/** Evidence pointing at one statement of a policy. */
export function statementEvidence({ policy, statement }: LabelledStatement): Evidence {
  return {
    type: "statement",
    policy,
    index: statement.index,
    ...(statement.sid !== undefined && { sid: statement.sid }),
    statement: statement.raw,
  };
}
