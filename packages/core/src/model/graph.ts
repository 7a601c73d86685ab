import { normalArn } from "./arn.ts";
import { type ContextRelation, type ModelCoverage, PARTIAL_COVERAGE, RELATIONS, withNeeded } from "./context.ts";
import type { PolicyDocumentValue } from "./policy.ts";
import type {
  EventSourceMapping,
  IamRole,
  LambdaFunction,
  Resource,
  ResourceKind,
  ResourceOfKind,
} from "./resources.ts";
import { isKnown, isUnknown, type Unknown, unknown, type Value } from "./value.ts";

/** How an event reaches a function. */
export type TriggerType =
  | "event-source-mapping"
  | "s3"
  | "sns"
  | "eventbridge"
  | "rest-api"
  | "http-api"
  | "function-url";

export interface Trigger {
  readonly type: TriggerType;
  /** The resource that sends events (queue, bucket, topic, rule, API method or route, the function itself for URLs). */
  readonly source: Resource;
  /** The resource that declares the link (the mapping for event-source mappings, else the source). */
  readonly via: Resource;
}

export interface RolePolicy {
  /** Human name for evidence: `inline policy <name>` or the managed policy ARN. */
  readonly label: string;
  readonly document: PolicyDocumentValue;
  /** For managed policies: the ARN (present even when the document is not in the model). */
  readonly managedArn?: string;
}

/** Strips a version or alias qualifier: `…:function:name:live` → `…:function:name`. */
export function unqualifiedFunctionArn(arn: string): string {
  const match = /^(arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+)(:[^:]+)?$/.exec(arn);
  return match ? match[1]! : arn;
}

/**
 * The resource model of one application or account: resources plus the links between them
 * (function → role → policies, function ← triggers). Built once per evaluation; read-only.
 */
export class ResourceModel {
  readonly resources: readonly Resource[];
  readonly #byId = new Map<string, Resource>();
  readonly #byArn = new Map<string, Resource>();
  readonly #byKind = new Map<ResourceKind, Resource[]>();
  #triggers?: Map<string, Trigger[]>;
  #roleUsers?: Map<string, LambdaFunction[]>;
  #mappingsBySource?: Map<string, EventSourceMapping[]>;

  /** How much of the world the model holds (see {@link ModelCoverage}); a template's or snapshot's by default. */
  readonly coverage: ModelCoverage;

