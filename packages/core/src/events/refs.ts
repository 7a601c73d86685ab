import type { ResourceKind } from "../model/resources.ts";

/** One resource an event names for re-checking. Events are hints: the evaluator reads the current state. */
export interface ResourceRef {
  readonly kind: ResourceKind;
  /** ARN as the live readers build it (unqualified function ARN, `arn:…:apigateway:<region>::/restapis/<id>/…`). */
  readonly arn: string;
  readonly account: string;
  /** `""` for IAM and S3-global names: the ARN carries no region, the evaluator uses its home region. */
  readonly region: string;
  /** What happened, e.g. `iam:PutRolePolicy` or `config:AWS::S3::Bucket UPDATE`. */
  readonly reason: string;
  /** The event deleted the resource: its findings become resolved once the read confirms it is gone. */
  readonly deleted?: true;
}

/**
 * What an event asks to re-check. `ignored`: a well-formed event that changes nothing the rules look at (or a
 * failed call); `rejected`: input that is not an event Vigil subscribes to. Neither is an error to retry.
 */
export type EventRefs =
  | { readonly refs: readonly ResourceRef[] }
  | { readonly refs: readonly []; readonly ignored: string }
  | { readonly refs: readonly []; readonly rejected: string };

export function ignored(why: string): EventRefs {
  return { refs: [], ignored: why };
}

export function rejected(why: string): EventRefs {
  return { refs: [], rejected: why };
}

/** The partition of a region: ARNs built from names must carry it. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  return "aws";
}
