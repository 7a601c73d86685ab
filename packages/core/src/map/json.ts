import { z } from "zod";
import { formatIssues } from "../engine/config.ts";
import { SEVERITIES, type Severity } from "../engine/rule.ts";
import type { TriggerType } from "../model/graph.ts";
import { RESOURCE_KINDS } from "../model/resources.ts";
import { type AppMap, activeFindings, MAP_COLUMNS, type MapColumn, type MapEdge, type MapNodeKind } from "./app-map.ts";

/** Marks a file as a Vigil app map, so `vigil map --diff` tells it from a JSON CloudFormation template. */
export const APP_MAP_FORMAT = "vigil-app-map";
export const APP_MAP_VERSION = 1;

export interface AppMapJsonNode {
  readonly id: string;
  readonly kind: MapNodeKind;
  readonly column: MapColumn;
  readonly label: string;
  readonly name?: string;
  readonly arn: string;
  /** Failing results not hidden by an exemption. */
  readonly findings: number;
  readonly findingsBySeverity: Partial<Record<Severity, number>>;
}

export interface AppMapJson {
  readonly format: typeof APP_MAP_FORMAT;
  readonly version: typeof APP_MAP_VERSION;
  readonly nodes: readonly AppMapJsonNode[];
  readonly edges: readonly MapEdge[];
  readonly undetermined: readonly string[];
}

export function toAppMapJson(map: AppMap): AppMapJson {
  return {
    format: APP_MAP_FORMAT,
    version: APP_MAP_VERSION,
    nodes: map.nodes.map((node) => {
      const { findings: _all, ...described } = node;
      const active = activeFindings(node);
      const findingsBySeverity: Partial<Record<Severity, number>> = {};
      for (const { severity } of active) findingsBySeverity[severity] = (findingsBySeverity[severity] ?? 0) + 1;
      return { ...described, findings: active.length, findingsBySeverity };
    }),
    edges: map.edges,
    undetermined: map.undetermined,
  };
}

export function renderAppMapJson(map: AppMap): string {
  return `${JSON.stringify(toAppMapJson(map), null, 2)}\n`;
}

export class AppMapFormatError extends Error {
  override name = "AppMapFormatError";
}

const TRIGGER_TYPES = [
  "event-source-mapping",
  "s3",
  "sns",
  "eventbridge",
  "rest-api",
  "http-api",
  "function-url",
] as const satisfies readonly TriggerType[];

const nodeSchema = z.object({
  id: z.string(),
  kind: z.enum([...RESOURCE_KINDS, "lambda.function-url", "iam.role-outside-model"]),
  column: z.enum(MAP_COLUMNS),
  label: z.string(),
  name: z.string().optional(),
  arn: z.string(),
  findings: z.number().int().nonnegative(),
  findingsBySeverity: z.partialRecord(z.enum(SEVERITIES), z.number().int().nonnegative()),
});

const edgeSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("trigger"),
    from: z.string(),
    to: z.string(),
    trigger: z.enum(TRIGGER_TYPES),
  }),
  z.object({ kind: z.literal("role"), from: z.string(), to: z.string() }),
  z.object({
    kind: z.literal("flow"),
    from: z.string(),
    to: z.string(),
    access: z.enum(["read", "write", "permissions-management"]),
    actions: z.array(z.string()),
    policies: z.array(z.string()),
  }),
]);

const appMapJsonSchema = z.object({
  format: z.literal(APP_MAP_FORMAT),
  version: z.literal(APP_MAP_VERSION),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
  undetermined: z.array(z.string()),
});

/** Whether parsed JSON claims to be an app map (it may still be invalid: {@link parseAppMapJson} says). */
export function isAppMapJson(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { format?: unknown }).format === APP_MAP_FORMAT;
}

/** Reads back a map written by {@link renderAppMapJson}; throws {@link AppMapFormatError} naming the bad fields. */
export function parseAppMapJson(value: unknown): AppMapJson {
  const parsed = appMapJsonSchema.safeParse(value);
  if (!parsed.success) throw new AppMapFormatError(`not a Vigil app map:\n${formatIssues(parsed.error)}`);
  return parsed.data;
}