  constructor(resources: readonly Resource[], coverage: ModelCoverage = PARTIAL_COVERAGE) {
    this.resources = resources;
    this.coverage = coverage;
    for (const resource of resources) {
      if (this.#byId.has(resource.id)) throw new Error(`duplicate resource id ${resource.id}`);
      this.#byId.set(resource.id, resource);
      this.#byArn.set(normalArn(resource.arn), resource);
      const list = this.#byKind.get(resource.kind) ?? [];
      list.push(resource);
      this.#byKind.set(resource.kind, list);
    }
  }

  /**
   * Why the context `relation` of `resource` is not known in full, or `undefined` when it is: a relation whose
   * neighbours' listing failed (account reads), that a targeted read could not finish, or of a resource read only
   * as someone else's neighbour.
   */
  contextGap(resource: Resource, relation: ContextRelation): Unknown | undefined {
    const { coverage } = this;
    if (coverage.scope === "partial") return undefined;
    const relations = withNeeded([relation]);
    if (coverage.scope === "account") {
      for (const each of relations) {
        for (const kind of RELATIONS[each].neighbourKinds) {
          const incomplete = coverage.incompleteKinds.get(kind);
          if (incomplete) return incomplete;
        }
      }
      return undefined;
    }
    if (!coverage.subjects.has(resource.id)) return unknown(`${relation} of ${resource.id} was not read`);
    for (const each of relations) {
      const gap = coverage.gaps.get(each);
      if (gap) return gap;
    }
    return undefined;
  }

  /**
   * Whether a resource of one of `kinds` with this ARN is known not to exist: `true` when the model read every
   * resource of those kinds, or looked the ARN up and found nothing; `undefined` when the model cannot tell.
   */
  confirmsAbsent(arn: string, kinds: readonly ResourceKind[]): boolean | undefined {
    const { coverage } = this;
    if (this.byArn(arn)) return false;
    if (coverage.scope === "neighbourhood") return coverage.absent.has(arn) ? true : undefined;
    if (coverage.scope === "account") return kinds.every((kind) => !coverage.incompleteKinds.has(kind)) || undefined;
    return undefined;
  }

  get size(): number {
    return this.resources.length;
  }

  ofKind<K extends ResourceKind>(kind: K): readonly ResourceOfKind<K>[] {
    return (this.#byKind.get(kind) ?? []) as ResourceOfKind<K>[];
  }

  get(id: string): Resource | undefined {
    return this.#byId.get(id);
  }

  /**
   * The resource an ARN points at, in one normal form (a literal partition matches `${AWS::Partition}`); qualified
   * function ARNs resolve to the function.
   */
  byArn(arn: Value<string> | undefined): Resource | undefined {
    if (arn === undefined || isUnknown(arn)) return undefined;
    const normal = normalArn(arn);
    return this.#byArn.get(normal) ?? this.#byArn.get(unqualifiedFunctionArn(normal));
  }

  roleOf(fn: LambdaFunction): IamRole | undefined {
    const role = this.byArn(fn.role);
    return role?.kind === "iam.role" ? role : undefined;
  }

  /** Functions whose execution role is `role`. */
  functionsUsingRole(role: IamRole): readonly LambdaFunction[] {
    if (!this.#roleUsers) {
      this.#roleUsers = new Map();
      for (const fn of this.ofKind("lambda.function")) {
        const r = this.roleOf(fn);
        if (!r) continue;
        const users = this.#roleUsers.get(r.id) ?? [];
        users.push(fn);
        this.#roleUsers.set(r.id, users);
      }
    }
    return this.#roleUsers.get(role.id) ?? [];
  }

  /** Inline and attached managed policies of a role, documents resolved from the model where present. */
  policiesOf(role: IamRole): readonly RolePolicy[] {
    const inline = role.inlinePolicies.map((p) => ({
      label: `inline policy ${isKnown(p.name) ? p.name : "(unnamed)"}`,
      document: p.document,
    }));
    const managed = role.managedPolicyArns.filter(isKnown).map((arn): RolePolicy => {
      const policy = this.byArn(arn);
      return {
        label: arn,
        managedArn: arn,
        document:
          policy?.kind === "iam.managed-policy"
            ? policy.document
            : { unknown: true, reason: `managed policy ${arn} is not in the model` },
      };
    });
    return [...inline, ...managed];
  }

  /** Event-source mappings that poll the queue or stream with this ARN (indexed once: rules ask per source). */
  mappingsFrom(sourceArn: string): readonly EventSourceMapping[] {
    if (!this.#mappingsBySource) {
      this.#mappingsBySource = new Map();
      for (const mapping of this.ofKind("lambda.event-source-mapping")) {
        if (mapping.eventSourceArn === undefined || isUnknown(mapping.eventSourceArn)) continue;
        const source = normalArn(mapping.eventSourceArn);
        const list = this.#mappingsBySource.get(source) ?? [];
        list.push(mapping);
        this.#mappingsBySource.set(source, list);
      }
    }
    return this.#mappingsBySource.get(normalArn(sourceArn)) ?? [];
  }

  /** Everything that can invoke `fn`, derived from mappings, notifications, subscriptions, targets and APIs. */
  triggersOf(fn: LambdaFunction): readonly Trigger[] {
    this.#triggers ??= this.#indexTriggers();
    return this.#triggers.get(fn.id) ?? [];
  }

  #indexTriggers(): Map<string, Trigger[]> {
    const index = new Map<string, Trigger[]>();
    const add = (target: Value<string> | undefined, trigger: Omit<Trigger, "via"> & { via?: Resource }) => {
      const fn = this.byArn(target);
      if (fn?.kind !== "lambda.function") return;
      const list = index.get(fn.id) ?? [];
      list.push({ ...trigger, via: trigger.via ?? trigger.source });
      index.set(fn.id, list);
    };
    for (const r of this.resources) {
      switch (r.kind) {
        case "lambda.event-source-mapping": {
          const source = this.byArn(r.eventSourceArn) ?? r;
          add(r.functionArn, { type: "event-source-mapping", source, via: r });
          break;
        }
        case "s3.bucket":
          if (isKnown(r.notifications)) {
            for (const n of r.notifications) if (n.targetType === "lambda") add(n.targetArn, { type: "s3", source: r });
          }
          break;
        case "sns.topic":
          if (isKnown(r.subscriptions)) {
            for (const s of r.subscriptions) if (s.protocol === "lambda") add(s.endpoint, { type: "sns", source: r });
          }
          break;
        case "events.rule":
          if (isKnown(r.targets)) for (const t of r.targets) add(t.arn, { type: "eventbridge", source: r });
          break;
        case "apigateway.method":
          add(r.integrationFunctionArn, { type: "rest-api", source: r });
          break;
        case "apigatewayv2.route":
          add(r.integrationFunctionArn, { type: "http-api", source: r });
          break;
        case "lambda.function":
          if (r.url && !isUnknown(r.url)) add(r.arn, { type: "function-url", source: r });
          break;
        default:
          break;
      }
    }
    return index;
  }
}
