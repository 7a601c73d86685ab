import {
  type AttachedPolicy,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListRolePoliciesCommand,
  type ManagedPolicyDetail,
  type RoleDetail,
} from "@aws-sdk/client-iam";
import {
  type AttachedPolicyDocument,
  type IamManagedPolicy,
  type IamRole,
  type PolicyDocumentValue,
  type Resource,
  type ResourceKind,
  unknown,
} from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { type LiveReader, liveOrigin, readPages, readPolicy, tagMap, tagsNotRead } from "./shared.ts";

const NOT_FOUND = ["NoSuchEntityException", "NoSuchEntity"];

function toRole(
  session: ReadSession,
  role: RoleDetail,
  inlinePolicies: readonly AttachedPolicyDocument[],
  attached: readonly AttachedPolicy[],
): IamRole {
  const arn = role.Arn ?? "";
  const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
  return {
    kind: "iam.role",
    id: arn,
    arn,
    name: role.RoleName ?? unknown("no RoleName"),
    // IAM is global: the origin names the region the read was made from.
    origin: liveOrigin(session.scope),
    tags: tagMap(role.Tags),
    trustPolicy: readPolicy(session, "iam", "iam:GetRole", role.AssumeRolePolicyDocument, arn),
    inlinePolicies,
    managedPolicyArns: attached.map((p) => p.PolicyArn ?? unknown("attached policy without ARN")),
    ...(boundary && { permissionsBoundary: boundary }),
  };
}

function toManagedPolicy(
  session: ReadSession,
  arn: string,
  name: string | undefined,
  document: PolicyDocumentValue,
  tags: IamManagedPolicy["tags"],
) {
  const policy: IamManagedPolicy = {
    kind: "iam.managed-policy",
    id: arn,
    arn,
    name: name ?? unknown("no PolicyName"),
    origin: liveOrigin(session.scope),
    tags,
    document,
    awsManaged: /^arn:[^:]+:iam::aws:policy\//.test(arn),
  };
  return policy;
}

/**
 * All roles and managed policies with their documents from `GetAccountAuthorizationDetails` pages: one call per
 * hundred-odd entities instead of four or more per role. AWS managed policies are kept only when a role uses them.
 */
