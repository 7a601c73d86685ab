/** `pulumi stack export` (or the state SST keeps in its bucket): the registered resources of one stack. */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { type PulumiResourceState, PulumiStateError } from "./shared.ts";

const Resources = z
  .array(
    z.looseObject({
      urn: z.string(),
      type: z.string(),
      custom: z.boolean().optional(),
      inputs: z.record(z.string(), z.unknown()).optional(),
      outputs: z.record(z.string(), z.unknown()).optional(),
    }),
  )
  .optional();

/** `pulumi stack export`: a deployment whose resources carry type, URN, inputs and outputs. */
const StackExport = z.object({ deployment: z.object({ resources: Resources }) });
/** A backend checkpoint (what a state bucket holds): the same deployment as `checkpoint.latest`. */
const Checkpoint = z.object({ checkpoint: z.object({ latest: z.object({ resources: Resources }).optional() }) });

/** Cheap check before a parse: a `deployment` (or `checkpoint`) key and no template `Resources`. */
export function looksLikeStackExport(text: string): boolean {
  return /^\s*\{/.test(text) && /"(deployment|checkpoint)"\s*:/.test(text) && !/"Resources"\s*:/.test(text);
}

/**
 * The provider-managed (custom) AWS resources of a stack export; component resources (`sst:aws:Function`) and other
 * providers' have no AWS form. A stack never deployed has no resources. Throws PulumiStateError when the text is
 * not a stack export.
 */
export function parseStackExport(text: string): PulumiResourceState[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PulumiStateError(`not a Pulumi stack export: ${(error as Error).message}`, { cause: error });
  }
  const isCheckpoint = typeof document === "object" && document !== null && "checkpoint" in document;
  const parsed = isCheckpoint
    ? Checkpoint.transform((c) => c.checkpoint.latest).safeParse(document)
    : StackExport.transform((e) => e.deployment).safeParse(document);
  if (!parsed.success) throw new PulumiStateError(`not a Pulumi stack export: ${z.prettifyError(parsed.error)}`);
  return (parsed.data?.resources ?? [])
    .filter((r) => r.custom !== false && r.type.startsWith("aws:"))
    .map((r) => ({
      type: r.type,
      name: r.urn.split("::").at(-1)!,
      urn: r.urn,
      inputs: r.inputs ?? {},
      outputs: r.outputs ?? {},
    }));
}

/** A stack export file's registered AWS resources; PulumiStateError names the file when it is not one. */
export function readStackExport(path: string): PulumiResourceState[] {
  try {
    return parseStackExport(readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof PulumiStateError) throw new PulumiStateError(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
}
