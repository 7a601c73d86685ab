import { evaluate, ResourceModel, RULES, resolveConfig } from "@vigil/core";
import { beforeAll, describe, expect, it } from "vitest";
import { readPulumiResources } from "../packages/aws/src/readers/pulumi/index.ts";
import vigilConfigInput from "../vigil.config.ts";
import { type AppRun, runApp } from "./harness.ts";

// Vigil obeys its own rules: its registered resources, read like any Pulumi app's, raise no failing finding.
describe("dogfood: Vigil's rules on Vigil's own stacks", () => {
  let app: AppRun;
  let model: ResourceModel;

  beforeAll(async () => {
    app = await runApp({ stage: "prod" });
    const resources = readPulumiResources(
      app.resources
        .filter((r) => r.custom)
        .map((r) => ({
          ...r,
          urn: `urn:pulumi:${app.app.stage}::${app.app.name}::${r.type}::${r.name}`,
        })),
    );
    model = new ResourceModel(resources);
  });

  it("reads every function, role, queue, table and rule", () => {
    const counted = (type: string) => app.byType(type).length;
    expect(model.ofKind("lambda.function")).toHaveLength(counted("aws:lambda/function:Function"));
    expect(model.ofKind("iam.role")).toHaveLength(counted("aws:iam/role:Role"));
    expect(model.ofKind("sqs.queue")).toHaveLength(counted("aws:sqs/queue:Queue"));
    expect(model.ofKind("dynamodb.table")).toHaveLength(counted("aws:dynamodb/table:Table"));
    expect(model.ofKind("events.rule")).toHaveLength(counted("aws:cloudwatch/eventRule:EventRule"));
  });

  it("has no failing finding", () => {
    // Judged right after the deploy the mocks stand for (their `lastModified` is a fixed date).
    const deployedAt = Math.max(...model.ofKind("lambda.function").map((fn) => Date.parse(String(fn.lastModified))));
    // Vigil holds its own stacks to every rule, the strict set too.
    const config = resolveConfig({ ...vigilConfigInput, ruleset: "strict" }, RULES);
    const report = evaluate(model, config, { now: new Date(deployedAt) });
    const failures = report.results
      .filter((r) => r.status === "fail" && !r.exemption)
      .map((r) => `${r.ruleId} ${r.resourceName ?? r.resourceId}: ${r.message}`);
    expect(failures).toEqual([]);
    // Only the time-boxed exemptions in vigil.config.ts hide anything.
    const exempted = new Set(report.results.filter((r) => r.exemption).map((r) => r.ruleId));
    expect([...exempted].sort()).toEqual([
      "iam-role-inline-policy",
      "lambda-code-signing-not-enforced",
      "lambda-trigger-loop",
      "lambda-url-auth-none",
    ]);
  });
});
