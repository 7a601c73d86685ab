import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { type Finding, SEVERITIES, type Severity } from "@vigil/core";

/**
 * The findings table, single-table design. Shaped like the arguments of SST's `sst.aws.Dynamo` so that the stack
 * spreads it as is; `createTableInput` turns it into a CreateTable call for tests and local runs.
 *
 * - Current finding: `pk = RES#<resourceId>`, `sk = RULE#<ruleId>`, the finding's fields at top level.
 * - History, one item per transition: `pk = RES#<resourceId>`, `sk = HIST#<ruleId>#<observedAt>`, the transition
 *   kind, the previous status and the finding as a nested map, and `ttl` (epoch seconds; TTL enabled by the stack).
 *   History items hold no top-level `status`, `severity` or `ruleId`, so the indexes below stay sparse: current
 *   findings only.
 * - `byStatus`: `status` + `severityOrder` (`<severity rank>#<lastChanged>`: most severe first, then oldest change);
 *   a status and a severity together are one key condition (`begins_with(severityOrder, "0#")`).
 * - `bySeverity`: `severity` + `lastChanged`.
 * - `byRule`: `ruleId` + `severityOrder`.
 */
export const findingsTableSchema = {
  fields: {
    pk: "string",
    sk: "string",
    status: "string",
    severity: "string",
    ruleId: "string",
    severityOrder: "string",
    lastChanged: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    byStatus: { hashKey: "status", rangeKey: "severityOrder" },
    bySeverity: { hashKey: "severity", rangeKey: "lastChanged" },
    byRule: { hashKey: "ruleId", rangeKey: "severityOrder" },
  },
  ttl: "ttl",
} as const;

export type FindingsIndexName = keyof typeof findingsTableSchema.globalIndexes;

const ATTRIBUTE_TYPE = { string: "S", number: "N", binary: "B" } as const;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const { fields, primaryIndex, globalIndexes } = findingsTableSchema;
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: Object.entries(fields).map(([name, type]) => ({
      AttributeName: name,
      AttributeType: ATTRIBUTE_TYPE[type],
    })),
    KeySchema: [
      { AttributeName: primaryIndex.hashKey, KeyType: "HASH" },
      { AttributeName: primaryIndex.rangeKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: Object.entries(globalIndexes).map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.hashKey, KeyType: "HASH" },
        { AttributeName: index.rangeKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}

export const resourceKey = (resourceId: string) => `RES#${resourceId}`;
/** Slack threads of failing findings (`AlertThreads`) live under this partition prefix. */
export const ALERT_KEY_PREFIX = "ALERT#";
export const findingSortKey = (ruleId: string) => `RULE#${ruleId}`;
/** Remediation records live beside the findings of their resource: `sk = REMEDIATION#<ruleId>#<observedAt>`. */
export const remediationSortKey = (ruleId: string, observedAt: string) => `REMEDIATION#${ruleId}#${observedAt}`;
/** Vigil's last change to the resource, for the loop guard. */
export const REMEDIATED_SORT_KEY = "REMEDIATED";
/** Run-time remediation controls (mode overrides, the kill switch): one small partition. */
export const CONTROL_KEY = "CONTROL";
/** Exemptions granted at run time (`vigil exempt`, Slack): one partition, `sk = <resourceId>#<ruleId>`. */
export const EXEMPTION_KEY = "EXEMPTION";
/** The audit trail, a partition per month (`AUDIT#2026-11`), `sk = <at>#<id>`. */
export const AUDIT_KEY_PREFIX = "AUDIT#";
/** Slack requests already handled, for replay refusal (`SLACKREQ#<sha256>`), kept past Slack's timestamp window. */
export const SLACK_REQUEST_KEY_PREFIX = "SLACKREQ#";
/** Remediation budget counters, a partition per hour (`BUDGET#2026-11-28T14`). */
export const BUDGET_KEY_PREFIX = "BUDGET#";
/** When the resource's live state was last read for an evaluation (`FindingsStore.lastRead`). */
export const LAST_READ_SORT_KEY = "LASTREAD";
/**
 * The context links of the last evaluations: `pk = DEPENDS#<arn>`, `sk = <dependant arn>` for every resource
 * whose evaluation read `<arn>` as context, and the set itself beside the dependant's findings (`sk = CONTEXT`).
 */
export const DEPENDS_KEY_PREFIX = "DEPENDS#";
export const CONTEXT_SORT_KEY = "CONTEXT";
/** The trailing `#` keeps rule `a-b` from matching the history of rule `a-b-c`. */
export const historyPrefix = (ruleId: string) => `HIST#${ruleId}#`;
export const historySortKey = (ruleId: string, observedAt: string) => `${historyPrefix(ruleId)}${observedAt}`;

export function severityPrefix(severity: Severity): string {
  return `${SEVERITIES.indexOf(severity)}#`;
}

export function severityOrder(finding: Pick<Finding, "severity" | "lastChanged">): string {
  return `${severityPrefix(finding.severity)}${finding.lastChanged}`;
}
