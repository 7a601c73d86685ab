/**
 * An application as deployed, from the two records of it that exist without an account: its AWS Config snapshot
 * (physical names and ids, most settings) and the template it was deployed from (the settings Config does not record:
 * a function's URL, resource policy, reserved concurrency, recursive-loop setting, async destinations…). What
 * `vigil local` serves as its in-memory account.
 */
import { isUnknown, type Resource } from "@vigil/core";

/** A field of a Config resource that Config left unknown, and no template resource fills. */
export class UndeployableFieldError extends Error {
  override name = "UndeployableFieldError";
}

/**
 * Each resource of `configured` (read from a Config snapshot) with every field that holds an unknown replaced by
 * the same field of the template resource of the same kind and name — absent there meaning not configured —
 * its CloudFormation tokens (`${AWS::AccountId}`, `${Logical}`, synthetic ARNs) resolved to the deployed values.
 * Throws {@link UndeployableFieldError} naming the field when the template cannot fill it.
 */
export function asDeployed(configured: readonly Resource[], templated: readonly Resource[]): Resource[] {
  const key = (resource: Resource) => `${resource.kind} ${isUnknown(resource.name) ? "" : resource.name}`;
  const deployedOf = new Map(configured.map((resource) => [key(resource), resource]));
  const tokens = deploymentTokens(configured, templated, (resource) => deployedOf.get(key(resource)));
  const templateOf = new Map(templated.map((resource) => [key(resource), resource]));
  return configured.map((resource) => {
    const unknownFields = Object.entries(resource).filter(([, value]) => holdsUnknown(value));
    if (unknownFields.length === 0) return resource;
    const template = templateOf.get(key(resource));
    const filled: Record<string, unknown> = { ...resource };
    for (const [field] of unknownFields) {
      const value = template && resolveTokens((template as unknown as Record<string, unknown>)[field], tokens);
      if (!template || holdsUnknown(value) || /\$\{/.test(JSON.stringify(value ?? ""))) {
        throw new UndeployableFieldError(
          `${resource.kind} ${resource.arn}: ${field} is not in the Config snapshot, and ` +
            (template ? "the template leaves it unresolved" : "no template resource has its kind and name"),
        );
      }
      if (value === undefined) delete filled[field];
      else filled[field] = value;
    }
    return filled as unknown as Resource;
  });
}

/** Token → deployed value: pseudo parameters, each template resource's ARN, and its `Ref` (its physical id). */
function deploymentTokens(
  configured: readonly Resource[],
  templated: readonly Resource[],
  deployedOf: (template: Resource) => Resource | undefined,
): Map<string, string> {
  const origin = configured.map((resource) => resource.origin).find((o) => o.type === "config" || o.type === "live");
  const tokens = new Map<string, string>();
  if (origin?.type === "config" || origin?.type === "live") {
    tokens.set(token("AWS::AccountId"), origin.account);
    tokens.set(token("AWS::Region"), origin.region);
    tokens.set(token("AWS::Partition"), "aws");
  }
  for (const template of templated) {
    const deployed = deployedOf(template);
    if (!deployed) continue;
    tokens.set(template.arn, deployed.arn);
    if (template.origin.type === "template") tokens.set(token(template.origin.logicalId), physicalId(deployed));
  }
  return tokens;
}

/** How the template reader writes a pseudo parameter or a logical id it leaves for the deployment to fill. */
const token = (name: string) => `$\{${name}}`;

/** What CloudFormation's `Ref` returns once deployed: an API's id, otherwise the name. */
function physicalId(resource: Resource): string {
  if (resource.kind === "apigateway.rest-api" || resource.kind === "apigatewayv2.api") {
    return resource.arn.slice(resource.arn.lastIndexOf("/") + 1);
  }
  return isUnknown(resource.name) ? resource.arn : resource.name;
}

/** `value` with every string's tokens replaced; longest tokens first, so that a whole ARN wins over its parts. */
function resolveTokens(value: unknown, tokens: ReadonlyMap<string, string>): unknown {
  if (value === undefined) return undefined;
  const ordered = [...tokens].sort(([a], [b]) => b.length - a.length);
  return JSON.parse(JSON.stringify(value), (_key, inner: unknown) =>
    typeof inner === "string" ? ordered.reduce((text, [token, to]) => text.split(token).join(to), inner) : inner,
  );
}

function holdsUnknown(value: unknown): boolean {
  if (isUnknown(value as never)) return true;
  if (Array.isArray(value)) return value.some(holdsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(holdsUnknown);
  return false;
}
