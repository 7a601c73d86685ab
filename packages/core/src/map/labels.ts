import type { FlowAccess } from "../model/flows.ts";
import type { TriggerType } from "../model/graph.ts";
import type { MapColumn, MapNode, MapNodeKind } from "./app-map.ts";

export const COLUMN_TITLES: Readonly<Record<MapColumn, string>> = {
  trigger: "Triggers",
  function: "Functions",
  role: "Roles",
  "data-store": "Data stores",
};

/** Short edge labels: what the renderers print on flow edges. */
export const ACCESS_LABELS: Readonly<Record<FlowAccess, string>> = {
  read: "read",
  write: "write",
  "permissions-management": "permissions",
};

const KIND_LABELS: Readonly<Record<MapNodeKind, string>> = {
  "lambda.function": "Lambda function",
  "lambda.function-url": "function URL",
  "lambda.event-source-mapping": "event source mapping",
  "iam.role": "IAM role",
  "iam.role-outside-model": "IAM role (not in model)",
  "iam.managed-policy": "managed policy",
  "apigateway.rest-api": "REST API",
  "apigateway.stage": "REST API stage",
  "apigateway.method": "REST API method",
  "apigateway.usage-plan": "usage plan",
  "apigatewayv2.api": "HTTP API",
  "apigatewayv2.stage": "HTTP API stage",
  "apigatewayv2.route": "HTTP API route",
  "s3.bucket": "S3 bucket",
  "sqs.queue": "SQS queue",
  "sns.topic": "SNS topic",
  "dynamodb.table": "DynamoDB table",
  "events.rule": "EventBridge rule",
  "cognito.user-pool": "Cognito user pool",
};

export function kindLabel(kind: MapNodeKind): string {
  return KIND_LABELS[kind];
}

const COLUMN_ID_PREFIXES: Readonly<Record<MapColumn, string>> = {
  trigger: "trg",
  function: "fn",
  role: "role",
  "data-store": "store",
};

/**
 * Identifiers safe in Mermaid and DOT for every node: column prefix plus the label reduced to `[A-Za-z0-9_]`,
 * numbered when two reduce alike. The prefix keeps ids off keywords (`end`, `graph`, `subgraph`).
 */
export function renderIds(nodes: readonly MapNode[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const node of nodes) {
    const stem = node.label
      .replace(/[^A-Za-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 40);
    const base = `${COLUMN_ID_PREFIXES[node.column]}_${stem || "node"}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(node.id, id);
  }
  return ids;
}

/** Short trigger labels that fit between two columns. */
export const TRIGGER_LABELS: Readonly<Record<TriggerType, string>> = {
  "event-source-mapping": "polled",
  s3: "s3 event",
  sns: "sns",
  eventbridge: "rule",
  "rest-api": "rest api",
  "http-api": "http api",
  "function-url": "url",
};
