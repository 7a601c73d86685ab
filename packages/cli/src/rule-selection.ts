import type { AnyRule } from "@vigil/core";
import { UsageError } from "./errors.ts";

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to three catalogue ids a user may have meant: typos and partial ids. */
export function closeMatches(id: string, ids: readonly string[]): string[] {
  const wanted = id.toLowerCase();
  return ids
    .map((candidate) => ({ candidate, distance: editDistance(wanted, candidate) }))
    .filter(({ candidate, distance }) => candidate.includes(wanted) || distance <= Math.max(2, wanted.length / 4))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

function unknownRuleMessage(option: string, id: string, ids: readonly string[]): string {
  const matches = closeMatches(id, ids);
  const hint = matches.length > 0 ? `did you mean ${matches.join(", ")}?` : "run `vigil rules` to list them";
  return `${option} ${id}: no such rule; ${hint}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Applies `--rule` (run only these) and `--skip` (do not run these) to the configuration input, as `enabled`
 * switches: the command line wins over the file. Input of the wrong shape is passed through for the config
 * schema to report.
 */
export function applyRuleSelection(
  input: unknown,
  catalogue: readonly AnyRule[],
  only: readonly string[],
  skip: readonly string[],
): unknown {
  const ids = catalogue.map((rule) => rule.id);
  const problems = [
    ...only.filter((id) => !ids.includes(id)).map((id) => unknownRuleMessage("--rule", id, ids)),
    ...skip.filter((id) => !ids.includes(id)).map((id) => unknownRuleMessage("--skip", id, ids)),
  ];
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  if (only.length === 0 && skip.length === 0) return input;
  const config = input ?? {};
  if (!isPlainObject(config)) return input;
  const rules = config.rules ?? {};
  if (!isPlainObject(rules)) return input;
  const selected: Record<string, unknown> = { ...rules };
  for (const id of ids) {
    const enabled = skip.includes(id) ? false : only.length > 0 ? only.includes(id) : undefined;
    const current = selected[id] ?? {};
    if (enabled === undefined || !isPlainObject(current)) continue;
    selected[id] = { ...current, enabled };
  }
  return { ...config, rules: selected };
}
