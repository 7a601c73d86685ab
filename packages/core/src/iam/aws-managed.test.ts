// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import { iamRole, managedPolicy, model } from "../testing/builders.ts";
import { awsManagedPolicyName, awsManagedPolicyPath } from "./aws-managed.ts";

const BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

describe("AWS-managed policies", () => {
  it("names AWS-managed ARNs, paths and template partitions included", () => {
    expect(awsManagedPolicyPath(BASIC)).toBe("service-role/AWSLambdaBasicExecutionRole");
    expect(awsManagedPolicyName(BASIC)).toBe("AWSLambdaBasicExecutionRole");
    expect(awsManagedPolicyName("arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess")).toBe(
      "AdministratorAccess",
    );
    expect(awsManagedPolicyPath("arn:aws:iam::123456789012:policy/mine")).toBeUndefined();
    expect(awsManagedPolicyName("arn:aws:s3:::aws")).toBeUndefined();
  });

  it("takes documents from the model and leaves a policy the model lacks unknown", () => {
    const role = iamRole("r", { managedPolicyArns: [BASIC, "arn:aws:iam::aws:policy/AmazonBedrockFullAccess"] });
    const basic = managedPolicy(
      "AWSLambdaBasicExecutionRole",
      { Statement: [{ Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" }] },
      { arn: BASIC, id: BASIC, awsManaged: true },
    );
    const [attached, missing] = model(role, basic).policiesOf(role);
    expect(attached?.document).toMatchObject({ statements: [{ effect: "Allow" }] });
    expect(missing?.document).toEqual({
      unknown: true,
      reason: "managed policy arn:aws:iam::aws:policy/AmazonBedrockFullAccess is not in the model",
    });
  });
});
