import { SAM_TRANSFORM } from "./sam.ts";

/**
 * Templates CloudFormation refuses to deploy: reading them as if they deployed would judge resources that can never
 * exist, so each is an input error naming what is wrong.
 */
export interface DeployabilityProblem {
  readonly logicalId: string;
  readonly message: string;
}

/** `AWS::Serverless::*` resources exist only through the SAM transform; without it CloudFormation rejects them. */
export function serverlessWithoutTransform(resources: Readonly<Record<string, unknown>>): DeployabilityProblem[] {
  return Object.entries(resources)
    .filter(([, resource]) =>
      String((resource as { Type?: unknown } | null)?.Type ?? "").startsWith("AWS::Serverless::"),
    )
    .map(([logicalId, resource]) => ({
      logicalId,
      message: `${logicalId}: ${(resource as { Type: string }).Type} needs \`Transform: ${SAM_TRANSFORM}\`, which the template lacks; CloudFormation would reject it`,
    }));
}

/**
 * The first dependency cycle among resources (through `Ref`, `Fn::GetAtt`, `Fn::Sub` names and `DependsOn`), as
 * the logical ids around it, or undefined. CloudFormation refuses such a template ("Circular dependency between
 * resources").
 */
export function circularDependency(resources: Readonly<Record<string, unknown>>): string[] | undefined {
  const edges = new Map(
    Object.entries(resources).map(([id, resource]) => [
      id,
      [...dependenciesOf(resource)].filter((d) => d in resources),
    ]),
  );
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "visiting");
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Logical ids a resource's properties and `DependsOn` name (pseudo parameters and parameters are filtered later). */
function dependenciesOf(resource: unknown): Set<string> {
  const found = new Set<string>();
  const { Properties: properties, DependsOn: dependsOn } = (resource ?? {}) as Record<string, unknown>;
  for (const id of [dependsOn].flat()) if (typeof id === "string") found.add(id);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === "string") found.add(record.Ref);
    const getAtt = record["Fn::GetAtt"];
    if (Array.isArray(getAtt) && typeof getAtt[0] === "string") found.add(getAtt[0]);
    if (typeof getAtt === "string") found.add(getAtt.split(".")[0]!);
    const sub = record["Fn::Sub"];
    if (sub !== undefined) {
      const [text, variables] = Array.isArray(sub) ? sub : [sub, undefined];
      const own = new Set(Object.keys((variables as Record<string, unknown> | undefined) ?? {}));
      if (typeof text === "string") {
        for (const [, name] of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const id = name!.split(".")[0]!;
          if (!own.has(id)) found.add(id);
        }
      }
      walk(variables);
    }
    for (const [key, item] of Object.entries(record)) {
      if (key !== "Ref" && key !== "Fn::GetAtt" && key !== "Fn::Sub") walk(item);
    }
  };
  walk(properties);
  return found;
}
