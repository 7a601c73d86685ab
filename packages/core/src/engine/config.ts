import { z } from "zod";
import { REMEDIATION_MODES } from "../remediation/plan.ts";
import { slackRoutingSchema } from "../slack/routing.ts";
import { type AnyRule, type GlobalSettings, RULESETS, SEVERITIES, type Severity } from "./rule.ts";

export const exemptionSchema = z
  .object({
    /** Rule id, or `*` for every rule. */
    rule: z.string().min(1),
    /** Resource id, ARN, name or template logical id; `*` matches any run of characters. */
    resource: z.string().min(1),
    reason: z.string().min(3, "say why the finding is accepted"),
    /** ISO date or date-time; after it the exemption no longer hides the finding. */
    expires: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
    by: z.string().optional(),
  })
  .strict();

/** Settings of the deployed service (read by the SST stacks at deploy). */
export const serviceConfigSchema = z
  .object({
    /** Events about one resource within this window become one evaluation (the evaluation queue's delay). */
    coalescingWindowSeconds: z.number().int().min(0).max(900, "SQS delays at most 900 seconds").default(60),
    /** When the sweep re-evaluates the whole inventory: an EventBridge schedule expression. */
    sweepSchedule: z
      .string()
      .regex(/^(rate|cron)\(.+\)$/, 'an EventBridge schedule like "rate(1 day)" or "cron(0 3 * * ? *)"')
      .default("rate(1 day)"),
    /** The region Vigil is deployed to; absent: the app's home provider region. */
    homeRegion: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region like eu-west-1")
      .optional(),
    /** Where alerts go and when they become a digest. */
    slack: slackRoutingSchema.prefault({}),
  })
  .strict();

export type ServiceConfig = z.output<typeof serviceConfigSchema>;

/** What remediation may do, and who may approve it (read at deploy: the remediator's role follows `modes`). */
export const remediationConfigSchema = z
  .object({
    /**
     * Mode per rule id, for rules with a plan (`vigil remediation list`). Unnamed: `dry-run`, or `off` for opt-in
     * plans. `vigil remediation set` switches between modes at run time, but never above `off` (the role holds no
     * permission for a rule that is off here).
     */
    modes: z.record(z.string(), z.enum(REMEDIATION_MODES)).default({}),
    /** Reserved concurrency for an uncapped function; without it that rule plans nothing. 0 stops the function. */
    concurrencyCap: z.number().int().min(0).optional(),
    /** Throttle for an API stage without one; without it the throttling rules plan nothing. */
    stageThrottle: z
      .object({ rateLimit: z.number().positive(), burstLimit: z.number().int().positive() })
      .strict()
      .optional(),
    /** Log group for stage access logs; without it only execution logging is switched on. */
    accessLogDestinationArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:.+/, "a CloudWatch Logs log group ARN")
      .optional(),
    /** Changes per hour at most, per rule and in all: past them a plan waits for the next hour. */
    budget: z
      .object({
        perRulePerHour: z.number().int().min(1).default(5),
        perHour: z.number().int().min(1).default(20),
      })
      .strict()
      .prefault({}),
    /** After Vigil changes a resource, failures read within this window are never remediated automatically. */
    loopWindowMinutes: z.number().int().min(1).max(1440).default(60),
    /**
     * The Slack workspace (team id) and app (`api_app_id`) whose button clicks Vigil takes; a signed click from any
     * other workspace or app is refused, and so is every click while this is unset.
     */
    slackApp: z
      .object({
        teamId: z.string().regex(/^T[A-Z0-9]{2,}$/, "a Slack team id like T012ABCDEF"),
        appId: z.string().regex(/^A[A-Z0-9]{2,}$/, "a Slack app id like A012ABCDEF"),
      })
      .strict()
      .optional(),
    /** Slack user ids that may Approve, Exempt or Ignore from Slack; nobody when empty. */
    approvers: z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, "a Slack user id like U012ABCDEF")).default([]),
  })
  .strict();

export type RemediationConfig = z.output<typeof remediationConfigSchema>;
export type RemediationConfigInput = z.input<typeof remediationConfigSchema>;

export const vigilConfigSchema = z
  .object({
    // `prefault` parses `{}`, so the section's own defaults apply when it is omitted.
    service: serviceConfigSchema.prefault({}),
    remediation: remediationConfigSchema.prefault({}),
    /** Which rules run unless named in `rules`: the recommended set, or every rule (`strict`). */
    ruleset: z.enum(RULESETS).default("recommended"),
    rules: z
      .record(
        z.string(),
        z
          .object({
            enabled: z.boolean().optional(),
            severity: z.enum(SEVERITIES).optional(),
            options: z.record(z.string(), z.unknown()).optional(),
          })
          .strict(),
      )
      .default({}),
    exemptions: z.array(exemptionSchema).default([]),
    trustedAccounts: z.array(z.string().regex(/^\d{12}$/, "a 12-digit AWS account id")).default([]),
    trustedOrganizations: z
      .array(z.string().regex(/^o-[a-z0-9]{10,32}$/, "an organization id like o-abc123defg"))
      .default([]),
  })
  .strict();

export type VigilConfigInput = z.input<typeof vigilConfigSchema>;
export type VigilConfig = z.output<typeof vigilConfigSchema>;
export type Exemption = VigilConfig["exemptions"][number];

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Formats zod issues as `path.to.field: message` lines so that a user finds the field at once. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("\n");
}

/** Validates a whole configuration (schema only, no catalogue); the error names each bad field. */
export function parseVigilConfig(input: unknown): VigilConfig {
  const parsed = vigilConfigSchema.safeParse(input ?? {});
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  return parsed.data;
}

export interface ResolvedRule {
  readonly rule: AnyRule;
  readonly severity: Severity;
  readonly options: unknown;
}

export interface ResolvedConfig {
  readonly rules: readonly ResolvedRule[];
  readonly exemptions: readonly Exemption[];
  readonly settings: GlobalSettings;
}

/**
 * Validates a configuration against the catalogue: unknown rule ids and bad rule options are errors that
 * name the field, never silently ignored.
 */
export function resolveConfig(input: unknown, catalogue: readonly AnyRule[]): ResolvedConfig {
  const config = parseVigilConfig(input);
  const byId = new Map(catalogue.map((rule) => [rule.id, rule]));
  const problems: string[] = [];
  for (const id of Object.keys(config.rules)) {
    if (!byId.has(id)) problems.push(`rules.${id}: no such rule (see \`vigil rules\`)`);
  }
  config.exemptions.forEach((exemption, index) => {
    if (exemption.rule !== "*" && !byId.has(exemption.rule)) {
      problems.push(`exemptions.${index}.rule: no such rule "${exemption.rule}"`);
    }
  });
  const rules: ResolvedRule[] = [];
  for (const rule of catalogue) {
    const override = config.rules[rule.id];
    const options = rule.options.safeParse(override?.options ?? {});
    if (!options.success) {
      problems.push(
        ...formatIssues(options.error)
          .split("\n")
          .map((line) => `rules.${rule.id}.options.${line}`),
      );
      continue;
    }
    const enabled = override?.enabled ?? (rule.ruleset === "recommended" || config.ruleset === "strict");
    if (!enabled) continue;
    rules.push({ rule, severity: override?.severity ?? rule.severity, options: options.data });
  }
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
  return {
    rules,
    exemptions: config.exemptions,
    settings: { trustedAccounts: config.trustedAccounts, trustedOrganizations: config.trustedOrganizations },
  };
}
