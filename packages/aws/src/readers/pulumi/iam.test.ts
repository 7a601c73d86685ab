import type { IamManagedPolicy, IamRole, PolicyDocument } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readPulumiResources } from "./index.ts";
import { ACCOUNT, failures, lambdaFunction, registered } from "./testing.ts";

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app-production-WorkerRole-abcdefgh`;
const POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/app-reports`;
const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const allow = (action: string) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });

/** A plain Pulumi program attaches policies to a role through their own resources, naming the role by name. */
const states = [
  lambdaFunction("Worker", { role: ROLE_ARN }),
  registered(
    "aws:iam/role:Role",
    "WorkerRole",
    { name: "app-production-WorkerRole-abcdefgh", assumeRolePolicy: TRUST, inlinePolicies: [{}] },
    { arn: ROLE_ARN, name: "app-production-WorkerRole-abcdefgh", id: "app-production-WorkerRole-abcdefgh" },
  ),
  registered("aws:iam/rolePolicy:RolePolicy", "WorkerS3", {
    role: "app-production-WorkerRole-abcdefgh",
    name: "s3",
    policy: allow("s3:*"),
  }),
  registered(
    "aws:iam/policy:Policy",
    "Reports",
    { name: "app-reports", policy: allow("dynamodb:Query") },
    { arn: POLICY_ARN, name: "app-reports" },
  ),
  registered("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "WorkerReports", {
    role: "app-production-WorkerRole-abcdefgh",
    policyArn: POLICY_ARN,
  }),
];

describe("Pulumi reader: IAM", () => {
  it("merges RolePolicy and RolePolicyAttachment into their role, and reads customer-managed policies", () => {
    const read = readPulumiResources(states);
    const role = read.find((r): r is IamRole => r.kind === "iam.role")!;
    expect(role.inlinePolicies.map((p) => p.name)).toEqual(["s3"]);
    expect(role.managedPolicyArns).toEqual([POLICY_ARN]);
    const policy = read.find((r): r is IamManagedPolicy => r.kind === "iam.managed-policy")!;
    expect(policy).toMatchObject({ id: POLICY_ARN, name: "app-reports", awsManaged: false });
    expect((policy.document as PolicyDocument).statements).toHaveLength(1);
    expect(failures(read)).toContain(`iam-role-service-wildcard ${ROLE_ARN}`);
  });
});
