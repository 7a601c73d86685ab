/**
 * What a plan may change, as IAM says it: the resource ARN patterns of its calls and the conditions every call
 * meets. The remediator's role is granted a plan's actions on exactly these (stacks/remediation.ts), so IAM, not
 * only code, keeps a plan to its kind of resource in Vigil's own account.
 */

/** One IAM condition, as SST and IAM policy documents spell it (`test` is the operator). */
export interface IamCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface RemediationScope {
  /** ARN patterns; `{account}` stands for the account Vigil is deployed in. */
  readonly resources: readonly string[];
  readonly conditions?: readonly IamCondition[];
}

/** Stands for the deploying account in {@link RemediationScope} patterns. */
export const ACCOUNT_PLACEHOLDER = "{account}";

/** The scopes the plans share, one per kind of resource they change. */
export const SCOPES = {
  restApiStage: { resources: ["arn:aws:apigateway:*::/restapis/*/stages/*"] },
  httpApiStage: { resources: ["arn:aws:apigateway:*::/apis/*/stages/*"] },
  table: { resources: [`arn:aws:dynamodb:*:${ACCOUNT_PLACEHOLDER}:table/*`] },
  function: { resources: [`arn:aws:lambda:*:${ACCOUNT_PLACEHOLDER}:function:*`] },
  // Bucket ARNs name no account: the condition keeps writes off other accounts' buckets that might allow them.
  bucket: {
    resources: ["arn:aws:s3:::*"],
    conditions: [{ test: "StringEquals", variable: "aws:ResourceAccount", values: [ACCOUNT_PLACEHOLDER] }],
  },
  topic: { resources: [`arn:aws:sns:*:${ACCOUNT_PLACEHOLDER}:*`] },
  queue: { resources: [`arn:aws:sqs:*:${ACCOUNT_PLACEHOLDER}:*`] },
  role: { resources: [`arn:aws:iam::${ACCOUNT_PLACEHOLDER}:role/*`] },
} as const satisfies Record<string, RemediationScope>;

/** A scope with the deploying account filled in. */
export function scopeIn(scope: RemediationScope, account: string): RemediationScope {
  const fill = (text: string) => text.split(ACCOUNT_PLACEHOLDER).join(account);
  return {
    resources: scope.resources.map(fill),
    ...(scope.conditions && {
      conditions: scope.conditions.map((condition) => ({ ...condition, values: condition.values.map(fill) })),
    }),
  };
}
