// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
/**
 * Fuzz of the template parser and the reader behind `vigil check` with fast-check: random YAML and JSON with
 * CloudFormation tags, anchors and aliases (cycles and bombs included), deep nesting and huge scalars. Each file
 * either reads or is one input error; nothing else is thrown, and no file takes unbounded time.
 * Runs are bounded (fixed counts, a fixed seed) and touch only a temporary folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTemplates } from "./index.ts";
import { parseTemplate, TemplateParseError } from "./parse.ts";

const SEED = 20_261_204;
/** The longest one document may take, far above a real template's few milliseconds. */
const PER_DOCUMENT_MS = 2_000;

type Tree =
  | { readonly kind: "scalar"; readonly text: string }
  | { readonly kind: "seq"; readonly items: readonly Tree[] }
  | { readonly kind: "map"; readonly entries: readonly (readonly [string, Tree])[] }
  | { readonly kind: "tagged"; readonly tag: string; readonly value: Tree }
  | { readonly kind: "anchored"; readonly anchor: string; readonly value: Tree }
  | { readonly kind: "alias"; readonly anchor: string };

const TAGS = ["!Ref", "!Sub", "!GetAtt", "!If", "!Join", "!Select", "!Condition", "!Transform", "!Base64"];
const ODD_TAGS = ["!FooBar", "!!str", "!!int", "!!binary", "!!map", "!", "!<tag:yaml.org,2002:str>"];
const ANCHORS = ["a", "b", "c"];
const KEYS = ["Type", "Properties", "Resources", "Fn::Sub", "Ref", "Fn::If", "__proto__", "Name", "Policies", "1"];

const scalar = fc.oneof(
  fc.constantFrom("x", "0123", "1e999", "-0", "~", "null", "true", "''", '""', "AWS::Region", "${AWS::AccountId}"),
  fc.string({ maxLength: 12 }).map((text) => JSON.stringify(text)),
  fc.integer().map(String),
  fc.double().map((n) => JSON.stringify(n) ?? "0"),
  // Huge scalars, quoted and plain.
  fc.integer({ min: 10_000, max: 200_000 }).map((size) => `"${"v".repeat(size)}"`),
);

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar.map((text): Tree => ({ kind: "scalar", text })),
    fc.array(tie("tree"), { maxLength: 4 }).map((items): Tree => ({ kind: "seq", items })),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS), tie("tree")), { maxLength: 4 })
      .map((entries): Tree => ({ kind: "map", entries })),
    fc
      .tuple(fc.constantFrom(...TAGS, ...ODD_TAGS), tie("tree"))
      .map(([tag, value]): Tree => ({ kind: "tagged", tag, value })),
    fc
      .tuple(fc.constantFrom(...ANCHORS), tie("tree"))
      .map(([anchor, value]): Tree => ({ kind: "anchored", anchor, value })),
    fc.constantFrom(...ANCHORS).map((anchor): Tree => ({ kind: "alias", anchor })),
  ),
}));

/** Flow style: JSON-like, valid YAML whenever the tree is. */
function flow(node: Tree): string {
  switch (node.kind) {
    case "scalar":
      return node.text;
    case "seq":
      return `[${node.items.map(flow).join(", ")}]`;
    case "map":
      return `{${node.entries.map(([key, value]) => `${JSON.stringify(key)}: ${flow(value)}`).join(", ")}}`;
    case "tagged":
      return `${node.tag} ${flow(node.value)}`;
    case "anchored":
      return `&${node.anchor} ${flow(node.value)}`;
    case "alias":
      return `*${node.anchor}`;
  }
}

/** Block style at `indent`, for a value that follows `key:` on its own lines when it is a collection. */
function block(node: Tree, indent: number): string {
  const pad = " ".repeat(indent);
  if (node.kind === "map" && node.entries.length > 0) {
    return node.entries.map(([key, value]) => `\n${pad}${JSON.stringify(key)}:${block(value, indent + 2)}`).join("");
  }
  if (node.kind === "seq" && node.items.length > 0) {
    return node.items.map((item) => `\n${pad}-${block(item, indent + 2)}`).join("");
  }
  if (node.kind === "tagged" || node.kind === "anchored") {
    const prefix = node.kind === "tagged" ? node.tag : `&${node.anchor}`;
    return ` ${prefix}${block(node.value, indent)}`;
  }
  return ` ${flow(node)}`;
}

