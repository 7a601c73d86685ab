/** Pulumi state for the reader's tests, shaped as the AWS provider registers it. */
import { evaluate, type Resource, ResourceModel, RULES, resolveConfig } from "@vigil/core";
import type { PulumiResourceState } from "./shared.ts";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

/** A registered custom resource of `type`, named `name` in the program. */
export function registered(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown> = {},
): PulumiResourceState {
  return { type, name, urn: `urn:pulumi:production::app::${type}::${name}`, inputs, outputs };
}

/** An `aws.lambda.Function` as SST registers it, with the ARN and name the provider answered. */
export function lambdaFunction(name: string, inputs: Record<string, unknown> = {}): PulumiResourceState {
  const physical = `app-production-${name}Function-abcdefgh`;
  const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${physical}`;
  return registered(
    "aws:lambda/function:Function",
    `${name}Function`,
    {
      name: physical,
      role: `arn:aws:iam::${ACCOUNT}:role/app-production-${name}Role-abcdefgh`,
      runtime: "nodejs24.x",
      handler: "bundle.handler",
      architectures: ["arm64"],
      timeout: 20,
      memorySize: 1024,
      ...inputs,
    },
    {
      arn,
      name: physical,
      invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`,
    },
  );
}

/** `ruleId resourceId` of every failing result of the default rules over the resources, as `vigil check` runs them. */
export function failures(resources: readonly Resource[]): string[] {
  return evaluate(new ResourceModel(resources), resolveConfig({}, RULES))
    .results.filter((r) => r.status === "fail")
    .map((r) => `${r.ruleId} ${r.resourceId}`);
}
