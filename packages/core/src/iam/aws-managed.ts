import { parseArn } from "../model/arn.ts";

/**
 * The path of an AWS-managed policy ARN after `policy/` (`arn:aws:iam::aws:policy/service-role/X` →
 * `service-role/X`), any partition or template partition token; undefined for any other ARN.
 */
export function awsManagedPolicyPath(arn: string): string | undefined {
  const parts = parseArn(arn);
  if (parts?.service !== "iam" || parts.account !== "aws" || !parts.resource.startsWith("policy/")) return undefined;
  return parts.resource.slice("policy/".length);
}

/** The name of an AWS-managed policy ARN (`arn:aws:iam::aws:policy/service-role/X` → `X`), else undefined. */
export function awsManagedPolicyName(arn: string): string | undefined {
  const path = awsManagedPolicyPath(arn);
  return path === undefined ? undefined : path.slice(path.lastIndexOf("/") + 1);
}