const RESOURCE_TYPES = ["AWS::Lambda::Function", "AWS::Serverless::Function", "AWS::IAM::Role", "AWS::S3::Bucket"];

/** Mostly template-shaped, so that the reader's later stages (SAM, intrinsics, mapping) see the random parts too. */
const document = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        type: fc.constantFrom(...RESOURCE_TYPES),
        properties: tree,
        extra: tree,
        serverless: fc.boolean(),
        style: fc.constantFrom("block", "flow"),
      })
      .map(({ type, properties, extra, serverless, style }) => {
        const resources: Tree = {
          kind: "map",
          entries: [
            [
              "Fn",
              {
                kind: "map",
                entries: [
                  ["Type", { kind: "scalar", text: type }],
                  ["Properties", properties],
                ],
              },
            ],
          ],
        };
        const top: Tree = {
          kind: "map",
          entries: [
            ...(serverless ? ([["Transform", { kind: "scalar", text: "AWS::Serverless-2016-10-31" }]] as const) : []),
            ["Extra", extra],
            ["Resources", resources],
          ],
        };
        return style === "flow" ? flow(top) : `${block(top, 0).trimStart()}\n`;
      }),
  },
  { weight: 2, arbitrary: tree.map((node) => `${block(node, 0).trimStart()}\n`) },
  // Nesting far deeper than any template, in both styles.
  fc.integer({ min: 100, max: 2_000 }).map((depth) => `Resources: ${"[".repeat(depth)}${"]".repeat(depth)}`),
  fc
    .integer({ min: 100, max: 400 })
    .map((depth) => `Resources:\n${Array.from({ length: depth }, (_, i) => `${" ".repeat(i + 2)}k:`).join("\n")} 1\n`),
  // Alias bombs of every width and height.
  fc.record({ levels: fc.integer({ min: 1, max: 12 }), width: fc.integer({ min: 1, max: 12 }) }).map(bomb),
  fc.string({ maxLength: 200 }).map((text) => `Resources:\n  ${text}`),
  fc.string({ unit: "binary", maxLength: 200 }),
);

function bomb({ levels, width }: { levels: number; width: number }): string {
  const lines = [`l0: &l0 [${Array(width).fill("lol")}]`];
  for (let level = 1; level < levels; level++) {
    lines.push(`l${level}: &l${level} [${Array(width).fill(`*l${level - 1}`)}]`);
  }
  return `${lines.join("\n")}\nResources:\n  Fn: { Type: AWS::Lambda::Function, Properties: { Tags: *l${levels - 1} } }\n`;
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "vigil-parse-fuzz-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("template parser fuzz", () => {
  it("parseTemplate returns a template or throws a TemplateParseError, in bounded time", () => {
    fc.assert(
      fc.property(document, (text) => {
        const started = performance.now();
        try {
          const { template } = parseTemplate(text);
          expect(typeof template).toBe("object");
        } catch (error) {
          if (!(error instanceof TemplateParseError)) throw error;
          expect(error.message.length).toBeGreaterThan(0);
        }
        expect(performance.now() - started).toBeLessThan(PER_DOCUMENT_MS);
      }),
      { numRuns: 600, seed: SEED },
    );
  }, 60_000);

  it("readTemplates reads each file or reports it as an input error, and never throws", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(document, async (text) => {
        const file = join(root, `t${run++}.yaml`);
        writeFileSync(file, text);
        const started = performance.now();
        const read = await readTemplates([file]);
        expect(performance.now() - started).toBeLessThan(PER_DOCUMENT_MS);
        for (const problem of read.errors) expect(problem.message.length).toBeGreaterThan(0);
        expect(read.errors.length > 0 || read.stacks.length > 0).toBe(true);
      }),
      { numRuns: 250, seed: SEED },
    );
  }, 60_000);
});
