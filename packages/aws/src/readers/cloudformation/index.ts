import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { Resource } from "@vigil/core";
import { looksLikeStackExport, PulumiStateError, parseStackExport, readPulumiResources } from "../pulumi/index.ts";
import { circularDependency, type DeployabilityProblem, serverlessWithoutTransform } from "./deployability.ts";
import { expandIncludes } from "./include.ts";
import { type MappedTemplate, type NestedStackReference, TemplateMapper, type TemplateReadError } from "./map.ts";
import { parseTemplate, TemplateParseError } from "./parse.ts";
import { TemplateReferences, type TemplateResource } from "./references.ts";
import { expandServerless, isServerlessTemplate } from "./sam.ts";

export type { TemplateReadError } from "./map.ts";
export { TemplateParseError } from "./parse.ts";

/** One deployable unit: a top-level stack with its nested stacks, read as one model. */
export interface TemplateStack {
  /** The top-level template. */
  readonly file: string;
  readonly resources: Resource[];
}

export interface TemplateReadResult {
  /**
   * One model per top-level stack: stacks link only through their nested stacks (and `Fn::ImportValue`, which stays
   * unknown), so reading a folder yields what reading each of its templates alone yields.
   */
  readonly stacks: TemplateStack[];
  /** Every stack's resources in one list: ids are unique within a stack only. */
  readonly resources: Resource[];
  readonly errors: TemplateReadError[];
  readonly files: string[];
  /** Resource types the model has no kind for, with their counts. */
  readonly ignoredTypes?: Readonly<Record<string, number>>;
}

export interface TemplateReadOptions {
  /** Values of template parameters; a parameter without one resolves to unknown (its Default is not assumed). */
  readonly parameters?: Record<string, string>;
}

const TEMPLATE_EXTENSIONS = new Set([".json", ".yaml", ".yml", ".template"]);
const PREFERRED = ["template.yaml", "template.yml", "template.json"];

interface StackFile {
  readonly file: string;
  /** Index of the top-level stack this file belongs to (itself, or the root of its nested-stack tree). */
  readonly unit?: number;
  readonly stack?: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** cdk.out folder, where nested-stack assets live. */
  readonly assetRoot?: string;
  /** The account the stack deploys to, when its CDK environment names one. */
  readonly account?: string;
}

/**
 * Reads CloudFormation templates (plain, SAM, or CDK's `cdk.out`) into model resources. A file that cannot be
 * read or parsed becomes an error entry; the other files are still read.
 */
export async function readTemplates(
  paths: readonly string[],
  options: TemplateReadOptions = {},
): Promise<TemplateReadResult> {
  const stacks: (TemplateStack & { readonly ids: Set<string> })[] = [];
  const errors: TemplateReadError[] = [];
  const files: string[] = [];
  const ignoredTypes: Record<string, number> = {};
  const queue: StackFile[] = [];
  for (const path of paths) queue.push(...(await discover(resolve(path), options.parameters ?? {}, errors)));

  while (queue.length > 0) {
    const stack = queue.shift()!;
    if (files.includes(stack.file)) continue;
    files.push(stack.file);
    const mapped = await readStack(stack, errors);
    if (!mapped) continue;
    errors.push(...mapped.errors);
    for (const [type, count] of Object.entries(mapped.ignoredTypes))
      ignoredTypes[type] = (ignoredTypes[type] ?? 0) + count;
    const unit = stack.unit ?? stacks.push({ file: stack.file, resources: [], ids: new Set() }) - 1;
    const { resources, ids } = stacks[unit]!;
    for (const resource of mapped.resources) {
      if (ids.has(resource.id)) {
        const origin = resource.origin.type === "template" ? resource.origin : undefined;
        errors.push({
          file: stack.file,
          ...(origin?.line !== undefined && { line: origin.line }),
          message: `${origin?.logicalId ?? resource.id}: another template of this stack already defines ${resource.id}; skipped`,
        });
        continue;
      }
      ids.add(resource.id);
      resources.push(resource);
    }
    for (const nested of mapped.nestedStacks) {
      const next = nestedStackFile({ ...stack, unit }, nested);
      if (next) queue.push(next);
      else {
        errors.push({
          file: stack.file,
          message: `${nested.logicalId}: nested stack template is not available locally; its resources are not read`,
        });
      }
    }
  }
  return {
    stacks: stacks.map(({ file, resources }) => ({ file, resources })),
    resources: stacks.flatMap((stack) => stack.resources),
    errors,
    files,
    ...(Object.keys(ignoredTypes).length > 0 && { ignoredTypes }),
  };
}

function nestedStackFile(parent: StackFile, nested: NestedStackReference): StackFile | undefined {
  const root = parent.assetRoot ?? dirname(parent.file);
  const candidate =
    nested.assetPath ?? (typeof nested.templateUrl === "string" ? basename(nested.templateUrl) : undefined);
  if (!candidate?.endsWith(".json")) return undefined;
  return {
    file: join(root, candidate),
    ...(parent.unit !== undefined && { unit: parent.unit }),
    stack: `${parent.stack ?? basename(parent.file)}/${nested.logicalId}`,
    parameters: nested.parameters,
    ...(parent.assetRoot !== undefined && { assetRoot: parent.assetRoot }),
    ...(parent.account !== undefined && { account: parent.account }),
  };
}

