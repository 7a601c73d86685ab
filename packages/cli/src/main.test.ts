import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RULES, renderRuleCatalogueMarkdown } from "@vigil/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVigil } from "./testing/run-vigil.ts";

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  UrlAuth:
    Type: String
    AllowedValues: [NONE, AWS_IAM]
Resources:
  WebhookRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  WebhookFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: !GetAtt WebhookRole.Arn
      Code: { ZipFile: "exports.handler = async () => ({})" }
  WebhookUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt WebhookFunction.Arn
      AuthType: NONE
  InternalFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: !GetAtt WebhookRole.Arn
      Code: { ZipFile: "exports.handler = async () => ({})" }
  InternalUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt InternalFunction.Arn
      AuthType: !Ref UrlAuth
`;
const WEBHOOK_LINE = TEMPLATE.split("\n").indexOf("  WebhookFunction:") + 1;

const BROKEN = `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs22.x
`;

const URL_RULE = "lambda-url-auth-none";
let root: string;

const vigil = (argv: string[], cwd = root) => runVigil(argv, cwd);

/** A working directory holding the app and, optionally, configuration files. */
function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(root, "ws-"));
  mkdirSync(join(dir, "app"));
  writeFileSync(join(dir, "app", "template.yaml"), TEMPLATE);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "vigil-cli-"));
  mkdirSync(join(root, "app"));
  writeFileSync(join(root, "app", "template.yaml"), TEMPLATE);
  writeFileSync(join(root, "broken.yaml"), BROKEN);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("vigil check", () => {
  it("prints failures grouped by severity with rule, resource, file:line, message, evidence and a summary", async () => {
    const { code, stdout, stderr } = await vigil(["check", "app", "--rule", URL_RULE]);
    expect(stderr).toBe("");
    expect(stdout).toContain("HIGH (1)");
    expect(stdout).toContain(`✗ ${URL_RULE}  WebhookFunction (app/template.yaml:${WEBHOOK_LINE})`);
    expect(stdout).toContain('evidence: url.authType = "NONE"');
    expect(stdout).toContain(`UNDETERMINED (1)\n  ? ${URL_RULE}  InternalFunction (app/template.yaml:`);
    expect(stdout).toContain("cannot evaluate: the function URL's auth type is unknown (Ref UrlAuth");
    expect(stdout).toMatch(
      /1 rules · 1 failures \(1 high\) · 0 exempted · 0 rule errors · 1 undetermined \(not gating\) · 0 passed · 0 not applicable/,
    );
    expect(stdout).not.toContain("\u001b[");
    expect(code).toBe(1);
  });

  it("exits 1 only for a failure at or above --fail-on (default high)", async () => {
    const exitFor = async (...extra: string[]) => (await vigil(["check", "app", "--rule", URL_RULE, ...extra])).code;
    expect(await exitFor("--fail-on", "critical")).toBe(0);
    expect(await exitFor("--fail-on", "high")).toBe(1);
    expect(await exitFor("--fail-on", "info")).toBe(1);
    expect(await exitFor("--fail-on", "none")).toBe(0);
    expect(await exitFor("--fail-on", "severe")).toBe(2);
  });

  it("--undetermined gates on, lists or leaves out what a rule could not decide (default: warn)", async () => {
    const internalOnly = workspace();
    const template = readFileSync(join(internalOnly, "app", "template.yaml"), "utf8");
    writeFileSync(
      join(internalOnly, "app", "template.yaml"),
      template.replace("      AuthType: NONE\n", "      AuthType: AWS_IAM\n"),
    );
    const run = (...extra: string[]) => vigil(["check", "app", "--rule", URL_RULE, ...extra], internalOnly);

    const warned = await run();
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain("No failures found, but 1 result could not be decided.");
    expect(warned.stdout).toContain("1 undetermined (not gating)");
    const failed = await run("--undetermined", "fail");
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("1 undetermined (failing the gate)");
    expect((await run("--undetermined", "fail", "--fail-on", "critical")).code).toBe(0);
    const ignored = await run("--undetermined", "ignore");
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).not.toContain("UNDETERMINED");
    expect(ignored.stdout).toContain("1 undetermined (not listed)");
    expect((await run("--undetermined", "maybe")).code).toBe(2);
  });

  it("exits 2 when the templates hold no resource to check: a gate over nothing proves nothing", async () => {
    const empty = workspace();
    writeFileSync(join(empty, "app", "template.yaml"), 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n');
    const { code, stdout, stderr } = await vigil(["check", "app"], empty);
    expect(code).toBe(2);
    expect(stdout).toContain("No resources found: nothing was checked.");
    expect(stdout).not.toContain("No failures");
    expect(stderr).toContain("no resources to check");
  });

  it("writes JSON findings, failures only unless --show-passing", async () => {
    const { stdout, code } = await vigil(["check", "app", "--rule", URL_RULE, "--format", "json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.findings).toEqual([
      {
        ruleId: URL_RULE,
        resource: "WebhookFunction",
        resourceKind: "lambda.function",
        status: "fail",
        severity: "high",
        practice: 2,
        message: expect.stringContaining("NONE"),
        evidence: [{ type: "setting", path: "url.authType", value: "NONE" }],
        location: { file: "app/template.yaml", line: WEBHOOK_LINE, logicalId: "WebhookFunction" },
      },
      expect.objectContaining({ ruleId: URL_RULE, resource: "InternalFunction", status: "undetermined" }),
    ]);
    expect(report.summary).toMatchObject({
      resources: expect.any(Number),
      rules: 1,
      inputErrors: [],
      undeterminedMode: "warn",
      byStatus: { fail: 1, undetermined: 1 },
    });
    const all = JSON.parse(
      (await vigil(["check", "app", "--rule", URL_RULE, "--format", "json", "--show-passing"])).stdout,
    );
    expect(all.findings.map((f: { status: string }) => f.status).sort()).toEqual(["fail", "undetermined"]);
  });

  it("writes SARIF to --output with paths relative to the working directory", async () => {
    const { stdout, code } = await vigil([
      "check",
      "app",
      "--rule",
      URL_RULE,
      "--format",
      "sarif",
      "--output",
      "out.sarif",
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain("wrote sarif report to out.sarif");
    const log = JSON.parse(readFileSync(join(root, "out.sarif"), "utf8"));
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([URL_RULE]);
    expect(log.runs[0].results[0]).toMatchObject({
      ruleId: URL_RULE,
      ruleIndex: 0,
      level: "error",
      locations: [
        { physicalLocation: { artifactLocation: { uri: "app/template.yaml" }, region: { startLine: WEBHOOK_LINE } } },
      ],
    });
  });

  it("--rule runs only the named rules and --skip leaves rules out", async () => {
    const ruleIds = async (...extra: string[]) =>
      new Set(
        JSON.parse((await vigil(["check", "app", "--format", "json", ...extra])).stdout).findings.map(
          (f: { ruleId: string }) => f.ruleId,
        ),
      );
    expect(await ruleIds()).toContain(URL_RULE);
    expect(await ruleIds("--skip", URL_RULE)).not.toContain(URL_RULE);
    expect(await ruleIds("--rule", URL_RULE, "--rule", "lambda-tracing-disabled")).toEqual(
      new Set([URL_RULE, "lambda-tracing-disabled"].filter((id) => RULES.some((r) => r.id === id))),
    );
  });

  it("rejects an unknown rule id with close matches", async () => {
    const { code, stderr } = await vigil(["check", "app", "--rule", "lambda-url-auth-non"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--rule lambda-url-auth-non: no such rule; did you mean lambda-url-auth-none?");
    expect((await vigil(["check", "app", "--skip", "zzzz"])).stderr).toContain("run `vigil rules` to list them");
  });

  it("passes --param values to the template", async () => {
    const ran = async (...extra: string[]) =>
      JSON.parse((await vigil(["check", "app", "--rule", URL_RULE, "--format", "json", ...extra])).stdout).findings.map(
        (f: { resource: string }) => f.resource,
      );
    expect(await ran("--undetermined", "ignore")).toEqual(["WebhookFunction"]);
    expect(await ran("--undetermined", "ignore", "--param", "UrlAuth=NONE")).toEqual([
      "WebhookFunction",
      "InternalFunction",
    ]);
    expect(await ran("--undetermined", "ignore", "--param", "UrlAuth=AWS_IAM")).toEqual(["WebhookFunction"]);
    const bad = await vigil(["check", "app", "--param", "UrlAuth"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--param UrlAuth: expected Key=Value");
  });

  it("reports an unreadable template with file and line, checks the other files, and exits 2", async () => {
    const { code, stdout, stderr } = await vigil(["check", "broken.yaml", "app", "--rule", URL_RULE]);
    expect(stderr).toMatch(/^vigil: broken\.yaml:\d+(:\d+)?: /);
    expect(stdout).toContain("WebhookFunction (app/template.yaml");
    expect(stdout).toContain("1 input errors (not checked)");
    expect(code).toBe(2);
  });

  it("checks a folder of unrelated stacks exactly as it checks each stack alone", async () => {
    const examples = join(import.meta.dirname, "..", "..", "..", "examples");
    const findings = async (...paths: string[]) => {
      const { stdout, stderr } = await vigil(["check", ...paths, "--format", "json", "--fail-on", "none"], examples);
      expect(stderr).toBe("");
      type Finding = { ruleId: string; resource: string; status: string; location: { file: string } };
      return (JSON.parse(stdout).findings as Finding[])
        .map((f) => `${f.location.file} ${f.resource} ${f.ruleId} ${f.status}`)
        .sort();
    };
    // The clean app is the vulnerable one done right: the same logical ids, and names that one stack's policies
    // reach by ARN in the other.
    const together = await findings("vulnerable-app", "clean-app");
    const alone = [...(await findings("vulnerable-app")), ...(await findings("clean-app"))].sort();
    expect(together.length).toBeGreaterThan(20);
    expect(together).toEqual(alone);
  });

  it("exits 2 when no template is found", async () => {
    const empty = mkdtempSync(join(root, "empty-"));
    const { code, stderr } = await vigil(["check", empty]);
    expect(code).toBe(2);
    expect(stderr).toContain("no CloudFormation template found");
  });
});

describe("vigil check configuration", () => {
  it("discovers vigil.config.json: severities and exemptions apply", async () => {
    const cwd = workspace({
      "vigil.config.json": JSON.stringify({
        rules: { [URL_RULE]: { severity: "medium" } },
        exemptions: [{ rule: URL_RULE, resource: "Webhook*", reason: "signed webhook", expires: "2999-01-01" }],
      }),
    });
    const { code, stdout } = await vigil(["check", "app", "--rule", URL_RULE, "--fail-on", "info"], cwd);
    expect(stdout).toContain("MEDIUM (1)");
    expect(stdout).toContain("exempted until 2999-01-01: signed webhook");
    expect(code).toBe(0);
  });

  it("loads a TypeScript config's default export", async () => {
    const cwd = workspace({
      "vigil.config.ts": `export default { rules: { "${URL_RULE}": { severity: "critical" } } };\n`,
    });
    expect((await vigil(["check", "app", "--rule", URL_RULE], cwd)).stdout).toContain("CRITICAL (1)");
  });

  it("names the file and the field of an invalid configuration", async () => {
    const cwd = workspace({ "vigil.yaml": `rules:\n  ${URL_RULE}:\n    severity: urgent\n` });
    const { code, stderr } = await vigil(["check", "app", "--config", "vigil.yaml"], cwd);
    expect(code).toBe(2);
    expect(stderr).toContain("vigil: invalid vigil.yaml:");
    expect(stderr).toContain(`rules.${URL_RULE}.severity:`);
  });

  it("names the line of a configuration that does not parse, and refuses two configurations", async () => {
    const broken = workspace({ "vigil.config.yaml": "rules:\n  a: [1\n" });
    const parse = await vigil(["check", "app"], broken);
    expect(parse.code).toBe(2);
    expect(parse.stderr).toMatch(/vigil: vigil\.config\.yaml:\d+:\d+: /);
    const two = workspace({ "vigil.config.json": "{}", "vigil.config.yml": "{}" });
    expect((await vigil(["check", "app"], two)).stderr).toContain("found vigil.config.json and vigil.config.yml");
    expect((await vigil(["check", "app", "--config", "nope.json"])).stderr).toContain(
      "--config nope.json: no such file",
    );
  });
});

describe("vigil rules", () => {
  it("lists the catalogue as JSON with practice names and option defaults", async () => {
    const { code, stdout } = await vigil(["rules", "--format", "json"]);
    expect(code).toBe(0);
    const rules = JSON.parse(stdout);
    expect(rules).toHaveLength(RULES.length);
    expect(rules.find((r: { id: string }) => r.id === URL_RULE)).toMatchObject({
      severity: "high",
      practice: 2,
      practiceName: "Perimeter at the function level",
      kinds: ["lambda.function"],
      mappings: { fsbp: ["Lambda.1"] },
      options: {},
    });
  });

  it("renders the table and the Markdown of docs/rules.md", async () => {
    expect((await vigil(["rules"])).stdout).toMatch(new RegExp(`${URL_RULE} +high +Function URL`));
    expect((await vigil(["rules", "--format", "markdown"])).stdout).toBe(renderRuleCatalogueMarkdown(RULES));
  });
});

describe("vigil", () => {
  it("prints help and exits 0; an unknown command exits 2", async () => {
    const help = await vigil(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("check [options] <paths...>");
    expect((await vigil(["chekc"])).code).toBe(2);
  });

  it("runs from its bin without a build step", () => {
    const bin = join(import.meta.dirname, "..", "bin", "vigil.js");
    const result = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("Usage: vigil");
    expect(result.status).toBe(0);
  });
});
