/** What every Pulumi reader shares: the registered state, loose value accessors and the resource base. */
import { EMPTY_POLICY, type PolicyDocumentValue, parsePolicyDocument, unknown, type Value } from "@vigil/core";

/**
 * One resource as Pulumi registers it (what `sst deploy` hands the AWS provider): its type token, logical name,
 * URN, inputs and the state the provider answered.
 */
export interface PulumiResourceState {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
}

export type Dict = Readonly<Record<string, unknown>>;

export const str = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;
export const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
export const bool = (value: unknown): boolean | undefined => (typeof value === "boolean" ? value : undefined);
export const dict = (value: unknown): Dict => (typeof value === "object" && value !== null ? (value as Dict) : {});
export const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v) => typeof v === "string") : [];
export const dicts = (value: unknown): Dict[] => (Array.isArray(value) ? value.map(dict) : []);

/** State that cannot be what the provider wrote: reported as an input error, never a crash. */
export class PulumiStateError extends Error {
  override readonly name = "PulumiStateError";
}

/** The provider keeps JSON documents (policies, patterns, redrive policies) as strings; `where` names one in errors. */
export function json(value: unknown, where: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new PulumiStateError(`${where}: not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** A policy document as the provider holds it (JSON text or an object). */
export function policyDocument(policy: unknown, where: string): PolicyDocumentValue {
  try {
    return parsePolicyDocument(json(policy, where) as never);
  } catch (error) {
    if (error instanceof PulumiStateError) throw error;
    throw new PulumiStateError(`${where}: ${(error as Error).message}`, { cause: error });
  }
}

/** A resource policy that may be absent: none is the empty policy. */
export function documentOr(policy: unknown, where: string): PolicyDocumentValue {
  return policy === undefined ? EMPTY_POLICY : policyDocument(policy, where);
}

/** The registered resources of a stack, by type, with the fields every model resource carries. */
export class PulumiState {
  readonly #byType = new Map<string, PulumiResourceState[]>();

  constructor(states: readonly PulumiResourceState[]) {
    for (const s of states) this.#byType.set(s.type, [...(this.#byType.get(s.type) ?? []), s]);
  }

  /** Resources of any of the type tokens (a renamed type keeps its old token in older state). */
  ofType(...types: readonly string[]): PulumiResourceState[] {
    return types.flatMap((type) => this.#byType.get(type) ?? []);
  }

  /** Id, ARN, name, origin and tags; `arn` for resources whose state holds none (routes, stages). */
  base(s: PulumiResourceState, arn = String(s.outputs.arn)) {
    return {
      id: arn,
      arn,
      name: str(s.outputs.name) ?? str(s.inputs.name) ?? unknown("name assigned at deploy"),
      origin: { type: "pulumi" as const, urn: s.urn },
      tags: dict(s.inputs.tags) as Record<string, string>,
    };
  }
}

/** Pulumi's marker of a secret value: `{ [SECRET_SIG]: SECRET_SIG_VALUE, value | plaintext | ciphertext }`. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/**
 * A value with Pulumi's secret wrappers removed, at any depth: the runtime's `value`, a decrypted export's
 * `plaintext` (JSON). An encrypted `ciphertext` becomes undefined: the reader then reports the field unknown.
 * Linking an `sst.Secret` marks a function's outputs secret, names and ARNs included.
 */
export function revealSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Dict;
  if (record[SECRET_SIG] === SECRET_SIG_VALUE) {
    if ("value" in record) return revealSecrets(record.value);
    return typeof record.plaintext === "string" ? revealSecrets(JSON.parse(record.plaintext)) : undefined;
  }
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, revealSecrets(inner)]));
}

/**
 * Resolves the API an API part names by id (`apiId`, `restApi`): its ARN and the prefix of the part's own ARN. An
 * API outside the stack is unknown, and its parts are named under `<path>/<id>`.
 */
export function apiResolver(apis: readonly PulumiResourceState[], label: string, path: string) {
  const arnById = new Map(apis.map((api) => [String(api.outputs.id), str(api.outputs.arn)]));
  return (apiId: unknown): { arn: Value<string>; prefix: string } => {
    const arn = arnById.get(String(apiId));
    return arn
      ? { arn, prefix: arn }
      : { arn: unknown(`${label} ${apiId} is outside the stack`), prefix: `${path}/${apiId}` };
  };
}
