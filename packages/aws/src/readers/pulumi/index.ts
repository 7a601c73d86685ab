/** The Pulumi (SST) reader: registered AWS resources, from the runtime or a stack export, into model resources. */
import type { Resource } from "@vigil/core";
import { missingAwsManagedPolicies } from "../aws-managed-policies.ts";
import { userPools } from "./cognito.ts";
import { httpApis } from "./http-apis.ts";
import { customerManagedPolicies, roles } from "./iam.ts";
import { eventSourceMappings, lambdaFunctions } from "./lambda.ts";
import { eventRules, queues, topics } from "./messaging.ts";
import { restApis } from "./rest-apis.ts";
import { type Dict, type PulumiResourceState, PulumiState, revealSecrets } from "./shared.ts";
import { buckets, tables } from "./storage.ts";

export { type PulumiResourceState, PulumiStateError, revealSecrets } from "./shared.ts";
export { looksLikeStackExport, parseStackExport, readStackExport } from "./stack-export.ts";

/**
 * Reads Pulumi's registered AWS resources into model resources; types the model has no kind for are skipped.
 * Throws PulumiStateError on state the provider cannot have written (a policy that is not JSON).
 */
export function readPulumiResources(registered: readonly PulumiResourceState[]): Resource[] {
  const state = new PulumiState(
    registered.map((s) => ({
      ...s,
      inputs: revealSecrets(s.inputs) as Dict,
      outputs: revealSecrets(s.outputs) as Dict,
    })),
  );
  const resources: Resource[] = [
    ...lambdaFunctions(state),
    ...eventSourceMappings(state),
    ...roles(state),
    ...customerManagedPolicies(state),
    ...queues(state),
    ...topics(state),
    ...eventRules(state),
    ...buckets(state),
    ...tables(state),
    ...httpApis(state),
    ...restApis(state),
    ...userPools(state),
  ];
  return [...resources, ...missingAwsManagedPolicies(resources)];
}
