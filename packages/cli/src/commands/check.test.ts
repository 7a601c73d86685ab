import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVigil } from "../testing/run-vigil.ts";

const FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:app-production-AdminFunction-abcdefgh";
const resource = (type: string, name: string, inputs: object, outputs: object = {}) => ({
  urn: `urn:pulumi:production::app::sst:aws:Function$${type}::${name}`,
  custom: true,
  type,
  inputs,
  outputs,
});

/** `pulumi stack export` of an SST app whose admin function is served on a URL anyone may call (planted). */
const STACK_EXPORT = {
  version: 3,
  deployment: {
    manifest: { time: "2026-11-30T10:00:00Z", magic: "m", version: "v3.200.0" },
    resources: [
      {
        urn: "urn:pulumi:production::app::pulumi:pulumi:Stack::app-production",
        custom: false,
        type: "pulumi:pulumi:Stack",
      },
      { urn: "urn:pulumi:production::app::sst:aws:Function::Admin", custom: false, type: "sst:aws:Function" },
      resource(
        "aws:lambda/function:Function",
        "AdminFunction",
        {
          name: "app-production-AdminFunction-abcdefgh",
          role: "arn:aws:iam::123456789012:role/app-production-AdminRole-abcdefgh",
          runtime: "nodejs24.x",
          handler: "bundle.handler",
        },
        { arn: FUNCTION_ARN, name: "app-production-AdminFunction-abcdefgh" },
      ),
      resource("aws:lambda/functionUrl:FunctionUrl", "AdminUrl", {
        authorizationType: "NONE",
        functionName: "app-production-AdminFunction-abcdefgh",
        invokeMode: "BUFFERED",
      }),
    ],
  },
};

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "vigil-check-pulumi-"));
  mkdirSync(join(root, "app"));
  writeFileSync(join(root, "app", "stack.json"), JSON.stringify(STACK_EXPORT, null, 2));
  writeFileSync(join(root, "malformed.json"), JSON.stringify({ deployment: { resources: [{ type: "aws:x" }] } }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("vigil check: Pulumi stack exports", () => {
  it("checks a stack export, as a file or in a folder, and fails on its planted public URL", async () => {
    for (const path of ["app/stack.json", "app"]) {
      const { code, stdout, stderr } = await runVigil(["check", path, "--format", "json"], root);
      expect(stderr, path).toBe("");
      const findings = JSON.parse(stdout).findings as { ruleId: string; resource: string }[];
      expect(findings, path).toContainEqual(
        expect.objectContaining({ ruleId: "lambda-url-auth-none", resource: FUNCTION_ARN }),
      );
      expect(code, path).toBe(1);
    }
  });

  it("reports a malformed export as an input error with the file and exits 2", async () => {
    const { code, stderr } = await runVigil(["check", "malformed.json"], root);
    expect(stderr).toMatch(/^vigil: malformed\.json: not a Pulumi stack export: .*urn/s);
    expect(code).toBe(2);
  });
});
