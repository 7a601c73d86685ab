import { formatIssues } from "@vigil/core";
import type { z } from "zod";

/**
 * A record that can never be processed (not JSON, not the contract): it fails alone, is logged with this reason
 * and reaches the DLQ after its retries, while the good records of its batch go on.
 */
export class MalformedRecordError extends Error {
  override name = "MalformedRecordError";
}

/** Parses a record body as JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new MalformedRecordError(`body is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Validates a value against a contract; the error names each field at fault, on one line. */
export function parseRecord<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new MalformedRecordError(`${what}: ${formatIssues(parsed.error).replaceAll("\n", "; ")}`);
  }
  return parsed.data;
}
