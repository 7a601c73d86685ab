import { expandActions, grantsAction } from "../iam/actions.ts";
import type { AccessLevel } from "../iam/catalogue.ts";
import { allOf } from "../iam/logic.ts";
import { coversResourceOrBelow } from "../iam/resources.ts";
import { type LabelledStatement, roleStatements } from "../iam/role-statements.ts";
import type { ResourceModel } from "./graph.ts";
import type { Statement } from "./policy.ts";
import { DATA_STORE_KINDS, type DataStore, type LambdaFunction, type Resource } from "./resources.ts";
import { isUnknown, type Unknown, unknown, type Value } from "./value.ts";

/** How a function can touch a data store. */
export type FlowAccess = "read" | "write" | "permissions-management";

/** An edge function → data store (practice 7), derived from the function's execution role. */
export interface Flow {
  readonly from: LambdaFunction;
  readonly to: DataStore;
  readonly access: FlowAccess;
  /** The granted actions of the store's service at this access, e.g. `dynamodb:PutItem`. */
  readonly actions: readonly string[];
  /** The Allow statements that grant them. */
  readonly statements: readonly LabelledStatement[];
}

export interface FunctionFlows {
  readonly flows: readonly Flow[];
  /** What kept flows from being told: an unknown role, an unresolved policy, statement or resource. */
  readonly undetermined: readonly Unknown[];
}

/**
 * Access of an action level as a data flow. List actions reveal what a store holds, so they read; tagging changes
 * metadata only, so it is no data flow.
 */
const FLOW_ACCESS: Readonly<Record<AccessLevel, FlowAccess | undefined>> = {
  list: "read",
  read: "read",
  write: "write",
  "permissions-management": "permissions-management",
  tagging: undefined,
};

const STORE_KINDS: ReadonlySet<string> = new Set(DATA_STORE_KINDS);

function isDataStore(resource: Resource): resource is DataStore {
  return STORE_KINDS.has(resource.kind);
}

/** IAM service prefix of a data store kind: `dynamodb.table` → `dynamodb`. */
function serviceOf(store: DataStore): string {
  return store.kind.slice(0, store.kind.indexOf("."));
}

/**
 * The flows from one function to the data stores of the model, at read, write and permissions-management access.
 * A Deny without conditions that covers the same action and store removes it; conditions on Allow statements are
 * not weighed (they narrow, they do not hide an edge). Computed once per function and model: several rules ask.
 */
export function flowsOf(model: ResourceModel, fn: LambdaFunction): FunctionFlows {
  const cache = flowCache(model);
  let flows = cache.byFunction.get(fn.id);
  if (!flows) {
    flows = computeFlows(model, cache, fn);
    cache.byFunction.set(fn.id, flows);
  }
  return flows;
}

interface FlowCache {
  readonly stores: StoreIndex;
  /** The same stores, one index per IAM service: a `logs:*` on `*` statement never walks the account's tables. */
  readonly storesByService: ReadonlyMap<string, StoreIndex>;
  readonly byFunction: Map<string, FunctionFlows>;
}

const flowCaches = new WeakMap<ResourceModel, FlowCache>();

function flowCache(model: ResourceModel): FlowCache {
  let cache = flowCaches.get(model);
  if (!cache) {
    const stores = model.resources.filter(isDataStore);
    const byService = new Map<string, DataStore[]>();
    for (const store of stores) {
      const sameService = byService.get(serviceOf(store));
      if (sameService) sameService.push(store);
      else byService.set(serviceOf(store), [store]);
    }
    cache = {
      stores: new StoreIndex(stores),
      storesByService: new Map([...byService].map(([service, members]) => [service, new StoreIndex(members)])),
      byFunction: new Map(),
    };
    flowCaches.set(model, cache);
  }
  return cache;
}

/**
 * Data stores sorted by lower-cased ARN, so that a statement is matched only against the stores its Resource
 * patterns can reach (those sharing the pattern's literal prefix) instead of every store of the account: without
 * it, flows cost functions × stores pattern matches.
 */
class StoreIndex {
  readonly all: readonly DataStore[];
  readonly #sorted: readonly { readonly key: string; readonly store: DataStore }[];
  readonly #byKey = new Map<string, DataStore[]>();

  readonly #positions: ReadonlyMap<DataStore, number>;

