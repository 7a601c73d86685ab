/**
 * One rule, every source, field by field: every field of every kind a rule reads is filled by the reader of each
 * source — with a value, or with `unknown(…)` where the source cannot know it — somewhere across a rich fixture of
 * that source. A field that no resource of a source ever carries is one its reader never fills: a rule would take
 * its absence for "not configured" where the truth is "not read". The fixtures: the example apps and the template
 * reader's fixtures; the Config snapshot of the vulnerable example and the Config reader's items; the live-shaped
 * account (every kind, every setting) served by ModelAccount through the live readers. A template whose settings
 * cannot be resolved at all must leave every field unknown, none absent: a reader that skips an unresolvable block
 * would read it as "not configured". The field lists are compile-checked against the model (testing/model-fields.ts).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CONFIG_RESOURCE_TYPES,
  RELATIONS,
  type Resource,
  type ResourceKind,
  RULES,
  unknown,
  withNeeded,
} from "@vigil/core";
import { describe, expect, it } from "vitest";
import { ModelAccount } from "../local/model-account.ts";
import { liveShapedAccount } from "../local/testing/live-shaped-account.ts";
import { readTemplates } from "./cloudformation/index.ts";
import { FIXTURES } from "./cloudformation/testing.ts";
import { configItemsToResources } from "./config/resources.ts";
import { readConfigSnapshot } from "./config/snapshot.ts";
import { ALL_ITEMS, SETTINGS_ITEMS } from "./config/testing.ts";
import { readAccount } from "./live/read-account.ts";
import { UNLIMITED_RATES } from "./live/testing/fake-account.ts";
import { modelFields } from "./testing/model-fields.ts";
import { UNRESOLVED_TEMPLATE } from "./testing/unresolved-template.ts";

const example = (path: string) => fileURLToPath(new URL(`../../../../examples/${path}`, import.meta.url));

/** The kinds rules apply to, and the kinds their declared context reads. */
const READ_KINDS: readonly ResourceKind[] = [
  ...new Set(
    RULES.flatMap((rule) => [
      ...rule.kinds,
      ...[...withNeeded(rule.context)].flatMap((r) => RELATIONS[r].neighbourKinds),
    ]),
  ),
];

type Source = "template" | "config" | "live";

/**
 * Fields a source leaves absent on purpose, with why: each must be a case where absence is the truth there, not a
 * gap. Kept small; a field the source cannot know is read as unknown instead.
 */
const ABSENT_BY_DESIGN: Readonly<Record<Source, Readonly<Record<string, string>>>> = {
  template: {
    "lambda.function.lastModified": "a template is not deployed yet: its functions deploy with the change checked",
    "s3.bucket.accountPublicAccessBlock": "a template cannot know the account it will be deployed to",
  },
  config: { "s3.bucket.accountPublicAccessBlock": "Config records no account-level block with a bucket's item" },
  live: {},
};

/** Kinds AWS Config records no item for: the Config source never holds them. */
const CONFIG_KINDS = new Set<ResourceKind>(Object.values(CONFIG_RESOURCE_TYPES));

const TEMPLATES = [
  example("vulnerable-app"),
  example("clean-app"),
  `${FIXTURES}/plain`,
  `${FIXTURES}/sam`,
  `${FIXTURES}/cdk-app/cdk.out`,
  `${FIXTURES}/settings`,
];

/** Each read on its own: the example apps define the same physical names. */
async function templateResources(): Promise<Resource[]> {
  const reads = await Promise.all(TEMPLATES.map((path) => readTemplates([path])));
  expect(reads.flatMap((read) => read.errors)).toEqual([]);
  return reads.flatMap((read) => read.resources);
}

async function configResources(): Promise<Resource[]> {
  const snapshot = await readConfigSnapshot(example("vulnerable-app/config-snapshot.json"));
  const items = configItemsToResources([...ALL_ITEMS, ...SETTINGS_ITEMS]);
  expect([...snapshot.errors, ...items.errors]).toEqual([]);
  return [...snapshot.resources, ...items.resources];
}

async function liveResources(): Promise<Resource[]> {
  const account = new ModelAccount({ account: "123456789012", region: "us-east-1", resources: liveShapedAccount() });
  const read = await readAccount({ region: "us-east-1", clients: (r) => account.clients(r), rates: UNLIMITED_RATES });
  expect(read.errors).toEqual([]);
  return read.resources;
}

const SOURCES: Readonly<Record<Source, { read: () => Promise<Resource[]>; kinds: (kind: ResourceKind) => boolean }>> = {
  template: { read: templateResources, kinds: () => true },
  config: { read: configResources, kinds: (kind) => CONFIG_KINDS.has(kind) },
  live: { read: liveResources, kinds: () => true },
};

/** `kind.field` for each field that no resource of its kind carries, value or unknown. */
function neverFilled(resources: readonly Resource[], kinds: readonly ResourceKind[]): string[] {
  return kinds.flatMap((kind) => {
    const ofKind = resources.filter((r) => r.kind === kind);
    if (ofKind.length === 0) return [`${kind} (no resource of this kind read)`];
    return modelFields(kind)
      .filter((field) => !ofKind.some((r) => (r as unknown as Record<string, unknown>)[field] !== undefined))
      .map((field) => `${kind}.${field}`);
  });
}

describe("every field a rule reads is filled by every source", () => {
  it("reads the kinds of the catalogue and of its declared context", () => {
    expect(READ_KINDS.length).toBeGreaterThan(0);
  });

  it.each(Object.keys(SOURCES) as Source[])(
    "%s: each field is filled somewhere, or absent by design",
    async (source) => {
      const { read, kinds } = SOURCES[source];
      const gaps = neverFilled(await read(), READ_KINDS.filter(kinds));
      const exceptions = ABSENT_BY_DESIGN[source];
      expect(gaps.filter((gap) => !(gap in exceptions))).toEqual([]);
      // An exception a reader now fills is stale: drop it.
      expect(Object.keys(exceptions).filter((gap) => !gaps.includes(gap))).toEqual([]);
    },
  );

  it("template: a setting that cannot be resolved is read as unknown, never left absent", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vigil-unresolved-"));
    try {
      const path = join(dir, "template.json");
      await writeFile(path, JSON.stringify(UNRESOLVED_TEMPLATE));
      const read = await readTemplates([path]);
      expect(read.errors).toEqual([]);
      const exceptions = ABSENT_BY_DESIGN.template;
      expect(neverFilled(read.resources, READ_KINDS).filter((gap) => !(gap in exceptions))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("counts an unknown value as filled, and an absent one as not", () => {
    const fn = { kind: "lambda.function", url: unknown("not recorded") } as unknown as Resource;
    const gaps = neverFilled([fn], ["lambda.function"]);
    expect(gaps).not.toContain("lambda.function.url");
    expect(gaps).toContain("lambda.function.vpc");
  });
});
