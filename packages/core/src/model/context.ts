/**
 * The context a rule needs beyond its own resource, declared as relations from that resource. One declaration
 * serves four readers: the live targeted read assembles exactly the union of what the enabled rules need for a
 * resource; a scan of some rules reads only the kinds they need; the service derives which resources to re-check
 * when one changes (its dependants); the engine says "cannot evaluate" when a declared relation could not be read.
 * {@link neighboursOf} is the specification every source must meet: a rule run on a resource's neighbourhood
 * decides as it does on the whole account.
 */
import { parseArn } from "./arn.ts";
import { flowsOf } from "./flows.ts";
import type { ResourceModel } from "./graph.ts";
import { DATA_STORE_KINDS, type Resource, type ResourceKind } from "./resources.ts";
import { isKnown, isUnknown, type Unknown } from "./value.ts";

export const CONTEXT_RELATIONS = [
  "execution-role",
  "attached-policies",
  "role-users",
  "triggers",
  "data-stores",
  "permission-sources",
  "consumers",
  "parent-api",
  "api-methods",
  "usage-plans",
] as const;
export type ContextRelation = (typeof CONTEXT_RELATIONS)[number];

export interface RelationSpec {
  readonly description: string;
  /** The kinds a relation starts from: a rule may declare it only if its kinds are among these. */
  readonly from: readonly ResourceKind[];
  /** The kinds of its neighbours: an event on one of them may change the verdict on the resource. */
  readonly neighbourKinds: readonly ResourceKind[];
  /** Relations whose neighbours this one needs to be told (stores are found through the role's policies). */
  readonly needs?: readonly ContextRelation[];
}

/** Kinds an API's stages, methods and routes are read with: they carry the API's ARN as their prefix. */
export const API_PART_KINDS = [
  "apigateway.stage",
  "apigateway.method",
  "apigatewayv2.stage",
  "apigatewayv2.route",
] as const satisfies readonly ResourceKind[];

/** Sources whose name an invoke permission's `aws:SourceArn` can carry (see lambda-permission-obsolete-source). */
export const PERMISSION_SOURCE_KINDS = [
  "s3.bucket",
  "sns.topic",
  "sqs.queue",
  "events.rule",
  "apigateway.rest-api",
  "apigatewayv2.api",
] as const satisfies readonly ResourceKind[];

export const RELATIONS: Readonly<Record<ContextRelation, RelationSpec>> = {
  "execution-role": {
    description: "the function's execution role and the managed policies attached to it",
    from: ["lambda.function"],
    neighbourKinds: ["iam.role", "iam.managed-policy"],
  },
  "attached-policies": {
    description: "the managed policies attached to the role",
    from: ["iam.role"],
    neighbourKinds: ["iam.managed-policy"],
  },
  "role-users": {
    description: "the functions whose execution role this is",
    from: ["iam.role"],
    neighbourKinds: ["lambda.function"],
  },
  triggers: {
    description:
      "everything that invokes the function: event-source mappings and their sources, bucket notifications, " +
      "topic subscriptions, EventBridge rules, API methods and routes",
    from: ["lambda.function"],
    neighbourKinds: [
      "lambda.event-source-mapping",
      "sqs.queue",
      "dynamodb.table",
      "s3.bucket",
      "sns.topic",
      "events.rule",
      "apigateway.method",
      "apigatewayv2.route",
    ],
  },
  "data-stores": {
    description: "the data stores the function's role can read or write, with their tags",
    from: ["lambda.function"],
    neighbourKinds: [...DATA_STORE_KINDS],
    needs: ["execution-role"],
  },
  "permission-sources": {
    description: "the buckets, topics, queues, rules and APIs that the function's resource policy names",
    from: ["lambda.function"],
    neighbourKinds: [...PERMISSION_SOURCE_KINDS],
  },
  consumers: {
    description: "the event-source mappings that poll the queue and their functions",
    from: ["sqs.queue"],
    neighbourKinds: ["lambda.event-source-mapping", "lambda.function"],
  },
  "parent-api": {
    description: "the API a stage, method or route belongs to",
    from: [...API_PART_KINDS],
    neighbourKinds: ["apigateway.rest-api", "apigatewayv2.api"],
  },
  "api-methods": {
    description: "the other methods of a method's REST API (CORS headers answer for the methods on their path)",
    from: ["apigateway.method"],
    neighbourKinds: ["apigateway.method"],
  },
  "usage-plans": {
    description: "the API's stages and the usage plans that cover them",
    from: ["apigateway.rest-api"],
    neighbourKinds: ["apigateway.stage", "apigateway.usage-plan"],
  },
};

