import type { Origin } from "@vigil/core";

/** Why a configuration item became no resource, or a value in one became unknown. */
export interface ConfigItemError {
  readonly resourceType?: string;
  /** ARN or resource id of the item. */
  readonly resource?: string;
  readonly message: string;
}

/** A configuration item's content could not be read. */
export class ConfigItemParseError extends Error {
  override name = "ConfigItemParseError";
}

type Json = Readonly<Record<string, unknown>>;

/**
 * One configuration item, whichever way it arrived: snapshot files and change notifications (`ARN`,
 * `awsAccountId`, objects), the API (`arn`, `accountId`), `BatchGetResourceConfig` (configuration and
 * supplementary values as JSON strings) or `SelectResourceConfig` (each result a JSON string, tags as a list).
 */
export interface ConfigItem {
  readonly resourceType: string;
  readonly arn: string;
  readonly resourceId?: string;
  readonly resourceName?: string;
  readonly status?: string;
  readonly configuration: Json;
  /** Absent when the source carried none (a Select query that did not ask for it): every supplementary value is then unknown. */
  readonly supplementary?: Json;
  readonly tags: Readonly<Record<string, string>>;
  readonly origin: Extract<Origin, { type: "config" }>;
}

/** Parses JSON strings, including Config's doubly encoded values (`AccessControlList`); other values pass through. */
export function jsonValue(value: unknown, what: string): unknown {
  let current = value;
  for (let depth = 0; depth < 2 && typeof current === "string"; depth++) {
    const text = current.trim();
    if (!text.startsWith("{") && !text.startsWith("[") && !text.startsWith('"')) return current;
    try {
      current = JSON.parse(text);
    } catch (error) {
      throw new ConfigItemParseError(`${what} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  return current;
}

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value under `key`, matched without regard to case: Config spells the same field `sseDescription`,
 * `ssedescription` or `SSEDescription` depending on the resource type and the API that delivered it.
 */
export function get(record: unknown, key: string): unknown {
  if (!isRecord(record)) return undefined;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  const match = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return match === undefined ? undefined : record[match];
}

/** `get` along a dotted path. */
export function at(record: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => get(value, key), record);
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Numbers arrive as numbers or, from attribute maps, as strings. */
export function int(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function flag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return undefined;
}

function timeText(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  return text(value) ?? (typeof value === "number" ? new Date(value).toISOString() : undefined);
}

/** Tags as a map (`{"team": "a"}`), or a list of `{key, value}` / `{tag: "k=v"}` (Select results). */
function tagMap(value: unknown): Record<string, string> {
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
  }
  if (!Array.isArray(value)) return {};
  const entries: [string, string][] = [];
  for (const tag of value) {
    const key = text(get(tag, "key"));
    const pair = text(get(tag, "tag"));
    if (key !== undefined) entries.push([key, String(get(tag, "value") ?? "")]);
    else if (pair?.includes("=")) entries.push([pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]);
  }
  return Object.fromEntries(entries);
}

/** Item statuses of resources that no longer exist: they become no resource, and no error. */
export const DELETED_STATUSES = new Set(["ResourceDeleted", "ResourceDeletedNotRecorded"]);

/** Normalises one raw item (object or JSON string); throws {@link ConfigItemParseError} for an unusable one. */
export function normalizeItem(raw: unknown): ConfigItem {
  const item = jsonValue(raw, "configuration item");
  if (!isRecord(item)) throw new ConfigItemParseError("configuration item is not an object");
  const resourceType = text(item.resourceType);
  if (!resourceType) throw new ConfigItemParseError("configuration item without resourceType");
  const arn = text(item.ARN) ?? text(item.arn);
  if (!arn) throw new ConfigItemParseError(`${resourceType} item without ARN`);
  const status = text(item.configurationItemStatus);
  const configuration = jsonValue(item.configuration ?? {}, `${arn} configuration`);
  if (!isRecord(configuration) && !(status && DELETED_STATUSES.has(status))) {
    throw new ConfigItemParseError(`${arn}: configuration is not an object`);
  }
  const supplementaryRaw = jsonValue(item.supplementaryConfiguration, `${arn} supplementaryConfiguration`);
  const supplementary = isRecord(supplementaryRaw)
    ? Object.fromEntries(
        Object.entries(supplementaryRaw).map(([key, value]) => [key, jsonValue(value, `${arn} ${key}`)]),
      )
    : undefined;
  const resourceId = text(item.resourceId);
  const resourceName = text(item.resourceName);
  const captureTime = timeText(item.configurationItemCaptureTime);
  return {
    resourceType,
    arn,
    ...(resourceId && { resourceId }),
    ...(resourceName && { resourceName }),
    ...(status && { status }),
    configuration: isRecord(configuration) ? configuration : {},
    ...(supplementary && { supplementary }),
    tags: tagMap(item.tags),
    origin: {
      type: "config",
      account: text(item.awsAccountId) ?? text(item.accountId) ?? arn.split(":")[4] ?? "",
      region: text(item.awsRegion) ?? "",
      ...(captureTime && { captureTime }),
    },
  };
}
