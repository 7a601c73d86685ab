import type { PolicyDocument, Statement } from "../model/policy.ts";
import { isUnknown, type Unknown } from "../model/value.ts";

/** Service principals that run Lambda functions (Lambda@Edge replicates through `edgelambda`). */
export const LAMBDA_SERVICE_PRINCIPALS: readonly string[] = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"];

export interface AdmittedPrincipal {
  /** As written: `*`, `AWS arn:aws:iam::…:root`, `Service states.amazonaws.com`, `Federated …`, `NotPrincipal`. */
  readonly principal: string;
  readonly statement: Statement;
}

export interface TrustAnalysis {
  /** Principals other than the Lambda service that the role's trust policy admits. */
  readonly others: readonly AdmittedPrincipal[];
  /** Whether the Lambda service may assume the role. */
  readonly lambda: boolean;
  /** Principals that could not be resolved. */
  readonly unresolved: readonly Unknown[];
}

/** Who may assume a role, split into the Lambda service and everyone else (Allow statements only). */
export function analyseTrust(trust: PolicyDocument): TrustAnalysis {
  const others: AdmittedPrincipal[] = [];
  const unresolved: Unknown[] = [];
  let lambda = false;
  for (const statement of trust.statements) {
    if (statement.effect !== "Allow" || !statement.principal) continue;
    const { negated, principals } = statement.principal;
    if (negated) {
      others.push({ principal: "NotPrincipal (everyone except the listed principals)", statement });
      continue;
    }
    const groups = {
      AWS: principals.aws,
      Service: principals.service,
      Federated: principals.federated,
      CanonicalUser: principals.canonicalUser,
    };
    for (const [type, values] of Object.entries(groups)) {
      for (const value of values) {
        if (isUnknown(value)) unresolved.push(value);
        else if (type === "Service" && LAMBDA_SERVICE_PRINCIPALS.includes(value.toLowerCase())) lambda = true;
        else others.push({ principal: value === "*" ? "*" : `${type} ${value}`, statement });
      }
    }
  }
  return { others, lambda, unresolved };
}