/**
 * The kind a resource of `kind` is read and evaluated with: an API for its stages, methods and routes (which its
 * read returns whole), the kind itself otherwise.
 */
export function wholeKindOf(kind: ResourceKind): ResourceKind {
  if (kind === "apigateway.stage" || kind === "apigateway.method") return "apigateway.rest-api";
  if (kind === "apigatewayv2.stage" || kind === "apigatewayv2.route") return "apigatewayv2.api";
  return kind;
}

/** The relations `relations` need, themselves included. */
export function withNeeded(relations: Iterable<ContextRelation>): Set<ContextRelation> {
  const all = new Set<ContextRelation>();
  const add = (relation: ContextRelation) => {
    if (all.has(relation)) return;
    all.add(relation);
    for (const needed of RELATIONS[relation].needs ?? []) add(needed);
  };
  for (const relation of relations) add(relation);
  return all;
}

/** A rule as far as its context goes. */
export interface ContextDeclaration {
  readonly kinds: readonly ResourceKind[];
  readonly context: readonly ContextRelation[];
}

/** The relations the given rules declare for resources of `kind`, with what they need. */
export function contextFor(rules: readonly ContextDeclaration[], kind: ResourceKind): Set<ContextRelation> {
  return withNeeded(rules.filter((rule) => rule.kinds.includes(kind)).flatMap((rule) => rule.context));
}

/**
 * The kinds a full read must list for `rules` to decide as on the whole account: every kind their neighbourhoods
 * may hold ({@link neighbourhood}), i.e. the kinds they apply to, those their declared context reaches, and the
 * parts of any API among them (rules on an API, and the permission-sources relation, see its stages, methods and
 * routes). A scan of some rules needs no other kind read.
 */
export function kindsNeeded(rules: readonly ContextDeclaration[]): Set<ResourceKind> {
  const kinds = new Set<ResourceKind>();
  for (const rule of rules) {
    for (const kind of rule.kinds) kinds.add(kind);
    for (const relation of withNeeded(rule.context)) {
      for (const kind of RELATIONS[relation].neighbourKinds) kinds.add(kind);
    }
  }
  for (const part of API_PART_KINDS) if (kinds.has(wholeKindOf(part))) kinds.add(part);
  return kinds;
}

/**
 * The kinds whose verdicts may change when a resource of `kind` changes: those with a rule whose declared
 * context reaches `kind`. The service re-checks such dependants after an event (see {@link linkedResources}).
 */
export function dependantKinds(rules: readonly ContextDeclaration[], kind: ResourceKind): Set<ResourceKind> {
  const kinds = new Set<ResourceKind>();
  for (const rule of rules) {
    const reaches = [...withNeeded(rule.context)].some((relation) => RELATIONS[relation].neighbourKinds.includes(kind));
    if (reaches) for (const ruleKind of rule.kinds) kinds.add(ruleKind);
  }
  return kinds;
}

/**
 * A resource's parts: what its own read returns with it and what rules on it see as one (an API's stages,
 * methods and routes, whose ARNs extend the API's).
 */
export function partsOf(model: ResourceModel, resource: Resource): readonly Resource[] {
  if (resource.kind !== "apigateway.rest-api" && resource.kind !== "apigatewayv2.api") return [];
  const prefix = `${resource.arn}/`;
  return model.resources.filter((r) => r.arn.startsWith(prefix));
}

