import {
  type AttachedPolicy,
  type GetAccountAuthorizationDetailsCommandInput,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GetPolicyCommandInput,
  type GetPolicyCommandOutput,
  type GetPolicyVersionCommandInput,
  type GetPolicyVersionCommandOutput,
  type GetRoleCommandInput,
  type GetRoleCommandOutput,
  type GetRolePolicyCommandInput,
  type GetRolePolicyCommandOutput,
  type ListAttachedRolePoliciesCommandInput,
  type ListAttachedRolePoliciesCommandOutput,
  type ListEntitiesForPolicyCommandInput,
  type ListEntitiesForPolicyCommandOutput,
  type ListPolicyTagsCommandInput,
  type ListPolicyTagsCommandOutput,
  type ListRolePoliciesCommandInput,
  type ListRolePoliciesCommandOutput,
  type ManagedPolicyDetail,
  NoSuchEntityException,
  type Policy,
  type Role,
  type RoleDetail,
} from "@aws-sdk/client-iam";
import type { PolicyDocument } from "@vigil/core";
import {
  CREATED,
  failure,
  type Known,
  type KnownOfKind,
  page,
  pageSize,
  policyJson,
  type Reply,
  type ServedAccount,
  type ServiceAnswers,
  stableId,
  tagList,
} from "./served.ts";

type KnownRole = KnownOfKind<"iam.role">;
type KnownPolicy = KnownOfKind<"iam.managed-policy">;

/** The model holds one document per managed policy: its default version, `v1`. */
const DEFAULT_VERSION = "v1";
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function noSuchEntity(message: string): NoSuchEntityException {
  return new NoSuchEntityException(failure(404, message));
}

/** IAM returns documents URL-encoded. */
function encoded(document: Known<PolicyDocument>): string {
  return encodeURIComponent(policyJson(document));
}

/** Path and name of a role or policy ARN: `arn:…:role/service-role/x` → `/service-role/`, `x`. */
function pathAndName(arn: string): { path: string; name: string } {
  const [, ...segments] = arn.split(":").slice(5).join(":").split("/");
  const name = segments.pop() ?? "";
  return { path: segments.length > 0 ? `/${segments.join("/")}/` : "/", name };
}

