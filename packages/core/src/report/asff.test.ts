import { describe, expect, it } from "vitest";
import { resolveConfig } from "../engine/config.ts";
import { evaluate } from "../engine/engine.ts";
import { PRACTICES, type Practice } from "../engine/rule.ts";
import urlAuthNone from "../rules/lambda/lambda-url-auth-none.ts";
import { lambdaFunction, model } from "../testing/builders.ts";
import { TEST_NOW } from "../testing/run-rule.ts";
import { toAsffFindings } from "./asff.ts";

/** The fields BatchImportFindings rejects a finding without. */
const REQUIRED = [
  "SchemaVersion",
  "Id",
  "ProductArn",
  "GeneratorId",
  "AwsAccountId",
  "Types",
  "CreatedAt",
  "UpdatedAt",
  "Severity",
  "Title",
  "Description",
  "Resources",
] as const;

describe("toAsffFindings", () => {
  const config = resolveConfig({}, [urlAuthNone]);
  const open = lambdaFunction("orders-api", { url: { authType: "NONE", invokeMode: "BUFFERED" } });
  const report = evaluate(model(open, lambdaFunction("orders-worker")), config, { now: TEST_NOW });
  const options = { account: "123456789012", region: "us-east-1" };

  it("writes every required field of a failing finding, for the account's default product", () => {
    const findings = toAsffFindings(report, config.rules, options);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    for (const field of REQUIRED) expect(finding, field).toHaveProperty(field);
    expect(finding).toMatchObject({
      SchemaVersion: "2018-10-08",
      ProductArn: "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default",
      GeneratorId: "lambda-url-auth-none",
      AwsAccountId: "123456789012",
      Compliance: { Status: "FAILED" },
      RecordState: "ACTIVE",
      Resources: [{ Type: "AwsLambdaFunction", Id: open.arn, Region: "us-east-1" }],
    });
    expect(finding!.Types[0]).toMatch(/^Software and Configuration Checks\//);
    expect(finding!.Remediation.Recommendation.Text).toBe(urlAuthNone.remediation.summary);
    expect(Date.parse(finding!.UpdatedAt)).not.toBeNaN();
  });

  it("keeps every practice's type at three levels, even a name holding a slash (CI/CD)", () => {
    for (const practice of Object.keys(PRACTICES).map(Number) as Practice[]) {
      const retagged = { ...report, results: report.results.map((result) => ({ ...result, practice })) };
      const [type] = toAsffFindings(retagged, config.rules, options)[0]!.Types;
      expect(type!.split("/"), type).toHaveLength(3);
    }
    const ci = { ...report, results: report.results.map((result) => ({ ...result, practice: 6 as const })) };
    expect(toAsffFindings(ci, config.rules, options)[0]!.Types).toEqual([
      "Software and Configuration Checks/Vigil/Configuration tests in CI-CD and prod",
    ]);
  });

  it("marks passing results PASSED when they are asked for, with a stable id per rule and resource", () => {
    const findings = toAsffFindings(report, config.rules, { ...options, showPassing: true });
    expect(findings.map((f) => f.Compliance.Status).sort()).toEqual(["FAILED", "PASSED"]);
    expect(new Set(findings.map((f) => f.Id)).size).toBe(2);
  });
});
