import { z } from "zod";
import { SEVERITIES } from "../engine/rule.ts";
import type { FindingEventDetail } from "../findings/finding-event.ts";

const channel = z
  .string()
  .regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{6,})$/, "a Slack channel id like C0123ABCD or a #channel-name");

const routeSchema = z
  .object({
    channel,
    /** Any of these severities (after overrides). */
    severities: z.array(z.enum(SEVERITIES)).min(1).optional(),
    /** Any of these rule ids. */
    rules: z.array(z.string().min(1)).min(1).optional(),
    /** Any of these practices (1–9). */
    practices: z.array(z.number().int().min(1).max(9)).min(1).optional(),
    /** Every one of these resource tags, with these values. */
    tags: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const routingFields = z
  .object({
    /** This many transitions or more arriving together (one notify batch) become one digest per channel. */
    digestThreshold: z.number().int().min(2).default(5),
    /** Every matching route receives the alert; a route without criteria matches everything. */
    routes: z.array(routeSchema).default([]),
    /** Where alerts no route matches go; with a webhook, the webhook's own channel is used whatever this says. */
    defaultChannel: channel.optional(),
  })
  .strict();

export type SlackRouting = z.output<typeof routingFields>;
export type SlackRoute = SlackRouting["routes"][number];

/** Where alerts go (the `service.slack` section of vigil.config.ts). */
export const slackRoutingSchema = routingFields
  // Routes are for a bot token, which posts only to a channel: refused at deploy, not dropped at run time.
  .refine((routing) => routing.routes.length === 0 || routesEveryAlert(routing), {
    path: ["defaultChannel"],
    message:
      "the routes leave some alerts without a channel, and a bot token posts only to channels: set defaultChannel or add a route without criteria",
  });

/** Whether a route takes every alert. */
function matchesAll(route: SlackRoute): boolean {
  return !route.severities && !route.rules && !route.practices && Object.keys(route.tags ?? {}).length === 0;
}

/** Whether every alert has a channel to go to (what a bot token needs; a webhook has its own). */
export function routesEveryAlert(routing: SlackRouting): boolean {
  return routing.defaultChannel !== undefined || routing.routes.some(matchesAll);
}

function matches(route: SlackRoute, detail: FindingEventDetail): boolean {
  const { finding, rule } = detail;
  if (route.severities && !route.severities.includes(finding.severity)) return false;
  if (route.rules && !route.rules.includes(finding.ruleId)) return false;
  if (route.practices && !route.practices.includes(rule.practice)) return false;
  const tags = finding.resourceTags ?? {};
  return Object.entries(route.tags ?? {}).every(([key, value]) => tags[key] === value);
}

/**
 * The channels an alert goes to: those of every matching route, else the default channel; none (an empty list)
 * means the poster's own channel (a webhook's).
 */
export function routeAlert(detail: FindingEventDetail, routing: SlackRouting): string[] {
  const routed = [...new Set(routing.routes.filter((route) => matches(route, detail)).map((route) => route.channel))];
  if (routed.length > 0) return routed;
  return routing.defaultChannel ? [routing.defaultChannel] : [];
}
