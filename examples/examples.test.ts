import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readTemplates } from "@vigil/aws";
import { evaluate, ResourceModel, RULES, type RuleResult, resolveConfig } from "@vigil/core";
import { describe, expect, it } from "vitest";

const here = import.meta.dirname;

/** Rows of the `| rule | resource | problem |` table in EXPECTED.md. */
function expectedProblems(): { rule: string; resource: string }[] {
  const text = readFileSync(join(here, "vulnerable-app", "EXPECTED.md"), "utf8");
  return [...text.matchAll(/^\| `([a-z0-9-]+)` \| (\w+) \|/gm)].map((m) => ({ rule: m[1]!, resource: m[2]! }));
}

async function check(app: string): Promise<RuleResult[]> {
  const read = await readTemplates([join(here, app)]);
  expect(read.errors).toEqual([]);
  // Every rule, the strict ones too: the apps plant (and avoid) problems of every rule.
  const report = evaluate(new ResourceModel(read.resources), resolveConfig({ ruleset: "strict" }, RULES), {
    now: new Date("2026-11-28T12:00:00Z"),
  });
  return [...report.results];
}

const logicalId = (r: RuleResult) => (r.origin.type === "template" ? r.origin.logicalId : r.resourceId);

describe("examples", () => {
  it("the vulnerable app's every planted problem is caught by the rule EXPECTED.md names", async () => {
    const failures = (await check("vulnerable-app")).filter((r) => r.status === "fail");
    const expected = expectedProblems();
    expect(expected.length).toBeGreaterThanOrEqual(30);
    const missed = expected.filter((e) => !failures.some((f) => f.ruleId === e.rule && logicalId(f) === e.resource));
    expect(missed).toEqual([]);
  });

  it("the vulnerable app raises no failure that EXPECTED.md does not list", async () => {
    const failures = (await check("vulnerable-app")).filter((r) => r.status === "fail");
    const expected = expectedProblems();
    const unlisted = failures
      .filter((f) => !expected.some((e) => e.rule === f.ruleId && e.resource === logicalId(f)))
      .map((f) => `${f.ruleId} ${logicalId(f)}: ${f.message}`);
    expect(unlisted).toEqual([]);
  });

  it("the clean app has no failing and no erroring finding", async () => {
    const problems = (await check("clean-app"))
      .filter((r) => r.status === "fail" || r.status === "error")
      .map((r) => `${r.ruleId} ${logicalId(r)}: ${r.message}`);
    expect(problems).toEqual([]);
  });

  it("the example templates pass cfn-lint", async () => {
    const { spawnSync } = await import("node:child_process");
    const probe = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" });
    if (probe.error && !process.env.CI) {
      console.warn("cfn-lint not installed: skipping the template lint outside CI");
      return;
    }
    for (const app of ["vulnerable-app", "clean-app"]) {
      const lint = spawnSync("cfn-lint", [join(here, app, "template.yaml")], { encoding: "utf8" });
      expect(lint.stdout + lint.stderr, app).toBe("");
      expect(lint.status, app).toBe(0);
    }
  });
});
