/** IAM roles, and the policies that attach to them from elsewhere in the template. */
import { type AttachedPolicyDocument, type IamRole, isKnown, isUnknown, unknown } from "@vigil/core";
import { awsManagedPolicy } from "../aws-managed-policies.ts";
import type { Props, TemplateMapper } from "./map.ts";
import { list, pairedTargets, record, str, strings } from "./values.ts";

export function role(m: TemplateMapper, logicalId: string, p: Props): IamRole {
  const policies = list(p.Policies);
  const built: IamRole = {
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
  addAwsManagedPolicies(m, built);
  return built;
}

/**
 * The template names AWS-managed policies by ARN only: add each one's published document to the model, once per
 * template, with the origin of the role that first attaches it. Nested stacks of one CDK app share a model, so
 * there the id carries the stack path to stay unique.
 */
function addAwsManagedPolicies(m: TemplateMapper, role: IamRole) {
  if (role.origin.type !== "template") return;
  const { stack } = role.origin;
  for (const arn of role.managedPolicyArns.filter(isKnown)) {
    const key = `aws-managed ${arn}`;
    if (m.builtResource(key)) continue;
    const policy = awsManagedPolicy(arn, role.origin, stack === undefined ? arn : `${arn}#${stack}`);
    if (policy) m.add(key, policy);
  }
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
