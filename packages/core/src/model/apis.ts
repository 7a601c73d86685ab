/**
 * Lookups over API Gateway resources shared by the API rules: which API a stage, method or route belongs to, who
 * can reach a REST API, which usage plans cover a stage, and whether a throttle setting actually caps anything.
 */
import { grantsAnyAction, publicGrants } from "../iam/public-grants.ts";
import type { ResourceModel } from "./graph.ts";
import type {
  HttpApi,
  HttpApiRoute,
  HttpApiStage,
  MethodSetting,
  RestApi,
  RestApiMethod,
  RestApiStage,
  ThrottleSettings,
  UsagePlan,
} from "./resources.ts";
import { isUnknown, type Unknown, unknown, type Value } from "./value.ts";

/**
 * API Gateway's default account-level quota per Region, in requests per second. It is shared by every API of
 * the account, so a stage limit at or above it caps nothing.
 */
export const ACCOUNT_RATE_LIMIT_DEFAULT = 10_000;

export function restApiOf(model: ResourceModel, child: RestApiStage | RestApiMethod): RestApi | undefined {
  const api = model.byArn(child.restApiArn);
  return api?.kind === "apigateway.rest-api" ? api : undefined;
}

/**
 * Who can reach a REST API at all. A PRIVATE endpoint answers only through VPC interface endpoints, and only callers
 * its resource policy allows: private when no statement grants `execute-api:Invoke` to anyone (a grant limited by
 * `aws:SourceVpce` / `aws:SourceVpc` is not to anyone); otherwise reachable from the internet, or from any
 * account's VPC endpoint.
 */
export function restApiReach(api: RestApi): Value<"private" | "public"> {
  if (isUnknown(api.endpointTypes)) return api.endpointTypes;
  if (!api.endpointTypes.includes("PRIVATE")) return "public";
  const invoke = publicGrants(api.policy, (statement) => grantsAnyAction(statement, ["execute-api:Invoke"]));
  if (invoke.grants.length > 0) return "public";
  return invoke.uncertain ?? "private";
}

export function httpApiOf(model: ResourceModel, child: HttpApiStage | HttpApiRoute): HttpApi | undefined {
  const api = model.byArn(child.apiArn);
  return api?.kind === "apigatewayv2.api" ? api : undefined;
}

export function stagesOf(model: ResourceModel, api: RestApi): readonly RestApiStage[] {
  return model.ofKind("apigateway.stage").filter((stage) => stage.restApiArn === api.arn);
}

/** The `/*` `*` method setting: the stage-wide defaults that per-method settings override. */
export function stageWideSetting(stage: RestApiStage): MethodSetting | undefined {
  return stage.methodSettings.find((s) => s.resourcePath === "/*" && s.httpMethod === "*");
}

/** Evidence path of one field of a method setting, e.g. `methodSettings[/* *].loggingLevel`. */
export function methodSettingPath(methodSetting: MethodSetting, field: keyof MethodSetting): string {
  return `methodSettings[${methodSetting.resourcePath} ${methodSetting.httpMethod}].${field}`;
}

export interface StageCoverage {
  /** Plans that list the stage. */
  readonly plans: readonly UsagePlan[];
  /** Set when some plan lists an API or stage that the reader could not resolve: it may cover this stage too. */
  readonly uncertain?: Unknown;
}

/** Usage plans whose API stages include `stage`. */
export function usagePlansCovering(model: ResourceModel, stage: RestApiStage): StageCoverage {
  const plans: UsagePlan[] = [];
  let uncertain: Unknown | undefined;
  for (const plan of model.ofKind("apigateway.usage-plan")) {
    for (const entry of plan.apiStages) {
      if (isUnknown(entry.restApiArn) || isUnknown(entry.stageName) || isUnknown(stage.stageName)) {
        uncertain ??= unknown(`usage plan ${plan.id} lists an unresolved API stage`);
        continue;
      }
      if (entry.restApiArn === stage.restApiArn && entry.stageName === stage.stageName) {
        plans.push(plan);
        break;
      }
    }
  }
  return uncertain ? { plans, uncertain } : { plans };
}

/** Whether a throttle setting caps the request rate, and if not, which field says so. */
export type ThrottleAssessment =
  | { readonly capped: true; readonly rateLimit: number; readonly burstLimit: number }
  | {
      readonly capped: false;
      readonly field: "rateLimit" | "burstLimit";
      /** The field's value, `null` when not set. */
      readonly value: number | null;
      readonly problem: string;
    }
  | { readonly capped: "unknown"; readonly field: "rateLimit" | "burstLimit"; readonly value: Unknown };

type ThrottleGap = Exclude<ThrottleAssessment, { readonly capped: true }>;

function readLimit(field: "rateLimit" | "burstLimit", value: Value<number> | undefined): number | ThrottleGap {
  if (value === undefined) return { capped: false, field, value: null, problem: `${field} is not set` };
  if (isUnknown(value)) return { capped: "unknown", field, value };
  if (value < 0) return { capped: false, field, value, problem: `${field} is ${value}, which means no limit` };
  return value;
}

/**
 * Judges a throttle. Both limits must be set and non-negative (API Gateway reads -1 as "no limit"); the rate must
 * stay below `accountRateLimit`, since a limit equal to the account quota only restates it.
 */
export function assessThrottle(
  throttle: ThrottleSettings | undefined,
  accountRateLimit = Number.POSITIVE_INFINITY,
): ThrottleAssessment {
  const rateLimit = readLimit("rateLimit", throttle?.rateLimit);
  if (typeof rateLimit !== "number") return rateLimit;
  const burstLimit = readLimit("burstLimit", throttle?.burstLimit);
  if (typeof burstLimit !== "number") return burstLimit;
  if (rateLimit >= accountRateLimit) {
    return {
      capped: false,
      field: "rateLimit",
      value: rateLimit,
      problem: `rateLimit ${rateLimit} rps is not below the account-level quota of ${accountRateLimit} rps, so it caps nothing`,
    };
  }
  return { capped: true, rateLimit, burstLimit };
}
