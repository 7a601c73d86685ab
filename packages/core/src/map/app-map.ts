import type { RuleResult } from "../engine/engine.ts";
import type { Severity } from "../engine/rule.ts";
import { type FlowAccess, type FlowEnd, type FlowIdentity, modelFlows } from "../model/flows.ts";
import type { ResourceModel, TriggerType } from "../model/graph.ts";
import { DATA_STORE_KINDS, type LambdaFunction, type Resource, type ResourceKind } from "../model/resources.ts";
import { isKnown, isUnknown } from "../model/value.ts";

/** The column of the map a node sits in, left to right. */
export type MapColumn = "trigger" | "function" | "role" | "data-store";
export const MAP_COLUMNS = ["trigger", "function", "role", "data-store"] as const satisfies readonly MapColumn[];

/**
 * What a node stands for: a resource kind of the model, a function URL (drawn apart from its function), or a role
 * the model names but does not hold (e.g. created outside the template).
 */
export type MapNodeKind = ResourceKind | "lambda.function-url" | "iam.role-outside-model";

/** A failing (or erroring) rule result on a node's resource, as the findings panel lists it. */
export interface NodeFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly status: "fail" | "error";
  readonly message: string;
  /** Hidden by an active exemption: listed, not counted. */
  readonly exempted: boolean;
}

export interface MapNode {
  /** The resource id, or a derived id for nodes without their own resource (`<function id>#url`). */
  readonly id: string;
  readonly kind: MapNodeKind;
  readonly column: MapColumn;
  /** What a person reads (see {@link resourceDisplayName}). */
  readonly label: string;
  /** The physical name when known: with the id, what identifies a flow end across maps (see `flowKey`). */
  readonly name?: string;
  readonly arn: string;
  readonly findings: readonly NodeFinding[];
}

interface EdgeBase {
  readonly from: string;
  readonly to: string;
}

export interface TriggerEdge extends EdgeBase {
  readonly kind: "trigger";
  readonly trigger: TriggerType;
}

export interface RoleEdge extends EdgeBase {
  readonly kind: "role";
}

export interface FlowEdge extends EdgeBase {
  readonly kind: "flow";
  readonly access: FlowAccess;
  /** Granted actions, e.g. `dynamodb:PutItem`. */
  readonly actions: readonly string[];
  /** The policies whose statements grant them (`inline policy …` or a managed policy ARN). */
  readonly policies: readonly string[];
}

export type MapEdge = TriggerEdge | RoleEdge | FlowEdge;

export interface AppMap {
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
  /** Why some edges may be missing: unknown roles, unresolved policies or resources. */
  readonly undetermined: readonly string[];
}

export interface AppMapOptions {
  /** Evaluation results: failing ones become the findings of the node of their resource. */
  readonly results?: readonly RuleResult[];
}

const DATA_STORES: ReadonlySet<ResourceKind> = new Set(DATA_STORE_KINDS);

const COLUMN_ORDER: Readonly<Record<MapColumn, number>> = { trigger: 0, function: 1, role: 2, "data-store": 3 };
const ACCESS_ORDER: Readonly<Record<FlowAccess, number>> = { read: 0, write: 1, "permissions-management": 2 };

/** The last part of an ARN or id, for resources whose name CloudFormation generates. */
function arnTail(arn: string): string {
  const tail = arn.split(/[:/]/).filter((part) => part !== "");
  return tail[tail.length - 1] ?? arn;
}

/** What a person reads for a resource: its physical name, its API route, else its logical id or ARN tail. */
export function resourceDisplayName(resource: Resource): string {
  if (isKnown(resource.name) && resource.name !== "") return resource.name;
  if (resource.kind === "apigateway.method" && isKnown(resource.httpMethod) && isKnown(resource.path)) {
    return `${resource.httpMethod} ${resource.path}`;
  }
  if (resource.kind === "apigatewayv2.route" && isKnown(resource.routeKey)) return resource.routeKey;
  if (resource.origin.type === "template") return resource.origin.logicalId;
  return arnTail(resource.arn);
}

function findingsByResource(results: readonly RuleResult[]): Map<string, NodeFinding[]> {
  const byResource = new Map<string, NodeFinding[]>();
  for (const result of results) {
    if (result.status !== "fail" && result.status !== "error") continue;
    const list = byResource.get(result.resourceId) ?? [];
    list.push({
      ruleId: result.ruleId,
      severity: result.severity,
      status: result.status,
      message: result.message,
      exempted: result.exemption !== undefined,
    });
    byResource.set(result.resourceId, list);
  }
  return byResource;
}

/** Findings that count: not hidden by an exemption. */
export function activeFindings(node: MapNode): readonly NodeFinding[] {
  return node.findings.filter((finding) => !finding.exempted);
}

/**
 * The app map (practices 1 and 7): functions with the triggers that invoke them, their execution roles and the
 * data stores their roles let them read, write or manage permissions of. Pure; built from the model alone.
 * A data store that a function can reach sits in the data-store column even when it also triggers a function
 * (a queue between two functions); one that only triggers sits with the triggers.
 */