function isAwsManaged(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

function roleNamed(account: ServedAccount, roleName: string | undefined): KnownRole {
  const role = account.everywhere("iam.role").find((r) => pathAndName(r.arn).name === roleName);
  if (!role) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
  return role;
}

function rolesAttaching(account: ServedAccount, policyArn: string): KnownRole[] {
  return account.everywhere("iam.role").filter((r) => r.managedPolicyArns.includes(policyArn));
}

function policyNamed(account: ServedAccount, arn: string | undefined): KnownPolicy {
  const policy = account.everywhere("iam.managed-policy").find((p) => p.arn === arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

function roleOf(role: KnownRole): Role {
  const { path, name } = pathAndName(role.arn);
  return {
    Path: path,
    RoleName: name,
    RoleId: `AROA${stableId([role.arn], 17, ID_ALPHABET)}`,
    Arn: role.arn,
    CreateDate: CREATED,
    AssumeRolePolicyDocument: encoded(role.trustPolicy),
    MaxSessionDuration: 3600,
    ...(role.permissionsBoundary !== undefined && {
      PermissionsBoundary: {
        PermissionsBoundaryType: "PermissionsBoundaryPolicy",
        PermissionsBoundaryArn: role.permissionsBoundary,
      },
    }),
    ...(Object.keys(role.tags).length > 0 && { Tags: tagList(role.tags) }),
  };
}

function attachedTo(account: ServedAccount, role: KnownRole): AttachedPolicy[] {
  const policies = account.everywhere("iam.managed-policy");
  return role.managedPolicyArns.map((arn) => ({
    PolicyArn: arn,
    PolicyName: policies.find((p) => p.arn === arn)?.name ?? pathAndName(arn).name,
  }));
}

function roleDetailOf(account: ServedAccount, role: KnownRole): RoleDetail {
  return {
    ...roleOf(role),
    InstanceProfileList: [],
    RolePolicyList: role.inlinePolicies.map((p) => ({ PolicyName: p.name, PolicyDocument: encoded(p.document) })),
    AttachedManagedPolicies: attachedTo(account, role),
    RoleLastUsed: {},
  };
}

function policyOf(account: ServedAccount, policy: KnownPolicy): Policy {
  return {
    PolicyName: policy.name,
    PolicyId: `ANPA${stableId([policy.arn], 17, ID_ALPHABET)}`,
    Arn: policy.arn,
    Path: pathAndName(policy.arn).path,
    DefaultVersionId: DEFAULT_VERSION,
    AttachmentCount: rolesAttaching(account, policy.arn).length,
    PermissionsBoundaryUsageCount: account.everywhere("iam.role").filter((r) => r.permissionsBoundary === policy.arn)
      .length,
    IsAttachable: true,
    CreateDate: CREATED,
    UpdateDate: CREATED,
  };
}

function policyDetailOf(account: ServedAccount, policy: KnownPolicy): ManagedPolicyDetail {
  const version = { Document: encoded(policy.document), VersionId: DEFAULT_VERSION, IsDefaultVersion: true };
  return { ...policyOf(account, policy), PolicyVersionList: [{ ...version, CreateDate: CREATED }] };
}

/** IAM's `IsTruncated` and `Marker` for a page. */
function truncation(next: string | undefined) {
  return next === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: next };
}

export const iamAnswers: ServiceAnswers = {
  GetAccountAuthorizationDetails: (
    input: GetAccountAuthorizationDetailsCommandInput,
    account,
  ): Reply<GetAccountAuthorizationDetailsCommandOutput> => {
    const wanted = (type: string) => input.Filter === undefined || input.Filter.includes(type as never);
    const policies = account.everywhere("iam.managed-policy");
    // One page holds up to MaxItems entities of every type together, in the order of the types.
    const entities: (RoleDetail | ManagedPolicyDetail)[] = [
      ...(wanted("Role") ? account.everywhere("iam.role").map((r) => roleDetailOf(account, r)) : []),
      ...policies
        .filter((p) => wanted(isAwsManaged(p.arn) ? "AWSManagedPolicy" : "LocalManagedPolicy"))
        .map((p) => policyDetailOf(account, p)),
    ];
    const listed = page(entities, input.Marker, pageSize(input.MaxItems, 100, 1000));
    return {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: listed.items.filter((e): e is RoleDetail => "RoleName" in e),
      Policies: listed.items.filter((e): e is ManagedPolicyDetail => "PolicyName" in e),
      ...truncation(listed.next),
    };
  },
  GetRole: (input: GetRoleCommandInput, account): Reply<GetRoleCommandOutput> => ({
    Role: roleOf(roleNamed(account, input.RoleName)),
  }),
  ListRolePolicies: (input: ListRolePoliciesCommandInput, account): Reply<ListRolePoliciesCommandOutput> => {
    const names = roleNamed(account, input.RoleName).inlinePolicies.map((p) => p.name);
    const listed = page(names, input.Marker, pageSize(input.MaxItems, 100, 1000));
    return { PolicyNames: listed.items, ...truncation(listed.next) };
  },
  GetRolePolicy: (input: GetRolePolicyCommandInput, account): Reply<GetRolePolicyCommandOutput> => {
    const role = roleNamed(account, input.RoleName);
    const policy = role.inlinePolicies.find((p) => p.name === input.PolicyName);
    if (!policy) throw noSuchEntity(`The role policy with name ${input.PolicyName} cannot be found.`);
    return { RoleName: input.RoleName, PolicyName: policy.name, PolicyDocument: encoded(policy.document) };
  },
  ListAttachedRolePolicies: (
    input: ListAttachedRolePoliciesCommandInput,
    account,
  ): Reply<ListAttachedRolePoliciesCommandOutput> => {
    const attached = attachedTo(account, roleNamed(account, input.RoleName)).filter((p) =>
      pathAndName(p.PolicyArn ?? "").path.startsWith(input.PathPrefix ?? "/"),
    );
    const listed = page(attached, input.Marker, pageSize(input.MaxItems, 100, 1000));
    return { AttachedPolicies: listed.items, ...truncation(listed.next) };
  },
  GetPolicy: (input: GetPolicyCommandInput, account): Reply<GetPolicyCommandOutput> => {
    const policy = policyNamed(account, input.PolicyArn);
    return {
      Policy: {
        ...policyOf(account, policy),
        ...(Object.keys(policy.tags).length > 0 && { Tags: tagList(policy.tags) }),
      },
    };
  },
  GetPolicyVersion: (input: GetPolicyVersionCommandInput, account): Reply<GetPolicyVersionCommandOutput> => {
    const policy = policyNamed(account, input.PolicyArn);
    if (input.VersionId !== DEFAULT_VERSION) {
      throw noSuchEntity(`Policy ${input.PolicyArn} version ${input.VersionId} does not exist or is not attachable.`);
    }
    return {
      PolicyVersion: {
        Document: encoded(policy.document),
        VersionId: DEFAULT_VERSION,
        IsDefaultVersion: true,
        CreateDate: CREATED,
      },
    };
  },
  ListEntitiesForPolicy: (
    input: ListEntitiesForPolicyCommandInput,
    account,
  ): Reply<ListEntitiesForPolicyCommandOutput> => {
    const arn = input.PolicyArn ?? "";
    const roles = rolesAttaching(account, arn);
    // An AWS managed policy exists whether or not the state holds its document; an attachment proves it.
    if (roles.length === 0) policyNamed(account, arn);
    const wanted = input.EntityFilter === undefined || input.EntityFilter === "Role";
    const named = (wanted ? roles : []).filter((r) => pathAndName(r.arn).path.startsWith(input.PathPrefix ?? "/"));
    const listed = page(named, input.Marker, pageSize(input.MaxItems, 100, 1000));
    return {
      PolicyGroups: [],
      PolicyUsers: [],
      PolicyRoles: listed.items.map((r) => ({ RoleName: pathAndName(r.arn).name, RoleId: roleOf(r).RoleId })),
      ...truncation(listed.next),
    };
  },
  ListPolicyTags: (input: ListPolicyTagsCommandInput, account): Reply<ListPolicyTagsCommandOutput> => {
    const tags = tagList(policyNamed(account, input.PolicyArn).tags);
    const listed = page(tags, input.Marker, pageSize(input.MaxItems, 100, 1000));
    return { Tags: listed.items, ...truncation(listed.next) };
  },
};
