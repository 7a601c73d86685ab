import { describe, expect, it } from "vitest";
import { resolveConfig } from "../engine/config.ts";
import { evaluate } from "../engine/engine.ts";
import { defineRule, fail, pass, undetermined } from "../engine/rule.ts";
import type { Origin } from "../model/resources.ts";
import { unknown } from "../model/value.ts";
import urlAuthNone from "../rules/lambda/lambda-url-auth-none.ts";
import { lambdaFunction, model } from "../testing/builders.ts";
import { TEST_NOW } from "../testing/run-rule.ts";
import { sarifSchemaErrors } from "../testing/sarif-schema.ts";
import { toAsffFindings } from "./asff.ts";
import { renderRuleCatalogueMarkdown, ruleCatalogueEntry } from "./catalogue.ts";
import { breaksGate, describeEvidence } from "./findings.ts";
import { toFindingsJson } from "./json.ts";
import { toSarifLog } from "./sarif.ts";

const template = (logicalId: string, line?: number): Origin => ({
  type: "template",
  file: "infra/app template.yaml",
  logicalId,
  ...(line !== undefined && { line }),
});

const throwing = defineRule({
  id: "lambda-test-throws",
  title: "A rule that throws, for the error path",
  severity: "medium",
  practice: 5,
  kinds: ["lambda.function"],
  rationale: "Exercises the engine's fail-closed error result in every output format of the report.",
  remediation: { summary: "Nothing to remediate here.", steps: ["first", "second"] },
  check: (fn) => {
    if (fn.origin.type === "template" && fn.origin.logicalId === "Boom") throw new Error("kaboom");
    return pass();
  },
});

const statementRule = defineRule({
  id: "lambda-test-statement",
  title: "A rule whose evidence is a statement",
  severity: "info",
  practice: 3,
  kinds: ["lambda.function"],
  rationale: "Exercises statement evidence and info severity in the report formats and the SARIF schema.",
  remediation: { summary: "Nothing to remediate here either." },
  mappings: { owasp: ["A5"], sas: ["SAS-4"] },
  check: (fn) =>
    fn.origin.type === "live"
      ? fail("statement 0 allows *", {
          type: "statement",
          policy: "resource policy",
          index: 0,
          sid: "Open",
          statement: {},
        })
      : pass(),
});

function sampleReport() {
  const publicUrl = { authType: "NONE", invokeMode: "BUFFERED" } as const;
  const resources = model(
    lambdaFunction("webhook", { origin: template("Webhook", 12), url: publicUrl }),
    lambdaFunction("worker", { origin: template("Worker"), url: publicUrl }),
    lambdaFunction("boom", { origin: template("Boom", 40) }),
    lambdaFunction("live-fn"),
  );
  const config = resolveConfig(
    {
      exemptions: [
        { rule: urlAuthNone.id, resource: "Worker", reason: "HMAC-verified webhook", expires: "2027-01-01" },
      ],
      rules: { [urlAuthNone.id]: { severity: "critical" } },
    },
    [urlAuthNone, throwing, statementRule],
  );
  return { config, report: evaluate(resources, config, { now: TEST_NOW }) };
}

