/** IAM roles with the policies attached to them by separate resources, and customer-managed policies. */
import type { IamManagedPolicy, IamRole } from "@vigil/core";
import { dicts, type PulumiResourceState, type PulumiState, policyDocument, str, strings } from "./shared.ts";

export function roles(state: PulumiState): IamRole[] {
  return state.ofType("aws:iam/role:Role").map((s) => {
    // `role` inputs of attachments name the role by name (its id) or, now and then, by ARN.
    const forThis = (role: unknown) =>
      role === s.outputs.name || role === s.outputs.id || role === s.outputs.arn || role === s.inputs.name;
    const attached = (type: string) => state.ofType(type).filter((a) => forThis(a.inputs.role));
    return {
      kind: "iam.role",
      ...state.base(s),
      trustPolicy: policyDocument(s.inputs.assumeRolePolicy, `${s.urn} assumeRolePolicy`),
      inlinePolicies: [
        ...dicts(s.inputs.inlinePolicies).filter((p) => p.policy !== undefined && p.policy !== ""),
        ...attached("aws:iam/rolePolicy:RolePolicy").map((p) => p.inputs),
      ].map((p) => ({
        name: str(p.name) ?? "(unnamed)",
        document: policyDocument(p.policy, `${s.urn} policy ${str(p.name) ?? "(unnamed)"}`),
      })),
      managedPolicyArns: [
        ...strings(s.inputs.managedPolicyArns),
        ...attached("aws:iam/rolePolicyAttachment:RolePolicyAttachment").flatMap((a) => strings([a.inputs.policyArn])),
      ],
      ...(str(s.inputs.permissionsBoundary) && { permissionsBoundary: String(s.inputs.permissionsBoundary) }),
    } satisfies IamRole;
  });
}

export function customerManagedPolicies(state: PulumiState): IamManagedPolicy[] {
  return state.ofType("aws:iam/policy:Policy").map(
    (s: PulumiResourceState): IamManagedPolicy => ({
      kind: "iam.managed-policy",
      ...state.base(s),
      document: policyDocument(s.inputs.policy, `${s.urn} policy`),
      awsManaged: false,
    }),
  );
}
