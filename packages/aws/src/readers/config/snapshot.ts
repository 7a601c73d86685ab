import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { isRecord } from "./items.ts";
import { type ConfigReadResult, configItemsToResources } from "./resources.ts";

/** A Config file or API answer that cannot be read at all (not a per-item problem). */
export class ConfigSnapshotError extends Error {
  override name = "ConfigSnapshotError";
}

/** The items of a Config document: a snapshot, a `BatchGetResourceConfig` or a `SelectResourceConfig` answer. */
function itemsOf(document: unknown): readonly unknown[] {
  if (isRecord(document)) {
    for (const key of ["configurationItems", "baseConfigurationItems", "Results"]) {
      const items = document[key];
      if (Array.isArray(items)) return items;
    }
  }
  throw new ConfigSnapshotError(
    "not an AWS Config document: expected configurationItems (snapshot), baseConfigurationItems (BatchGetResourceConfig) or Results (SelectResourceConfig)",
  );
}

/** Resources from an already parsed Config document (see {@link itemsOf} for the shapes). */
export function configDocumentToResources(document: unknown): ConfigReadResult {
  return configItemsToResources(itemsOf(document));
}

/** Parses a Config snapshot as delivered to S3, gzip-compressed (detected by its magic bytes) or plain JSON. */
export function parseConfigSnapshot(bytes: Uint8Array, source = "Config snapshot"): ConfigReadResult {
  let text: string;
  try {
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    text = Buffer.from(gzip ? gunzipSync(bytes) : bytes).toString("utf8");
  } catch (error) {
    throw new ConfigSnapshotError(`${source}: cannot decompress: ${(error as Error).message}`, { cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigSnapshotError(`${source}: not JSON: ${(error as Error).message}`, { cause: error });
  }
  try {
    return configDocumentToResources(document);
  } catch (error) {
    if (error instanceof ConfigSnapshotError) throw new ConfigSnapshotError(`${source}: ${error.message}`);
    throw error;
  }
}

/** Reads a Config snapshot file (`…_ConfigSnapshot_….json.gz`, or a saved Batch/Select answer). */
export async function readConfigSnapshot(path: string): Promise<ConfigReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ConfigSnapshotError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseConfigSnapshot(bytes, path);
}