async function sweep(session: ReadSession): Promise<Resource[]> {
  const progress = session.progress("iam.role", "iam");
  const roles: RoleDetail[] = [];
  const policies: ManagedPolicyDetail[] = [];
  const pages = await readPages(
    session,
    "iam",
    (Marker) =>
      new GetAccountAuthorizationDetailsCommand({
        Filter: ["Role", "LocalManagedPolicy", "AWSManagedPolicy"],
        Marker,
      }),
    (o) => {
      roles.push(...(o.RoleDetailList ?? []));
      policies.push(...(o.Policies ?? []));
      progress.total(roles.length);
      return { items: [], next: o.IsTruncated ? o.Marker : undefined };
    },
  );
  if (pages.failed) {
    session.incomplete("iam.role", pages.failed);
    session.incomplete("iam.managed-policy", pages.failed);
  }
  const action = "iam:GetAccountAuthorizationDetails";
  const roleResources = roles.map((role) =>
    toRole(
      session,
      role,
      (role.RolePolicyList ?? []).map((p) => ({
        name: p.PolicyName ?? unknown("no PolicyName"),
        document: readPolicy(session, "iam", action, p.PolicyDocument, role.Arn ?? ""),
      })),
      role.AttachedManagedPolicies ?? [],
    ),
  );
  progress.finish(roleResources.length);

  const policyProgress = session.progress("iam.managed-policy", "iam");
  const used = new Set(roles.flatMap((r) => (r.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn)));
  const policyResources = policies
    .filter((p) => p.Arn && (used.has(p.Arn) || !/^arn:[^:]+:iam::aws:policy\//.test(p.Arn)))
    .map((p) => {
      const arn = p.Arn ?? "";
      const version = p.PolicyVersionList?.find((v) => v.IsDefaultVersion);
      const document = version
        ? readPolicy(session, "iam", action, version.Document, arn)
        : unknown(`${action}: no default version of ${arn}`);
      // GetAccountAuthorizationDetails carries no policy tags.
      return toManagedPolicy(session, arn, p.PolicyName, document, tagsNotRead("iam.managed-policy"));
    });
  policyProgress.finish(policyResources.length);
  return [...roleResources, ...policyResources];
}

async function readManagedPolicy(session: ReadSession, arn: string): Promise<IamManagedPolicy | undefined> {
  const got = await session.call("iam", new GetPolicyCommand({ PolicyArn: arn }), {
    resource: arn,
    absentWhen: NOT_FOUND,
  });
  if (got.status === "absent") return undefined;
  if (got.status === "failed")
    return toManagedPolicy(session, arn, undefined, unknown(got.reason), unknown(got.reason));
  const versionId = got.output.Policy?.DefaultVersionId;
  const version = await session.call("iam", new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), {
    resource: arn,
  });
  const document =
    version.status === "ok"
      ? readPolicy(session, "iam", "iam:GetPolicyVersion", version.output.PolicyVersion?.Document, arn)
      : unknown(version.status === "failed" ? version.reason : `no version ${versionId}`);
  return toManagedPolicy(session, arn, got.output.Policy?.PolicyName, document, tagMap(got.output.Policy?.Tags));
}

/** A role with its inline policies and the managed policies attached to it. */
async function readRole(session: ReadSession, arn: string): Promise<Resource[]> {
  const roleName = arn.slice(arn.lastIndexOf("/") + 1);
  const got = await session.call("iam", new GetRoleCommand({ RoleName: roleName }), {
    resource: arn,
    absentWhen: NOT_FOUND,
  });
  if (got.status !== "ok" || !got.output.Role) return [];
  const [inlineNames, attached] = await Promise.all([
    readPages(
      session,
      "iam",
      (Marker) => new ListRolePoliciesCommand({ RoleName: roleName, Marker }),
      (o) => ({ items: o.PolicyNames, next: o.IsTruncated ? o.Marker : undefined }),
    ),
    readPages(
      session,
      "iam",
      (Marker) => new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker }),
      (o) => ({ items: o.AttachedPolicies, next: o.IsTruncated ? o.Marker : undefined }),
    ),
  ]);
  const inline: AttachedPolicyDocument[] = await Promise.all(
    inlineNames.items.map(async (name) => {
      const policy = await session.call("iam", new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }), {
        resource: arn,
      });
      return {
        name,
        document:
          policy.status === "ok"
            ? readPolicy(session, "iam", "iam:GetRolePolicy", policy.output.PolicyDocument, arn)
            : unknown(policy.status === "failed" ? policy.reason : `inline policy ${name} vanished`),
      };
    }),
  );
  if (inlineNames.failed) inline.push({ name: unknown(inlineNames.failed), document: unknown(inlineNames.failed) });
  const managed = await Promise.all(attached.items.map((p) => readManagedPolicy(session, p.PolicyArn ?? "")));
  const role = toRole(session, got.output.Role, inline, attached.items);
  const managedArns = attached.failed ? [...role.managedPolicyArns, unknown(attached.failed)] : role.managedPolicyArns;
  return [{ ...role, managedPolicyArns: managedArns }, ...managed.filter((p) => p !== undefined)];
}

/**
 * ARNs of the roles a managed policy is attached to. ListEntitiesForPolicy names roles without their path, so the
 * ARNs it yields are path-less: good for reading each role (by name), which answers with its real ARN.
 */
export async function rolesUsingPolicy(session: ReadSession, policyArn: string): Promise<string[]> {
  const { account, partition } = session.scope;
  const listed = await readPages(
    session,
    "iam",
    (Marker) => new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, EntityFilter: "Role", Marker }),
    (o) => ({ items: o.PolicyRoles, next: o.IsTruncated ? o.Marker : undefined }),
  );
  return listed.items.flatMap((role) =>
    role.RoleName ? [`arn:${partition}:iam::${account}:role/${role.RoleName}`] : [],
  );
}

async function readOne(session: ReadSession, kind: ResourceKind, arn: string): Promise<Resource[]> {
  if (kind === "iam.role") return readRole(session, arn);
  const policy = await readManagedPolicy(session, arn);
  return policy ? [policy] : [];
}

export const iamReader: LiveReader = {
  service: "iam",
  kinds: ["iam.role", "iam.managed-policy"],
  global: true,
  permissions: [
    "iam:GetAccountAuthorizationDetails",
    "iam:GetRole",
    "iam:ListRolePolicies",
    "iam:GetRolePolicy",
    "iam:ListAttachedRolePolicies",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:ListEntitiesForPolicy",
  ],
  sweep,
  readOne,
};
