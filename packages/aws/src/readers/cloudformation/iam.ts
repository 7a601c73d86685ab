/** IAM roles, and the policies that attach to them from elsewhere in the template. */
import { type AttachedPolicyDocument, type IamRole, isUnknown, unknown } from "@vigil/core";
import type { Props, TemplateMapper } from "./map.ts";
import { list, pairedTargets, record, str, strings } from "./values.ts";

export function role(m: TemplateMapper, logicalId: string, p: Props): IamRole {
  const policies = list(p.Policies);
  return {
    ...m.base("iam.role", logicalId),
    trustPolicy: m.policy(
      logicalId,
      p.AssumeRolePolicyDocument ?? unknown("no AssumeRolePolicyDocument"),
      "AssumeRolePolicyDocument",
    ),
    inlinePolicies: isUnknown(policies)
      ? [{ name: policies, document: policies }]
      : policies.map((policy) => {
          const { PolicyName, PolicyDocument } = record(policy);
          const name = str(PolicyName, "PolicyName");
          return {
            name,
            document: m.policy(logicalId, PolicyDocument, `policy ${isUnknown(name) ? "(unnamed)" : name}`),
          };
        }),
    managedPolicyArns: strings(p.ManagedPolicyArns, "ManagedPolicyArns"),
    ...(p.PermissionsBoundary !== undefined && {
      permissionsBoundary: str(p.PermissionsBoundary, "PermissionsBoundary"),
    }),
  };
}

export function attachToRoles(m: TemplateMapper, logicalId: string, type: string) {
  const p = m.props(logicalId);
  const inline: AttachedPolicyDocument | undefined =
    type === "AWS::IAM::Policy"
      ? {
          name: str(p.PolicyName, "PolicyName"),
          document: m.policy(logicalId, p.PolicyDocument, "PolicyDocument"),
        }
      : undefined;
  pairedTargets(m.raw(logicalId).Roles, p.Roles).forEach(([rawRole, roleName]) => {
    const role = m.builtResource<IamRole>(m.target(rawRole, roleName, ["AWS::IAM::Role"]));
    if (!role) return;
    if (inline) role.inlinePolicies = [...role.inlinePolicies, inline];
    else role.managedPolicyArns = [...role.managedPolicyArns, m.refs.arn(logicalId)];
  });
}