describe("report formats", () => {
  it("JSON lists failures and errors, most severe first, with template locations and exemptions", () => {
    const { report } = sampleReport();
    const json = toFindingsJson(report, {
      inputErrors: [{ file: "bad.yaml", line: 3, message: "bad indentation" }],
    });
    expect(json.findings.map((f) => [f.ruleId, f.resource, f.status, f.severity])).toEqual([
      ["lambda-url-auth-none", "Worker", "fail", "critical"],
      ["lambda-url-auth-none", "Webhook", "fail", "critical"],
      ["lambda-test-throws", "Boom", "error", "medium"],
      ["lambda-test-statement", "arn:aws:lambda:us-east-1:123456789012:function:live-fn", "fail", "info"],
    ]);
    expect(json.findings[1]).toMatchObject({
      location: { file: "infra/app template.yaml", line: 12, logicalId: "Webhook" },
      evidence: [{ type: "setting", path: "url.authType", value: "NONE" }],
    });
    expect(json.findings[1]).not.toHaveProperty("exemption");
    expect(json.findings[0]!.exemption?.reason).toBe("HMAC-verified webhook");
    expect(json.findings[3]).not.toHaveProperty("location");
    expect(json.summary.inputErrors).toHaveLength(1);
    expect(json.summary.failuresBySeverity.critical).toBe(1);
    expect(toFindingsJson(report, { showPassing: true }).findings.map((f) => f.status)).toContain("pass");
  });

  it("SARIF validates against the SARIF 2.1.0 schema and carries what GitHub code scanning reads", () => {
    const { report, config } = sampleReport();
    const log = toSarifLog(report, config.rules, {
      toolVersion: "0.1.0",
      informationUri: "https://example.com/vigil",
      inputErrors: [{ file: "bad.yaml", line: 3, column: 5, message: "bad indentation" }],
    });
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(sarifSchemaErrors({ version: "2.1.0", runs: [{ results: [{ level: "loud" }] }] })).not.toEqual([]);
    const [run] = log.runs;
    const rules = run!.tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual([
      "lambda-url-auth-none",
      "lambda-test-throws",
      "lambda-test-statement",
    ]);
    expect(rules[0]).toMatchObject({
      name: "LambdaUrlAuthNone",
      defaultConfiguration: { level: "error" },
      properties: { "security-severity": "9.5", practice: 2 },
    });
    expect(rules[0]!.properties.tags).toEqual(
      expect.arrayContaining(["security", "owasp-serverless/A2", "fsbp/Lambda.1"]),
    );
    expect(rules[0]!.help.markdown).toContain("aws lambda update-function-url-config");
    const [worker, webhook, live] = run!.results;
    expect(webhook).toMatchObject({
      ruleId: "lambda-url-auth-none",
      ruleIndex: 0,
      level: "error",
      locations: [
        { physicalLocation: { artifactLocation: { uri: "infra/app%20template.yaml" }, region: { startLine: 12 } } },
      ],
      partialFingerprints: { "vigilFinding/v1": "lambda-url-auth-none:infra/app template.yaml:Webhook" },
    });
    expect(webhook).not.toHaveProperty("suppressions");
    expect(worker!.locations[0]!.physicalLocation).not.toHaveProperty("region");
    expect(worker!.suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "HMAC-verified webhook (until 2027-01-01)" },
    ]);
    expect(live).toMatchObject({ ruleIndex: 2, level: "note" });
    const [invocation] = run!.invocations;
    expect(invocation!.executionSuccessful).toBe(false);
    expect(invocation!.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      "bad.yaml: bad indentation",
      "lambda-test-throws could not evaluate Boom: rule failed: kaboom",
    ]);
  });

  it("a gate breaks on unexempted failures and rule errors at or above the threshold", () => {
    const { report } = sampleReport();
    const breaking = (threshold: "critical" | "medium" | "info") =>
      report.results.filter((r) => breaksGate(r, threshold, "warn")).map((r) => `${r.ruleId}:${r.status}`);
    expect(breaking("critical")).toEqual(["lambda-url-auth-none:fail"]);
    expect(breaking("medium")).toEqual(["lambda-url-auth-none:fail", "lambda-test-throws:error"]);
    expect(breaking("info")).toHaveLength(3);
  });

  it("undetermined results are listed (warn), gate (fail) or are left out (ignore), in every format", () => {
    const undecided = defineRule({
      id: "lambda-test-undecided",
      title: "A rule whose input is unknown on one function",
      severity: "high",
      practice: 3,
      kinds: ["lambda.function"],
      rationale: "Exercises the undetermined status in the gate and in every output format of the report.",
      remediation: { summary: "Nothing to remediate here at all." },
      check: (fn) => (fn.name === "mystery" ? undetermined("its role", unknown("iam:GetRole denied")) : pass()),
    });
    const config = resolveConfig({}, [undecided]);
    const report = evaluate(model(lambdaFunction("mystery"), lambdaFunction("known")), config, { now: TEST_NOW });
    const [result] = report.results.filter((r) => r.status === "undetermined");
    expect(result).toMatchObject({ message: "cannot evaluate: its role is unknown (iam:GetRole denied)" });
    expect(report.summary.byStatus).toMatchObject({ undetermined: 1, pass: 1, not_applicable: 0 });

    expect(breaksGate(result!, "high", "fail")).toBe(true);
    expect(breaksGate(result!, "critical", "fail")).toBe(false);
    expect(breaksGate(result!, "info", "warn")).toBe(false);
    expect(breaksGate(result!, "info", "ignore")).toBe(false);

    const statuses = (mode: "fail" | "warn" | "ignore") => toFindingsJson(report, { undetermined: mode }).findings;
    expect(statuses("warn").map((f) => f.status)).toEqual(["undetermined"]);
    expect(statuses("ignore")).toEqual([]);
    expect(toFindingsJson(report, { undetermined: "ignore" }).summary).toMatchObject({
      undeterminedMode: "ignore",
      byStatus: { undetermined: 1 },
    });

    const sarif = (mode: "fail" | "warn" | "ignore") =>
      toSarifLog(report, config.rules, { toolVersion: "0.1.0", informationUri: "https://x", undetermined: mode });
    expect(sarifSchemaErrors(sarif("warn"))).toEqual([]);
    expect(sarif("warn").runs[0]!.results).toEqual([
      expect.objectContaining({
        kind: "review",
        level: "none",
        properties: expect.objectContaining({ status: "undetermined" }),
      }),
    ]);
    expect(sarif("fail").runs[0]!.results).toEqual([expect.objectContaining({ kind: "fail", level: "error" })]);
    expect(sarif("ignore").runs[0]!.results).toEqual([]);

    const asff = toAsffFindings(report, config.rules, { account: "123456789012", region: "us-east-1" });
    expect(asff.map((f) => f.Compliance.Status)).toEqual(["NOT_AVAILABLE"]);
  });

  it("evidence reads as one line", () => {
    expect(describeEvidence({ type: "setting", path: "timeout", value: 3 })).toBe("timeout = 3");
    expect(describeEvidence({ type: "statement", policy: "trust policy", index: 1, statement: {} })).toBe(
      "trust policy, statement 1",
    );
    const templateArn = (resource: string) =>
      `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:${resource}`;
    expect(
      describeEvidence({
        type: "edge",
        from: "arn:aws:lambda:us-east-1:123456789012:function:orders",
        to: templateArn("table/orders"),
        relation: "writes",
      }),
    ).toBe("function:orders → table/orders (writes)");
    expect(describeEvidence({ type: "setting", path: "p", value: "x".repeat(200) })).toHaveLength(84);
  });

  it("the catalogue lists option defaults and renders every practice", () => {
    expect(ruleCatalogueEntry(urlAuthNone)).toMatchObject({
      practiceName: "Perimeter at the function level",
      options: {},
    });
    const markdown = renderRuleCatalogueMarkdown([urlAuthNone, throwing]);
    expect(markdown.match(/^## \d\. /gm)).toHaveLength(9);
    expect(markdown).toContain("| [`lambda-url-auth-none`](#lambda-url-auth-none) |");
    expect(markdown).toContain("1. first\n2. second");
  });
});
