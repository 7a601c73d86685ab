/** Outcome of the rules that judge a function's write flows against its declarations (practice 7). */
import { fail, type Outcome, pass, undetermined } from "../engine/rule.ts";
import { type LabelledStatement, statementEvidence } from "../iam/role-statements.ts";
import type { ApprovedFlow } from "../model/declared-flows.ts";
import { declarationOf, isWriteFlow } from "../model/declared-flows.ts";
import { type Flow, flowsOf, nameOrId } from "../model/flows.ts";
import type { ResourceModel } from "../model/graph.ts";
import type { DataStore, LambdaFunction } from "../model/resources.ts";
import { isUnknown, type Value } from "../model/value.ts";

const SHOWN_ACTIONS = 3;

/** `dynamodb:PutItem, dynamodb:UpdateItem`, or `38 actions` when a wildcard grants many. */
function actionList(actions: readonly string[]): string {
  return actions.length > SHOWN_ACTIONS ? `${actions.length} actions` : actions.join(", ");
}

/** `orders (dynamodb:PutItem)`: one store's undeclared writes, write and permissions-management together. */
function describeStoreWrites(store: DataStore, flows: readonly Flow[]): string {
  const actions = new Set(flows.filter((flow) => flow.to === store).flatMap((flow) => flow.actions));
  return `${nameOrId(store)} (${actionList([...actions])})`;
}

/**
 * Fails with every write flow of `fn` into a store that `judged` selects and nothing declares (see
 * {@link declarationOf}); evidence is each edge and the statements that grant it. `stores` names the stores in
 * messages, e.g. `sensitive store`. Undetermined when a write is undeclared as far as was read, but whether the
 * store is judged (its tags) or whether something declares the write could not be read.
 */
export function undeclaredWritesOutcome(
  model: ResourceModel,
  fn: LambdaFunction,
  judged: (store: DataStore) => Value<boolean>,
  approvedFlows: readonly ApprovedFlow[],
  stores: string,
): Outcome {
  const { flows, undetermined: hidden } = flowsOf(model, fn);
  const judgements = flows
    .filter(isWriteFlow)
    .map((flow) => ({ flow, judged: judged(flow.to), declaration: declarationOf(model, flow, approvedFlows) }))
    .filter((j) => j.judged !== false);
  const writes = judgements.filter((j) => j.judged === true);
  const undeclared = writes.filter((j) => j.declaration === undefined).map((j) => j.flow);
  if (undeclared.length > 0) {
    const statements = new Set<LabelledStatement>(undeclared.flatMap((flow) => flow.statements));
    const undeclaredStores = [...new Set(undeclared.map((flow) => flow.to))];
    return fail(
      `role can write ${stores}s that no trigger or declared flow justifies: ${undeclaredStores.map((store) => describeStoreWrites(store, undeclared)).join("; ")}`,
      ...undeclared.map((flow) => ({
        type: "edge" as const,
        from: fn.arn,
        to: flow.to.arn,
        relation: `${flow.access} (${actionList(flow.actions)})`,
      })),
      ...[...statements].map(statementEvidence),
    );
  }
  const [firstHidden] = hidden;
  if (firstHidden) return undetermined("part of the function role's permissions", firstHidden);
  for (const { flow, judged: isJudged, declaration } of judgements) {
    if (isUnknown(isJudged) && declaration === undefined) {
      return undetermined(`whether ${nameOrId(flow.to)} is a ${stores}`, isJudged);
    }
    if (isUnknown(declaration))
      return undetermined(`the declaration of its write to ${nameOrId(flow.to)}`, declaration);
  }
  if (writes.length === 0) return pass(`the role writes no ${stores}`);
  return pass(
    `every write is declared: ${writes.map(({ flow, declaration }) => `${nameOrId(flow.to)} (${declaration})`).join("; ")}`,
  );
}