export function buildAppMap(model: ResourceModel, options: AppMapOptions = {}): AppMap {
  const findings = findingsByResource(options.results ?? []);
  const { flows, undetermined } = modelFlows(model);
  const flowTargets = new Set(flows.map((flow) => flow.to.id));
  const nodes = new Map<string, MapNode>();
  const edges: MapEdge[] = [];

  const addResource = (resource: Resource, column: MapColumn): string => {
    if (!nodes.has(resource.id)) {
      nodes.set(resource.id, {
        id: resource.id,
        kind: resource.kind,
        column,
        label: resourceDisplayName(resource),
        ...(isKnown(resource.name) && { name: resource.name }),
        arn: resource.arn,
        findings: findings.get(resource.id) ?? [],
      });
    }
    return resource.id;
  };
  const storeColumn = (resource: Resource): MapColumn =>
    DATA_STORES.has(resource.kind) && flowTargets.has(resource.id) ? "data-store" : "trigger";

  const functions = model.ofKind("lambda.function");
  for (const fn of functions) addResource(fn, "function");
  for (const fn of functions) {
    for (const trigger of model.triggersOf(fn)) {
      const from =
        trigger.type === "function-url"
          ? addFunctionUrl(nodes, fn)
          : addResource(trigger.source, storeColumn(trigger.source));
      edges.push({ kind: "trigger", from, to: fn.id, trigger: trigger.type });
    }
    const role = model.roleOf(fn);
    if (role) edges.push({ kind: "role", from: fn.id, to: addResource(role, "role") });
    else if (isKnown(fn.role)) edges.push({ kind: "role", from: fn.id, to: addOutsideRole(nodes, fn.role) });
  }
  for (const flow of flows) {
    edges.push({
      kind: "flow",
      from: flow.from.id,
      to: addResource(flow.to, "data-store"),
      access: flow.access,
      actions: [...flow.actions].sort(),
      policies: [...new Set(flow.statements.map((statement) => statement.policy))].sort(),
    });
  }
  // Inventory: every data store appears, reachable or not.
  for (const kind of DATA_STORE_KINDS) for (const store of model.ofKind(kind)) addResource(store, "data-store");

  return {
    nodes: [...nodes.values()].sort(
      (a, b) => COLUMN_ORDER[a.column] - COLUMN_ORDER[b.column] || a.label.localeCompare(b.label),
    ),
    edges: edges.sort(compareEdges),
    undetermined: undetermined.map((reason) => reason.reason),
  };
}

function addFunctionUrl(nodes: Map<string, MapNode>, fn: LambdaFunction): string {
  const id = `${fn.id}#url`;
  const authType = fn.url === undefined || isUnknown(fn.url) ? fn.url : fn.url.authType;
  const auth = authType === undefined || isUnknown(authType) ? "auth unknown" : `auth ${authType}`;
  nodes.set(id, {
    id,
    kind: "lambda.function-url",
    column: "trigger",
    label: `URL of ${resourceDisplayName(fn)} (${auth})`,
    arn: fn.arn,
    findings: [],
  });
  return id;
}

function addOutsideRole(nodes: Map<string, MapNode>, arn: string): string {
  if (!nodes.has(arn)) {
    nodes.set(arn, { id: arn, kind: "iam.role-outside-model", column: "role", label: arnTail(arn), arn, findings: [] });
  }
  return arn;
}

function compareEdges(a: MapEdge, b: MapEdge): number {
  const kindOrder = { trigger: 0, role: 1, flow: 2 } as const;
  return (
    kindOrder[a.kind] - kindOrder[b.kind] ||
    a.from.localeCompare(b.from) ||
    a.to.localeCompare(b.to) ||
    (a.kind === "flow" && b.kind === "flow" ? ACCESS_ORDER[a.access] - ACCESS_ORDER[b.access] : 0)
  );
}

/** A flow as a diff compares it: ends identified like `flowKey` wants, labelled for people. */
export interface MapFlow extends FlowIdentity {
  readonly from: FlowEnd & { readonly label: string };
  readonly to: FlowEnd & { readonly label: string };
  readonly actions: readonly string[];
}

/** The shape {@link mapFlows} reads: an {@link AppMap}, or one read back from its JSON form. */
export interface FlowSource {
  readonly nodes: readonly { readonly id: string; readonly label: string; readonly name?: string }[];
  readonly edges: readonly (
    | { readonly kind: "trigger" | "role" }
    | Pick<FlowEdge, "kind" | "from" | "to" | "access" | "actions">
  )[];
}

/** The function → data store flows of a map, for `diffFlows`. */
export function mapFlows(map: FlowSource): MapFlow[] {
  const nodes = new Map(map.nodes.map((node) => [node.id, node]));
  const end = (id: string) => {
    const node = nodes.get(id);
    return { id, label: node?.label ?? id, ...(node?.name !== undefined && { name: node.name }) };
  };
  return map.edges.flatMap((edge) =>
    edge.kind === "flow"
      ? [{ from: end(edge.from), to: end(edge.to), access: edge.access, actions: edge.actions }]
      : [],
  );
}