  constructor(stores: readonly DataStore[]) {
    this.all = stores;
    this.#positions = new Map(stores.map((store, index) => [store, index]));
    this.#sorted = stores
      .map((store) => ({ key: store.arn.toLowerCase(), store }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { key, store } of this.#sorted) {
      const sameKey = this.#byKey.get(key);
      if (sameKey) sameKey.push(store);
      else this.#byKey.set(key, [store]);
    }
  }

  /** Where a store stands in model order. */
  position(store: DataStore): number {
    return this.#positions.get(store) ?? Number.MAX_SAFE_INTEGER;
  }

  /** Stores a statement's Resource element may cover or reach below; a superset, checked exactly afterwards. */
  candidates(statement: Statement): readonly DataStore[] {
    const resource = statement.resource;
    if (!resource || resource.negated) return this.all;
    const found = new Set<DataStore>();
    for (const value of resource.values) {
      if (isUnknown(value)) return this.all;
      // Literal text before the first wildcard or template token: every match starts with it.
      const prefix = value.toLowerCase().split(/[*?$]/, 1)[0] ?? "";
      for (const store of this.#startingWith(prefix)) found.add(store);
      // Stores whose ARN the pattern extends below a slash (a bucket for `bucket/*`, a table for `table/index/*`).
      for (let slash = prefix.indexOf("/"); slash > 0; slash = prefix.indexOf("/", slash + 1)) {
        for (const store of this.#byKey.get(prefix.slice(0, slash)) ?? []) found.add(store);
      }
    }
    return [...found];
  }

  *#startingWith(prefix: string): Generator<DataStore> {
    let low = 0;
    let high = this.#sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#sorted[middle]!.key < prefix) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < this.#sorted.length && this.#sorted[i]!.key.startsWith(prefix); i++) {
      yield this.#sorted[i]!.store;
    }
  }
}

function computeFlows(model: ResourceModel, { stores, storesByService }: FlowCache, fn: LambdaFunction): FunctionFlows {
  if (isUnknown(fn.role)) return { flows: [], undetermined: [fn.role] };
  const role = model.roleOf(fn);
  if (!role) return { flows: [], undetermined: [unknown(`role ${fn.role} is not in the model`)] };
  const { statements, unresolved } = roleStatements(model, role);
  const undetermined: Unknown[] = unresolved.map((u) => u.reason);
  const denies = statements.filter((s) => s.statement.effect === "Deny" && s.statement.conditions.length === 0);
  const grants = new Map<DataStore, Map<FlowAccess, { actions: Set<string>; statements: Set<LabelledStatement> }>>();
  for (const allow of statements) {
    if (allow.statement.effect !== "Allow") continue;
    const grant = expandActions(allow.statement.action);
    // Services this statement can move data in: a `logs:*` on `*` statement reaches no data store at all.
    const services = new Set(
      grant.actions.filter((a) => FLOW_ACCESS[a.level]).map((a) => a.action.slice(0, a.action.indexOf(":"))),
    );
    if (services.size === 0 && grant.unresolved.length === 0) continue;
    // An unresolved action may be of any service.
    const indexes =
      grant.unresolved.length > 0 ? [stores] : [...services].flatMap((service) => storesByService.get(service) ?? []);
    for (const store of indexes.flatMap((index) => index.candidates(allow.statement))) {
      const covers = coversResourceOrBelow(allow.statement, store.arn);
      if (isUnknown(covers)) undetermined.push(covers);
      if (covers !== true) continue;
      undetermined.push(...grant.unresolved);
      const service = serviceOf(store);
      for (const { action, level } of grant.actions) {
        const access = FLOW_ACCESS[level];
        if (!access || !action.startsWith(`${service}:`) || isDenied(denies, action, store)) continue;
        const byAccess = grants.get(store) ?? new Map();
        const entry = byAccess.get(access) ?? { actions: new Set(), statements: new Set() };
        entry.actions.add(action);
        entry.statements.add(allow);
        byAccess.set(access, entry);
        grants.set(store, byAccess);
      }
    }
  }
  const flows: Flow[] = [];
  // Model order, so outputs stay stable; sorting the granted stores keeps this linear in what the role reaches.
  for (const [store, byAccess] of [...grants].sort(([a], [b]) => stores.position(a) - stores.position(b))) {
    for (const [access, { actions, statements: granting }] of byAccess) {
      flows.push({ from: fn, to: store, access, actions: [...actions], statements: [...granting] });
    }
  }
  return { flows, undetermined: distinct(undetermined) };
}

function distinct(unknowns: readonly Unknown[]): Unknown[] {
  return [...new Map(unknowns.map((u) => [u.reason, u])).values()];
}

function isDenied(denies: readonly LabelledStatement[], action: string, store: DataStore): boolean {
  return denies.some(
    ({ statement }) =>
      allOf(grantsAction(statement.action, action), coversResourceOrBelow(statement, store.arn)) === true,
  );
}

/** Flows of every function in the model. */
export function modelFlows(model: ResourceModel): FunctionFlows {
  const results = model.ofKind("lambda.function").map((fn) => flowsOf(model, fn));
  return { flows: results.flatMap((r) => r.flows), undetermined: distinct(results.flatMap((r) => r.undetermined)) };
}

/** A flow end as a flow identity needs it: a resource, or a node of a written app map. */
export interface FlowEnd {
  readonly id: string;
  readonly name?: Value<string>;
}

/** A resource's name when known, else its id: how flow keys and findings name it. */
export function nameOrId(resource: FlowEnd): string {
  return typeof resource.name === "string" ? resource.name : resource.id;
}

/** What identifies a flow: a {@link Flow}, or a flow read back from a written app map. */
export interface FlowIdentity {
  readonly from: FlowEnd;
  readonly to: FlowEnd;
  readonly access: FlowAccess;
}

/** Identity of a flow across evaluations: (function name-or-id, store name-or-id, access). */
export function flowKey(flow: FlowIdentity): string {
  return `${nameOrId(flow.from)} → ${nameOrId(flow.to)} (${flow.access})`;
}

export interface FlowDiff<F extends FlowIdentity = Flow> {
  readonly added: readonly F[];
  readonly removed: readonly F[];
}

/** Flows present in `next` but not in `previous` (added) and the reverse (removed), compared by {@link flowKey}. */
export function diffFlows<F extends FlowIdentity>(previous: readonly F[], next: readonly F[]): FlowDiff<F> {
  const previousKeys = new Set(previous.map(flowKey));
  const nextKeys = new Set(next.map(flowKey));
  return {
    added: next.filter((flow) => !previousKeys.has(flowKey(flow))),
    removed: previous.filter((flow) => !nextKeys.has(flowKey(flow))),
  };
}
