/**
 * The declared context of every rule is enough: run on a resource's neighbourhood (the resource, its parts and its
 * neighbours along the relations the rule declares), a rule decides exactly as on the whole account. This is the
 * specification the live targeted read meets; a rule that reads the model along an undeclared relation fails here.
 */
import { fileURLToPath } from "node:url";
import {
  type AnyRule,
  evaluate,
  findSource,
  kindsNeeded,
  neighbourhood,
  partsOf,
  permissionSourceArns,
  RELATIONS,
  RESOURCE_KINDS,
  type Resource,
  ResourceModel,
  RULES,
  resolveConfig,
  sourceRefsOf,
  unknown,
} from "@vigil/core";
import {
  functionInvokedByGoneBucket,
  httpApi,
  httpRoute,
  lambdaFunction,
  restApi,
  restMethod,
} from "@vigil/core/testing";
import { describe, expect, it } from "vitest";
import { readTemplates } from "../readers/cloudformation/index.ts";
import { readConfigSnapshot } from "../readers/config/snapshot.ts";

const example = (path: string) => fileURLToPath(new URL(`../../../../examples/${path}`, import.meta.url));
const NOW = new Date("2026-12-01T00:00:00Z");

/**
 * What the example apps leave out: a body validator read from the API, an API-fronted slow function, `$default`,
 * an invoke permission left behind by a deleted bucket, CORS on an IAM-authorized path.
 */
function edgeCases(): Resource[] {
  const slow = lambdaFunction("slow", { timeoutSeconds: 60 });
  const leftover = functionInvokedByGoneBucket();
  return [
    leftover,
    restApi("api123", { requestValidators: [{ id: "validator1", validateBody: false, validateParameters: true }] }),
    restMethod("api123", "/orders", "POST", { integrationFunctionArn: slow.arn }),
    slow,
    httpApi("http123"),
    httpRoute("http123", "$default", { authorizationType: "NONE" }),
    // CORS open to any origin on a path whose only method needs IAM-signed requests.
    restMethod("api123", "/reports", "OPTIONS", { authorizationType: "NONE", corsAllowOrigin: "*" }),
    restMethod("api123", "/reports", "GET", { authorizationType: "AWS_IAM" }),
  ];
}

/** The example apps, read as an account would be (every kind listed in full), and API edge cases. */
async function accountModels(): Promise<ResourceModel[]> {
  const snapshot = await readConfigSnapshot(example("vulnerable-app/config-snapshot.json"));
  const templates = await readTemplates([example("vulnerable-app"), example("clean-app")]);
  return [snapshot.resources, ...templates.stacks.map((stack) => stack.resources), edgeCases()].map(
    (resources) => new ResourceModel(resources, { scope: "account", incompleteKinds: new Map() }),
  );
}

/** The model a targeted read of `resource` for `rule` yields, built from the whole account. */
function neighbourhoodModel(account: ResourceModel, resource: Resource, rule: AnyRule): ResourceModel {
  const subjects = [resource, ...partsOf(account, resource)];
  // Sources are looked up by ARN only for the relation that names them, as the targeted read does.
  const looked = rule.context.includes("permission-sources")
    ? subjects.flatMap(permissionSourceArns).flatMap(sourceRefsOf)
    : [];
  return new ResourceModel(neighbourhood(account, resource, rule.context), {
    scope: "neighbourhood",
    subjects: new Set(subjects.map((r) => r.id)),
    gaps: new Map(),
    absent: new Set(looked.filter((ref) => !findSource(account, ref)).map((ref) => ref.arn)),
  });
}

function verdicts(model: ResourceModel, rule: AnyRule, resourceId: string) {
  const config = resolveConfig({ rules: { [rule.id]: { enabled: true } } }, [rule]);
  return evaluate(model, config, { now: NOW })
    .results.filter((r) => r.resourceId === resourceId)
    .map((r) => `${r.status}: ${r.message}`);
}

/**
 * The model a scan of `rule` alone reads: every resource of the kinds it needs, the other kinds left out and
 * incomplete, as readAccount reports them.
 */
function neededKindsModel(account: ResourceModel, rule: AnyRule): ResourceModel {
  const needed = kindsNeeded([rule]);
  const leftOut = RESOURCE_KINDS.filter((kind) => !needed.has(kind));
  return new ResourceModel(
    account.resources.filter((r) => needed.has(r.kind)),
    { scope: "account", incompleteKinds: new Map(leftOut.map((kind) => [kind, unknown(`${kind} not read`)])) },
  );
}

/** (rule, resource) pairs whose verdict on the neighbourhood differs from the verdict on the account. */
function differences(account: ResourceModel, rule: AnyRule): string[] {
  const found: string[] = [];
  for (const kind of rule.kinds) {
    for (const resource of account.ofKind(kind)) {
      const whole = verdicts(account, rule, resource.id);
      const near = verdicts(neighbourhoodModel(account, resource, rule), rule, resource.id);
      if (JSON.stringify(whole) !== JSON.stringify(near)) {
        found.push(
          `${rule.id} on ${resource.id}: account says ${whole.join(" | ")}; neighbourhood says ${near.join(" | ")}`,
        );
      }
    }
  }
  return found;
}

describe("declared rule context", () => {
  it("decides every rule on every resource of the example apps as the whole account does", async () => {
    for (const account of await accountModels()) {
      expect(RULES.flatMap((rule) => differences(account, rule))).toEqual([]);
    }
  });

  it("is needed: without its declared context, each rule that declares one decides differently somewhere", async () => {
    const accounts = await accountModels();
    const undeclared = RULES.filter((rule) => rule.context.length > 0).filter((rule) =>
      accounts.every((account) => differences(account, { ...rule, context: [] }).length === 0),
    );
    expect(undeclared.map((rule) => rule.id)).toEqual([]);
  });

  it("needs every kind a rule's neighbourhood holds", async () => {
    for (const account of await accountModels()) {
      const unneeded = RULES.flatMap((rule) =>
        rule.kinds.flatMap((kind) =>
          account.ofKind(kind).flatMap((resource) =>
            neighbourhood(account, resource, rule.context)
              .filter((neighbour) => !kindsNeeded([rule]).has(neighbour.kind))
              .map((neighbour) => `${rule.id} on ${resource.id}: ${neighbour.kind}`),
          ),
        ),
      );
      expect(unneeded).toEqual([]);
    }
  });

  it("decides every rule on a read of only the kinds it needs as on the whole account", async () => {
    for (const account of await accountModels()) {
      const differing = RULES.flatMap((rule) =>
        rule.kinds.flatMap((kind) =>
          account.ofKind(kind).flatMap((resource) => {
            const whole = verdicts(account, rule, resource.id);
            const read = verdicts(neededKindsModel(account, rule), rule, resource.id);
            return JSON.stringify(whole) === JSON.stringify(read) ? [] : [`${rule.id} on ${resource.id}: ${read}`];
          }),
        ),
      );
      expect(differing).toEqual([]);
    }
  });

  it("declares relations only from the kinds they start from", () => {
    const misplaced = RULES.flatMap((rule) =>
      rule.context
        .filter((relation) => rule.kinds.some((kind) => !RELATIONS[relation].from.includes(kind)))
        .map((relation) => `${rule.id}: ${relation}`),
    );
    expect(misplaced).toEqual([]);
  });
});
