import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LambdaFunction } from "@vigil/core";
import { afterAll, describe, expect, it } from "vitest";
import { readTemplates } from "../cloudformation/index.ts";
import { PulumiStateError, parseStackExport, readPulumiResources, readStackExport } from "./index.ts";
import { failures, lambdaFunction } from "./testing.ts";

const corpus = (app: string) =>
  fileURLToPath(new URL(`../../../../../examples/corpus/${app}/stack.json`, import.meta.url));

const fn = lambdaFunction("Api");
/** `pulumi stack export`: the stack, its providers, SST's components and the provider's resources. */
const EXPORT = {
  version: 3,
  deployment: {
    manifest: { time: "2026-11-30T10:00:00Z", magic: "x", version: "v3.200.0" },
    resources: [
      {
        urn: "urn:pulumi:production::app::pulumi:pulumi:Stack::app-production",
        custom: false,
        type: "pulumi:pulumi:Stack",
      },
      {
        urn: "urn:pulumi:production::app::pulumi:providers:aws::default",
        custom: true,
        type: "pulumi:providers:aws",
        id: "p",
      },
      { urn: "urn:pulumi:production::app::sst:aws:Function::Api", custom: false, type: "sst:aws:Function" },
      { urn: fn.urn, custom: true, type: fn.type, id: fn.outputs.name, inputs: fn.inputs, outputs: fn.outputs },
      {
        urn: "urn:pulumi:production::app::random:index/randomBytes:RandomBytes::Key",
        custom: true,
        type: "random:index/randomBytes:RandomBytes",
      },
    ],
  },
};

const dir = mkdtempSync(join(tmpdir(), "vigil-pulumi-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

describe("parseStackExport", () => {
  it("keeps the provider's AWS resources, named by their URN, and leaves components and other providers out", () => {
    expect(parseStackExport(JSON.stringify(EXPORT))).toEqual([
      { type: fn.type, name: "ApiFunction", urn: fn.urn, inputs: fn.inputs, outputs: fn.outputs },
    ]);
  });

  it("reads a backend checkpoint (a state bucket's file) and a stack never deployed", () => {
    const checkpoint = { version: 3, checkpoint: { stack: "production", latest: EXPORT.deployment } };
    expect(parseStackExport(JSON.stringify(checkpoint))).toHaveLength(1);
    expect(parseStackExport(JSON.stringify({ version: 3, deployment: { manifest: {} } }))).toEqual([]);
  });

  it("refuses what is not a stack export with a message that says where", () => {
    expect(() => parseStackExport("{")).toThrow(PulumiStateError);
    expect(() => parseStackExport(JSON.stringify({ deployment: { resources: [{ type: 1 }] } }))).toThrow(
      /not a Pulumi stack export: .*urn/s,
    );
    expect(() => readStackExport(file("bad.json", { deployment: "x" }))).toThrow(
      /bad\.json: not a Pulumi stack export/,
    );
  });

  it("refuses state the provider cannot have written, naming the resource", () => {
    const role = {
      urn: "urn:pulumi:production::app::aws:iam/role:Role::ApiRole",
      custom: true,
      type: "aws:iam/role:Role",
      inputs: { assumeRolePolicy: "{not json" },
      outputs: { arn: "arn:aws:iam::123456789012:role/api" },
    };
    const text = JSON.stringify({ deployment: { resources: [role] } });
    expect(() => readPulumiResources(parseStackExport(text))).toThrow(/ApiRole assumeRolePolicy: not JSON/);
  });
});

describe("readTemplates: Pulumi stack exports", () => {
  it("reads a stack export, given as a file or in a folder, as one stack of its own", async () => {
    const path = file("stack.json", EXPORT);
    const byFile = await readTemplates([path]);
    expect(byFile.errors).toEqual([]);
    expect(byFile.files).toEqual([path]);
    expect(byFile.stacks).toEqual([{ file: path, resources: [expect.objectContaining({ id: fn.outputs.arn })] }]);
    const folder = mkdtempSync(join(dir, "app-"));
    writeFileSync(join(folder, "stack.json"), JSON.stringify(EXPORT));
    writeFileSync(join(folder, "sst.config.ts.txt"), "export default $config({})");
    expect((await readTemplates([folder])).stacks.map((s) => s.resources.length)).toEqual([1]);
  });

  it("reports a malformed export or a broken policy as an input error of its file, not a crash", async () => {
    const malformed = file("malformed.json", { deployment: { resources: "none" } });
    const { errors, stacks } = await readTemplates([malformed]);
    expect(stacks).toEqual([]);
    expect(errors).toEqual([{ file: malformed, message: expect.stringMatching(/^not a Pulumi stack export: /) }]);
    const broken = file("broken.json", {
      deployment: {
        resources: [
          { urn: "urn:pulumi:p::a::aws:sqs/queue:Queue::Q", type: "aws:sqs/queue:Queue", inputs: { policy: "{" } },
        ],
      },
    });
    expect((await readTemplates([broken])).errors).toEqual([
      { file: broken, message: expect.stringContaining("Q policy: not JSON") },
    ]);
  });

  it("reads an SST app's export as the bench reads it, and judges its public admin URL", async () => {
    const path = corpus("pulumi-sst-admin-url");
    const [stack] = (await readTemplates([path])).stacks;
    expect(stack!.resources).toEqual(readPulumiResources(readStackExport(path)));
    const admin = stack!.resources.find(
      (r): r is LambdaFunction => r.kind === "lambda.function" && r.id.includes("AdminApiFunction"),
    )!;
    expect(admin.url).toEqual({
      authType: "NONE",
      invokeMode: "BUFFERED",
      cors: { allowOrigins: ["*"], allowMethods: ["*"], allowCredentials: false },
    });
    expect(failures(stack!.resources)).toEqual(
      expect.arrayContaining([`lambda-url-auth-none ${admin.id}`, `lambda-url-cors-wildcard ${admin.id}`]),
    );
  });
});