/** The neighbours of `resource` along one relation, as the whole model holds them. */
export function neighboursOf(model: ResourceModel, resource: Resource, relation: ContextRelation): Resource[] {
  switch (relation) {
    case "execution-role": {
      if (resource.kind !== "lambda.function") return [];
      const role = model.roleOf(resource);
      return role ? [role, ...managedPoliciesOf(model, role)] : [];
    }
    case "attached-policies":
      return resource.kind === "iam.role" ? managedPoliciesOf(model, resource) : [];
    case "role-users":
      return resource.kind === "iam.role" ? [...model.functionsUsingRole(resource)] : [];
    case "triggers":
      return resource.kind === "lambda.function"
        ? model.triggersOf(resource).flatMap((t) => (t.via === t.source ? [t.source] : [t.via, t.source]))
        : [];
    case "data-stores":
      return resource.kind === "lambda.function" ? flowsOf(model, resource).flows.map((flow) => flow.to) : [];
    case "permission-sources":
      return permissionSourceArns(resource).flatMap((arn) =>
        sourceRefsOf(arn).flatMap((ref) => {
          const source = findSource(model, ref);
          return source ? [source, ...partsOf(model, source)] : [];
        }),
      );
    case "consumers":
      return resource.kind === "sqs.queue"
        ? model.mappingsFrom(resource.arn).flatMap((mapping) => {
            const fn = model.byArn(mapping.functionArn);
            return fn ? [mapping, fn] : [mapping];
          })
        : [];
    case "parent-api": {
      const apiArn =
        resource.kind === "apigateway.stage" || resource.kind === "apigateway.method"
          ? resource.restApiArn
          : resource.kind === "apigatewayv2.stage" || resource.kind === "apigatewayv2.route"
            ? resource.apiArn
            : undefined;
      const api = model.byArn(apiArn);
      return api ? [api] : [];
    }
    case "api-methods":
      return resource.kind === "apigateway.method"
        ? model
            .ofKind("apigateway.method")
            .filter((method) => method.restApiArn === resource.restApiArn && method.id !== resource.id)
        : [];
    case "usage-plans": {
      if (resource.kind !== "apigateway.rest-api") return [];
      return model
        .ofKind("apigateway.usage-plan")
        .filter((plan) =>
          plan.apiStages.some((stage) => isUnknown(stage.restApiArn) || stage.restApiArn === resource.arn),
        );
    }
  }
}

/**
 * Everything rules on `resource` with the given relations look at: the resource, its parts, and the neighbours of
 * the resource and its parts along each relation (the relations' needs included).
 */
export function neighbourhood(
  model: ResourceModel,
  resource: Resource,
  relations: Iterable<ContextRelation>,
): Resource[] {
  const subjects = [resource, ...partsOf(model, resource)];
  const found = new Map(subjects.map((r) => [r.id, r]));
  for (const relation of withNeeded(relations)) {
    for (const subject of subjects)
      for (const neighbour of neighboursOf(model, subject, relation)) found.set(neighbour.id, neighbour);
  }
  return [...found.values()];
}

function managedPoliciesOf(model: ResourceModel, role: Resource): Resource[] {
  if (role.kind !== "iam.role") return [];
  return role.managedPolicyArns.flatMap((arn) => {
    const policy = model.byArn(arn);
    return policy ? [policy] : [];
  });
}

/** The literal `aws:SourceArn` values of a function's Allow statements. */
export function permissionSourceArns(resource: Resource): string[] {
  if (resource.kind !== "lambda.function" || isUnknown(resource.policy)) return [];
  return resource.policy.statements
    .filter((statement) => statement.effect === "Allow")
    .flatMap((statement) => statement.conditions.filter((c) => c.key === "aws:sourcearn").flatMap((c) => c.values))
    .filter(isKnown);
}

/** A resource named by kind and ARN, as the readers build its ARN. */
export interface KindAndArn {
  readonly kind: ResourceKind;
  readonly arn: string;
}

/**
 * The resources an `aws:SourceArn` may name, as the readers build their ARNs: a bucket (object paths cut), a topic,
 * a queue, an EventBridge rule, or the REST or HTTP API of an `execute-api` ARN (one of the two). None for a
 * pattern with a wildcard or template token in the name: it cannot be looked up.
 */
