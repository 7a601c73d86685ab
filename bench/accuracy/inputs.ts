import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readPulumiResources, readStackExport, readTemplates } from "@vigil/aws";
import type { Resource } from "@vigil/core";

/** What an app folder holds for the tools to read. */
export type AppInput =
  | { readonly kind: "template"; readonly path: string; readonly sam: boolean }
  | { readonly kind: "cdk"; readonly path: string }
  | { readonly kind: "pulumi"; readonly path: string };

export interface ReadInput {
  /** One model's resources per stack, as `vigil check` evaluates them (a Pulumi stack is one). */
  readonly stacks: readonly (readonly Resource[])[];
  /** Input problems as `vigil check` prints them: `file[:line]: message`. */
  readonly errors: readonly string[];
}

const TEMPLATE_NAMES = ["template.yaml", "template.yml", "template.json"];

/** The one input in an app folder: a template, a `cdk.out` cloud assembly or a Pulumi stack export. */
export function findInput(folder: string): AppInput {
  if (existsSync(join(folder, "cdk.out", "manifest.json"))) return { kind: "cdk", path: join(folder, "cdk.out") };
  const template = TEMPLATE_NAMES.map((name) => join(folder, name)).find((path) => existsSync(path));
  if (template) {
    return { kind: "template", path: template, sam: /AWS::Serverless-2016-10-31/.test(readFileSync(template, "utf8")) };
  }
  const exports = readdirSync(folder).filter((name) => name.endsWith(".json"));
  if (exports.length === 1) return { kind: "pulumi", path: join(folder, exports[0]!) };
  throw new Error(`${folder}: expected template.yaml|json, cdk.out/ or one Pulumi stack export (*.json)`);
}

/** Reads an app's input as `vigil check` does (templates, cdk.out) or as the Pulumi reader does (state). */
export async function readInput(input: AppInput): Promise<ReadInput> {
  if (input.kind === "pulumi") return { stacks: [readPulumiResources(readStackExport(input.path))], errors: [] };
  const read = await readTemplates([input.path], { parameters: {} });
  return {
    stacks: read.stacks.map((stack) => stack.resources),
    errors: read.errors.map((e) => `${[e.file, e.line].filter((part) => part !== undefined).join(":")}: ${e.message}`),
  };
}
