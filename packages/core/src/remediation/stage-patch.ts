import type { RestApiStage } from "../model/resources.ts";
import { isUnknown, type Value } from "../model/value.ts";
import type { PlannedChange, RemediationPlan } from "./plan.ts";

/** What API Gateway gives a new method setting when no limit is set (the account's default quota). */
export const AWS_METHOD_THROTTLE_DEFAULTS = { rateLimit: 10_000, burstLimit: 5_000 } as const;

/** The access log line: who called what, when, and with which result. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  caller: "$context.identity.caller",
  user: "$context.identity.user",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
});

/** One JSON-patch operation of UpdateStage (values are strings in that API). */
export interface PatchOperation {
  readonly op: "replace" | "remove" | "add";
  readonly path: string;
  readonly value?: string;
}

export const replace = (path: string, value: string | number): PatchOperation => ({
  op: "replace",
  path,
  value: String(value),
});
export const remove = (path: string): PatchOperation => ({ op: "remove", path });

/** The REST API id of `arn:aws:apigateway:<region>::/restapis/<id>`, or undefined. */
export function restApiIdOf(arn: Value<string>): string | undefined {
  return isUnknown(arn) ? undefined : /\/restapis\/([^/]+)/.exec(arn)?.[1];
}

/** A method setting's path in UpdateStage's patch paths: `/` inside the resource path is written `~1`. */
export function methodSettingPatchPath(resourcePath: string, httpMethod: string): string {
  return `/${resourcePath.replaceAll("~", "~0").replaceAll("/", "~1")}/${httpMethod}`;
}

/** A REST stage plan: one UpdateStage with all its patch operations, undone by one UpdateStage with theirs. */
export function stagePatch(plan: {
  readonly ruleId: string;
  readonly stage: RestApiStage;
  readonly restApiId: string;
  readonly stageName: string;
  readonly summary: string;
  readonly changes: readonly PlannedChange[];
  readonly patch: readonly PatchOperation[];
  readonly undo: readonly PatchOperation[];
}): RemediationPlan {
  const call = (patchOperations: readonly PatchOperation[]) => ({
    service: "apigateway" as const,
    operation: "UpdateStage",
    input: { restApiId: plan.restApiId, stageName: plan.stageName, patchOperations },
    iamAction: "apigateway:PATCH",
  });
  return {
    ruleId: plan.ruleId,
    resourceId: plan.stage.id,
    summary: plan.summary,
    changes: plan.changes,
    calls: [call(plan.patch)],
    undo: [call(plan.undo)],
  };
}
