import { z } from "zod";
import { CONTEXT_RELATIONS, type ContextRelation } from "../model/context.ts";
import type { ResourceModel } from "../model/graph.ts";
import type { ResourceKind, ResourceOfKind } from "../model/resources.ts";
import { isUnknown, type Unknown } from "../model/value.ts";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PRACTICES = {
  1: "Map the app",
  2: "Perimeter at the function level",
  3: "Minimal role per function",
  4: "Secure dependencies",
  5: "Guard against self-DoS from bad code",
  6: "Configuration tests in CI/CD and prod",
  7: "Observe the flow of information",
  8: "Mitigate denial of service and denial of wallet",
  9: "Refresh function instances",
} as const;
export type Practice = keyof typeof PRACTICES;

/**
 * `recommended` rules run by default: what a careful reviewer raises on any serverless app. `strict` rules run with
 * `ruleset: "strict"` (or when enabled by name): hygiene worth enforcing on some apps, noise on most.
 */
export const RULESETS = ["recommended", "strict"] as const;
export type Ruleset = (typeof RULESETS)[number];

/** Pointer to the exact thing a finding is about. */
export type Evidence =
  | { readonly type: "setting"; readonly path: string; readonly value: unknown }
  | {
      readonly type: "statement";
      /** Which document: `resource policy`, `trust policy`, `inline policy orders-access`, a managed policy ARN. */
      readonly policy: string;
      readonly index: number;
      readonly sid?: string;
      readonly statement: unknown;
    }
  | { readonly type: "edge"; readonly from: string; readonly to: string; readonly relation: string };

export type Outcome =
  | { readonly status: "pass"; readonly message?: string }
  | { readonly status: "fail"; readonly message: string; readonly evidence: readonly Evidence[] }
  | { readonly status: "not_applicable"; readonly message: string }
  /** The deciding input is unknown: neither a pass nor a failure, and never read as either. */
  | { readonly status: "undetermined"; readonly message: string };

export const pass = (message?: string): Outcome =>
  message === undefined ? { status: "pass" } : { status: "pass", message };
export const fail = (message: string, ...evidence: Evidence[]): Outcome => ({ status: "fail", message, evidence });
export const notApplicable = (message: string): Outcome => ({ status: "not_applicable", message });
/**
 * The deciding input is unknown (an unresolved template parameter, a policy document that could not be read, a
 * read that failed): say so instead of guessing. The message names what and why.
 */
export const undetermined = (what: string, value: Unknown): Outcome => ({
  status: "undetermined",
  message: `cannot evaluate: ${what} is unknown (${value.reason})`,
});

export const setting = (path: string, value: unknown): Evidence => ({
  type: "setting",
  path,
  value: isUnknown(value) ? `unknown (${value.reason})` : value,
});

export interface Mappings {
  /** OWASP Serverless Top 10 (the 2017 interpretation of the OWASP Top 10), `A1`…`A10`. */
  readonly owasp?: readonly string[];
  /** PureSec / CSA Serverless Application Security Top 10, e.g. `SAS-3`. */
  readonly sas?: readonly string[];
  /** AWS Security Hub Foundational Security Best Practices control ids, e.g. `Lambda.1`. */
  readonly fsbp?: readonly string[];
}

export interface Remediation {
  readonly summary: string;
  readonly steps?: readonly string[];
  readonly cli?: string;
  readonly iac?: string;
}

export interface RuleContext<Options> {
  readonly model: ResourceModel;
  readonly options: Options;
  /** Time of evaluation, injected so that date-based rules are testable. */
  readonly now: Date;
  readonly settings: GlobalSettings;
}

export interface GlobalSettings {
  /** Accounts trusted for cross-account access (besides the account itself). */
  readonly trustedAccounts: readonly string[];
  /** Organization ids trusted in `aws:PrincipalOrgID` conditions. */
  readonly trustedOrganizations: readonly string[];
}

export interface RuleMeta {
  /** Kebab-case, prefixed by service, equal to the rule's file name. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly practice: Practice;
  readonly ruleset: Ruleset;
  readonly kinds: readonly ResourceKind[];
  /**
   * What the check looks at beyond its resource (see model/context.ts): the targeted read brings exactly this, an
   * event on a neighbour re-checks the resource, and a relation that could not be read makes the result
   * undetermined. A check that reads the model along an undeclared relation fails the context meta-test.
   */
  readonly context: readonly ContextRelation[];
  readonly rationale: string;
  readonly remediation: Remediation;
  readonly mappings: Mappings;
}

export interface Rule<K extends ResourceKind = ResourceKind, S extends z.ZodType = z.ZodType> extends RuleMeta {
  readonly kinds: readonly K[];
  /** Options schema with defaults; `{}` must parse. */
  readonly options: S;
  readonly check: (resource: ResourceOfKind<K>, context: RuleContext<z.output<S>>) => Outcome | readonly Outcome[];
}

// biome-ignore lint/suspicious/noExplicitAny: a catalogue holds rules of every kind and option shape
export type AnyRule = Rule<any, any>;

const NO_OPTIONS = z.object({}).strict();

/** Declares a rule; `kinds` narrows the resource type the check receives. */
export function defineRule<K extends ResourceKind, S extends z.ZodType = typeof NO_OPTIONS>(
  rule: Omit<Rule<K, S>, "options" | "mappings" | "context" | "ruleset"> & {
    options?: S;
    mappings?: Mappings;
    context?: readonly ContextRelation[];
    ruleset?: Ruleset;
  },
): Rule<K, S> {
  return {
    ...rule,
    ruleset: rule.ruleset ?? "recommended",
    options: (rule.options ?? NO_OPTIONS) as S,
    mappings: rule.mappings ?? {},
    context: rule.context ?? [],
  };
}

export const ruleMetaSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)+$/, "kebab-case with a service prefix"),
  title: z.string().min(10).max(90),
  severity: z.enum(SEVERITIES),
  practice: z.number().int().min(1).max(9),
  ruleset: z.enum(RULESETS),
  kinds: z.array(z.string()).min(1),
  context: z.array(z.enum(CONTEXT_RELATIONS)),
  rationale: z.string().min(40),
  remediation: z.object({
    summary: z.string().min(10),
    steps: z.array(z.string()).optional(),
    cli: z.string().optional(),
    iac: z.string().optional(),
  }),
  mappings: z.object({
    owasp: z.array(z.string().regex(/^A\d{1,2}$/)).optional(),
    sas: z.array(z.string().regex(/^SAS-\d{1,2}$/)).optional(),
    fsbp: z.array(z.string().regex(/^[A-Za-z0-9]+\.\d+$/)).optional(),
  }),
});