export function sourceRefsOf(sourceArn: string): KindAndArn[] {
  const arn = parseArn(sourceArn);
  if (!arn || /[*?]|\$\{/.test(arn.resource)) return [];
  const { partition, region } = arn;
  switch (arn.service) {
    case "s3":
      return [{ kind: "s3.bucket", arn: `arn:${partition}:s3:::${arn.resource.split("/", 1)[0]}` }];
    case "sns":
      return [{ kind: "sns.topic", arn: sourceArn }];
    case "sqs":
      return [{ kind: "sqs.queue", arn: sourceArn }];
    case "events":
      return arn.resource.startsWith("rule/") ? [{ kind: "events.rule", arn: sourceArn }] : [];
    case "execute-api": {
      const id = arn.resource.split("/", 1)[0];
      return [
        { kind: "apigateway.rest-api", arn: `arn:${partition}:apigateway:${region}::/restapis/${id}` },
        { kind: "apigatewayv2.api", arn: `arn:${partition}:apigateway:${region}::/apis/${id}` },
      ];
    }
    default:
      return [];
  }
}

/**
 * The resource a source reference names: by ARN, or (templates) the resource of that kind whose ARN matches once its
 * `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}` tokens take the reference's values.
 */
export function findSource(model: ResourceModel, ref: KindAndArn): Resource | undefined {
  const exact = model.byArn(ref.arn);
  if (exact) return exact;
  const parts = parseArn(ref.arn);
  if (!parts) return undefined;
  const values: Record<string, string> = {
    "AWS::Partition": parts.partition,
    "AWS::Region": parts.region,
    "AWS::AccountId": parts.account,
  };
  return model
    .ofKind(ref.kind)
    .find(
      (r) =>
        r.arn.includes("${") && r.arn.replace(/\$\{(AWS::[A-Za-z]+)\}/g, (t, name) => values[name] ?? t) === ref.arn,
    );
}

/**
 * The resources a resource's own fields point at, by ARN: a mapping's function and source, a notification's,
 * subscription's or target's function, an integration's function, a role's managed policies, a usage plan's APIs,
 * a stage's API. With {@link dependantKinds}, what a change to it may affect; the service adds what pointed at it
 * at the last evaluation (links that a change removed), which no read of the changed resource can show.
 */
export function linkedArns(resource: Resource): string[] {
  const arns: (string | Unknown | undefined)[] = [];
  switch (resource.kind) {
    case "lambda.event-source-mapping":
      arns.push(resource.functionArn, resource.eventSourceArn);
      break;
    case "s3.bucket":
      if (isKnown(resource.notifications)) arns.push(...resource.notifications.map((n) => n.targetArn));
      break;
    case "sns.topic":
      if (isKnown(resource.subscriptions)) {
        arns.push(...resource.subscriptions.filter((s) => s.protocol === "lambda").map((s) => s.endpoint));
      }
      break;
    case "events.rule":
      if (isKnown(resource.targets)) arns.push(...resource.targets.map((t) => t.arn));
      break;
    case "apigateway.method":
    case "apigatewayv2.route":
      arns.push(resource.integrationFunctionArn);
      break;
    case "iam.role":
      arns.push(...resource.managedPolicyArns);
      break;
    case "apigateway.usage-plan":
      arns.push(...resource.apiStages.map((s) => s.restApiArn));
      break;
    case "apigateway.stage":
      arns.push(resource.restApiArn);
      break;
    case "apigatewayv2.stage":
      arns.push(resource.apiArn);
      break;
    case "lambda.function":
      arns.push(resource.role);
      break;
    default:
      break;
  }
  return [...new Set(arns.filter((arn): arn is string => typeof arn === "string"))];
}

/**
 * How much of the world a model holds, so that rules tell "not there" from "not read":
 * - `partial`: what a template, stack or Config snapshot holds; its extent is unknown, rules keep their heuristics;
 * - `account`: a full read of an account; a kind whose listing failed is incomplete, and every relation reaching
 *   it is unknown;
 * - `neighbourhood`: a targeted read of one resource and the relations its rules need; a relation that could not
 *   be read is unknown, and the sources looked up by ARN and not found are confirmed absent.
 */
export type ModelCoverage =
  | { readonly scope: "partial" }
  | { readonly scope: "account"; readonly incompleteKinds: ReadonlyMap<ResourceKind, Unknown> }
  | {
      readonly scope: "neighbourhood";
      /** The resources whose context was read (the subject and its parts). */
      readonly subjects: ReadonlySet<string>;
      /** Relations read for the subjects that could not be read in full. */
      readonly gaps: ReadonlyMap<ContextRelation, Unknown>;
      /** ARNs looked up and not found. */
      readonly absent: ReadonlySet<string>;
    };

export const PARTIAL_COVERAGE: ModelCoverage = { scope: "partial" };

/** The kind of resource an ARN names, as the readers build ARNs; `undefined` for anything else. */
export function kindOfArn(arn: string): ResourceKind | undefined {
  const parts = parseArn(arn);
  if (!parts) return undefined;
  const { service, resource } = parts;
  switch (service) {
    case "lambda":
      if (resource.startsWith("function:")) return "lambda.function";
      return resource.startsWith("event-source-mapping:") ? "lambda.event-source-mapping" : undefined;
    case "iam":
      if (resource.startsWith("role/")) return "iam.role";
      return resource.startsWith("policy/") ? "iam.managed-policy" : undefined;
    case "apigateway":
      if (/^\/restapis\/[^/]+$/.test(resource)) return "apigateway.rest-api";
      if (/^\/apis\/[^/]+$/.test(resource)) return "apigatewayv2.api";
      return /^\/usageplans\/[^/]+$/.test(resource) ? "apigateway.usage-plan" : undefined;
    case "s3":
      return resource.includes("/") ? undefined : "s3.bucket";
    case "sqs":
      return "sqs.queue";
    case "sns":
      return resource.includes(":") ? undefined : "sns.topic";
    case "dynamodb":
      return /^table\/[^/]+$/.test(resource) ? "dynamodb.table" : undefined;
    case "events":
      return resource.startsWith("rule/") ? "events.rule" : undefined;
    case "cognito-idp":
      return /^userpool\/[^/]+$/.test(resource) ? "cognito.user-pool" : undefined;
    default:
      return undefined;
  }
}

/**
 * The resources whose verdicts a change to `subject` may change, as far as a read of it shows: those of a kind with
 * a rule whose declared context reaches the subject's kind ({@link dependantKinds}), linked to the subject or its
 * parts directly or through one resource between (a queue's mapping between it and its function, a role between
 * a managed policy and its functions). The service adds the resources that had the subject in their context at
 * their last evaluation: a change that removed a link leaves no trace in a fresh read.
 */
export function dependantsOf(
  model: ResourceModel,
  subject: Resource,
  rules: readonly ContextDeclaration[],
): KindAndArn[] {
  const kinds = dependantKinds(rules, subject.kind);
  if (kinds.size === 0) return [];
  const own = new Set([subject, ...partsOf(model, subject)].map((r) => r.arn));
  const adjacent = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = adjacent.get(from) ?? new Set<string>();
      set.add(to);
      adjacent.set(from, set);
    }
  };
  for (const resource of model.resources) for (const arn of linkedArns(resource)) link(resource.arn, arn);
  const reached = new Set(own);
  let frontier = [...own];
  for (let hop = 0; hop < 2; hop++) {
    const next: string[] = [];
    for (const arn of frontier) {
      for (const neighbour of adjacent.get(arn) ?? []) {
        if (reached.has(neighbour)) continue;
        reached.add(neighbour);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  const found: KindAndArn[] = [];
  for (const arn of reached) {
    if (own.has(arn)) continue;
    const kind = model.byArn(arn)?.kind ?? kindOfArn(arn);
    if (kind && kinds.has(kind)) found.push({ kind, arn: model.byArn(arn)?.arn ?? arn });
  }
  return found;
}