async function readStack(stack: StackFile, errors: TemplateReadError[]): Promise<MappedTemplate | undefined> {
  let text: string;
  try {
    text = await readFile(stack.file, "utf8");
  } catch (error) {
    errors.push({ file: stack.file, message: `cannot read: ${(error as Error).message}` });
    return undefined;
  }
  if (looksLikeStackExport(text)) return readStackExportText(stack.file, text, errors);
  try {
    const parsed = parseTemplate(text);
    let { resourceLines } = parsed;
    const included = await expandIncludes(parsed.template, stack.file);
    let template = included.template;
    errors.push(...included.problems.map((p) => ({ file: stack.file, message: p.message })));
    const problemAt = (p: DeployabilityProblem) => ({
      file: stack.file,
      ...(resourceLines.get(p.logicalId) !== undefined && { line: resourceLines.get(p.logicalId)! }),
      message: p.message,
    });
    if (!isServerlessTemplate(template)) {
      errors.push(...serverlessWithoutTransform(resourcesOf(template)).map(problemAt));
    } else {
      const expanded = expandServerless(template, resourceLines);
      template = expanded.template;
      resourceLines = expanded.resourceLines;
      errors.push(
        ...expanded.problems.map((p) => ({
          file: stack.file,
          ...(p.line !== undefined && { line: p.line }),
          message: p.message,
        })),
      );
    }
    const cycle = circularDependency(resourcesOf(template));
    if (cycle) {
      errors.push(
        problemAt({
          logicalId: cycle[0]!,
          message: `circular dependency between resources ${cycle.join(" → ")}: CloudFormation refuses the template; not read`,
        }),
      );
      return undefined;
    }
    const refs = new TemplateReferences(template.Resources as Record<string, TemplateResource>);
    const where = {
      ...(stack.stack !== undefined && { name: stack.stack }),
      ...(stack.account !== undefined && { account: stack.account }),
    };
    return new TemplateMapper(stack.file, template, refs, resourceLines, stack.parameters, where).map();
  } catch (error) {
    if (!(error instanceof TemplateParseError)) throw error;
    errors.push({
      file: stack.file,
      ...(error.line !== undefined && { line: error.line }),
      ...(error.column !== undefined && { column: error.column }),
      message: error.message,
    });
    return undefined;
  }
}

/** A Pulumi stack export (`pulumi stack export`, SST's state) is one stack of its own. */
function readStackExportText(file: string, text: string, errors: TemplateReadError[]): MappedTemplate | undefined {
  try {
    return { resources: readPulumiResources(parseStackExport(text)), errors: [], ignoredTypes: {}, nestedStacks: [] };
  } catch (error) {
    if (!(error instanceof PulumiStateError)) throw error;
    errors.push({ file, message: error.message });
    return undefined;
  }
}

const resourcesOf = (template: Record<string, unknown>): Record<string, unknown> =>
  typeof template.Resources === "object" && template.Resources !== null
    ? (template.Resources as Record<string, unknown>)
    : {};

/** The stacks a path stands for: a template, a `cdk.out` folder, or a folder holding templates. */
async function discover(
  path: string,
  parameters: Readonly<Record<string, string>>,
  errors: TemplateReadError[],
): Promise<StackFile[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    errors.push({ file: path, message: `cannot read: ${(error as Error).message}` });
    return [];
  }
  if (!info.isDirectory()) return [{ file: path, parameters }];
  const manifest = await cdkManifest(path, errors);
  if (manifest) return manifest.map((stack) => ({ ...stack, parameters }));
  const entries = await readdir(path, { withFileTypes: true });
  const cdkOut = entries.find((e) => e.isDirectory() && e.name === "cdk.out");
  if (cdkOut) return discover(join(path, cdkOut.name), parameters, errors);
  const preferred = PREFERRED.find((name) => entries.some((e) => e.isFile() && e.name === name));
  if (preferred) return [{ file: join(path, preferred), parameters }];
  const found: StackFile[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      found.push(...(await discover(full, parameters, errors)));
    } else if (TEMPLATE_EXTENSIONS.has(extname(entry.name)) && (await looksLikeTemplate(full))) {
      found.push({ file: full, parameters });
    }
  }
  return found;
}

/** Cheap check before a full parse: a top-level `Resources` key, or a Pulumi stack export's `deployment`. */
async function looksLikeTemplate(file: string): Promise<boolean> {
  const text = await readFile(file, "utf8").catch(() => "");
  if (looksLikeStackExport(text)) return true;
  return /(^|\n)Resources\s*:|"Resources"\s*:/.test(text) && !/\.nested\.template\.json$/.test(file);
}

/** Top-level stacks of a CDK cloud assembly (`manifest.json`); undefined when `dir` is not one. */
async function cdkManifest(
  dir: string,
  errors: TemplateReadError[],
): Promise<Omit<StackFile, "parameters">[] | undefined> {
  const file = join(dir, "manifest.json");
  let manifest: {
    artifacts?: Record<string, { type?: string; environment?: string; properties?: { templateFile?: string } }>;
  };
  try {
    manifest = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    errors.push({ file, message: `cannot read CDK manifest: ${(error as Error).message}` });
    return [];
  }
  if (!manifest.artifacts) return undefined;
  return Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === "aws:cloudformation:stack" && a.properties?.templateFile)
    .map(([name, a]) => {
      // `aws://123456789012/eu-west-1`; an environment-agnostic stack says `unknown-account`.
      const account = /^aws:\/\/(\d{12})\//.exec(a.environment ?? "")?.[1];
      return { file: join(dir, a.properties!.templateFile!), stack: name, assetRoot: dir, ...(account && { account }) };
    });
}
