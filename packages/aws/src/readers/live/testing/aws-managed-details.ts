import type { ManagedPolicyDetail } from "@aws-sdk/client-iam";
import { awsManagedPolicyData } from "../../aws-managed-policies.ts";

/**
 * What `GetAccountAuthorizationDetails` (Filter `AWSManagedPolicy`) answers for the AWS-managed policies `arns`:
 * each with its published document as the default version, URL-encoded as IAM returns documents. For stubs of a
 * real account, whose attached AWS-managed policies IAM lists like its own.
 */
export function awsManagedPolicyDetails(arns: readonly string[]): ManagedPolicyDetail[] {
  const { policies } = awsManagedPolicyData();
  return [...new Set(arns)].flatMap((arn) => {
    const path = /^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(arn)?.[1];
    const document = path === undefined ? undefined : policies[path];
    if (document === undefined) return [];
    return [
      {
        PolicyName: path!.slice(path!.lastIndexOf("/") + 1),
        Arn: arn,
        DefaultVersionId: "v1",
        PolicyVersionList: [
          { VersionId: "v1", IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify(document)) },
        ],
      },
    ];
  });
}
