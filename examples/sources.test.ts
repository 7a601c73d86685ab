/**
 * One rule set, every source: the vulnerable example read as its template, as the Config snapshot of the same
 * deployment and through its (mocked) live APIs must fail the same rules on the same resources (matched by kind and
 * physical name).
 */
import { resolve } from "node:path";
import { readAccount, readConfigSnapshot, readTemplates } from "@vigil/aws";
import { evaluate, type Resource, ResourceModel, RULES, resolveConfig } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { serveVulnerableApp } from "./live-source.ts";

const APP = resolve(import.meta.dirname, "vulnerable-app");

/**
 * Rules whose decisive input one source cannot know, with why. Config does not record function policies, URLs,
 * recursion settings, SNS subscriptions or event-source mappings, and has no item for API Gateway methods.
 */
const NOT_RECORDED_BY_CONFIG = {
  function_policy: "the function's resource policy (GetPolicy) is not in Config's Lambda item",
  url: "function URLs are not in Config's Lambda item",
  event_invoke: "the asynchronous invoke configuration is not in Config's Lambda item",
  code_signing: "the code-signing configuration is not in Config's Lambda item",
  recursion: "the recursive-loop setting is not in Config's Lambda item",
  concurrency: "Config's Concurrency supplement cannot tell an unset reservation from an unrecorded one",
  subscriptions: "SNS subscriptions are not in Config's topic item",
  mapping: "Config has no item for event-source mappings, so a queue's consumer is unknown",
};
const NOT_COMPARABLE: Record<string, string> = {
  "lambda-async-no-failure-destination": NOT_RECORDED_BY_CONFIG.event_invoke,
  "lambda-code-signing-not-enforced": NOT_RECORDED_BY_CONFIG.code_signing,
  "lambda-concurrency-uncapped": NOT_RECORDED_BY_CONFIG.concurrency,
  "lambda-public-trigger-uncapped": `${NOT_RECORDED_BY_CONFIG.function_policy}; ${NOT_RECORDED_BY_CONFIG.concurrency}`,
  "lambda-invoke-cross-account": NOT_RECORDED_BY_CONFIG.function_policy,
  "lambda-policy-public": NOT_RECORDED_BY_CONFIG.function_policy,
  "lambda-recursive-loop-allowed": NOT_RECORDED_BY_CONFIG.recursion,
  "lambda-url-auth-none": NOT_RECORDED_BY_CONFIG.url,
  "lambda-url-cors-wildcard": NOT_RECORDED_BY_CONFIG.url,
  "sns-subscription-no-dlq": NOT_RECORDED_BY_CONFIG.subscriptions,
  "sqs-queue-no-dlq": NOT_RECORDED_BY_CONFIG.mapping,
  "sqs-visibility-below-function-timeout": NOT_RECORDED_BY_CONFIG.mapping,
  // Without the mapping, the worker's sqs:DeleteMessage on orders-jobs looks unjustified from Config alone.
  "lambda-role-write-unjustified": NOT_RECORDED_BY_CONFIG.mapping,
  // A write into the function's own on-failure destination is declared; Config cannot say where that is.
  "flow-sensitive-write-unapproved": NOT_RECORDED_BY_CONFIG.event_invoke,
};

/** Kinds AWS Config has no item type for: only the template knows these resources. */
const TEMPLATE_ONLY_KINDS = new Set([
  "lambda.event-source-mapping",
  "apigateway.method",
  "apigateway.usage-plan",
  "apigatewayv2.route",
]);

/**
 * Template against live APIs: the live readers know everything the template states, and more (deploy times), so
 * only rules about what happened after deployment are left out, and every kind is compared.
 */
const NOT_IN_TEMPLATE: Record<string, string> = {
  "lambda-not-redeployed": "a template has no last-modified time",
};

/** What one comparison leaves out: rules a source cannot decide, and kinds a source has no record of. */
interface Exclusions {
  readonly rules: Record<string, string>;
  readonly kinds: ReadonlySet<string>;
}
const TEMPLATE_VS_CONFIG: Exclusions = { rules: NOT_COMPARABLE, kinds: TEMPLATE_ONLY_KINDS };
const TEMPLATE_VS_LIVE: Exclusions = { rules: NOT_IN_TEMPLATE, kinds: new Set() };

/** A mapping's name is a UUID AWS assigns at deploy time: name it by its queue or stream, which every source knows. */
function physicalName(resource: Resource): string {
  if (resource.kind === "lambda.event-source-mapping" && typeof resource.eventSourceArn === "string") {
    return `mapping from ${resource.eventSourceArn.split(":").at(-1)}`;
  }
  return typeof resource.name === "string" ? resource.name : resource.id;
}

function failures(resources: Resource[], excluded: Exclusions): string[] {
  const config = resolveConfig({ ruleset: "strict" }, RULES);
  const model = new ResourceModel(resources);
  const nameOf = new Map(resources.map((r) => [r.id, physicalName(r)]));
  return evaluate(model, config)
    .results.filter((r) => r.status === "fail" && !(r.ruleId in excluded.rules) && !excluded.kinds.has(r.resourceKind))
    .map((r) => `${r.ruleId} ${r.resourceKind} ${nameOf.get(r.resourceId)}`)
    .sort();
}

describe("one rule set, every source", () => {
  it("fails the same rules on the same resources from the template and from the Config snapshot", async () => {
    const template = await readTemplates([resolve(APP, "template.yaml")]);
    const snapshot = await readConfigSnapshot(resolve(APP, "config-snapshot.json"));
    expect(template.errors).toEqual([]);
    expect(snapshot.errors).toEqual([]);
    const fromTemplate = failures(template.resources, TEMPLATE_VS_CONFIG);
    expect(failures(snapshot.resources, TEMPLATE_VS_CONFIG)).toEqual(fromTemplate);
    // The comparison is not vacuous: most planted problems are in it.
    expect(fromTemplate.length).toBeGreaterThan(25);
  });

  it("fails the same rules on the same resources from the template and from the live APIs", async () => {
    const template = await readTemplates([resolve(APP, "template.yaml")]);
    const restore = serveVulnerableApp();
    try {
      const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
      const live = await readAccount({ region: "us-east-1", credentials });
      expect(live.errors).toEqual([]);
      const fromTemplate = failures(template.resources, TEMPLATE_VS_LIVE);
      expect(failures(live.resources, TEMPLATE_VS_LIVE)).toEqual(fromTemplate);
      expect(fromTemplate.length).toBeGreaterThan(35);
    } finally {
      restore();
    }
  });
});
