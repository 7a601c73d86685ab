// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { iamRole, lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./iam-role-aws-managed-broad.ts";

const aws = (path: string) => `arn:aws:iam::aws:policy/${path}`;
const run = (...managedPolicyArns: (string | ReturnType<typeof unknown>)[]) =>
  runRule(rule, model(lambdaFunction("orders"), iamRole("orders-role", { managedPolicyArns })));

describe(rule.id, () => {
  it("Compliance: the Lambda execution-role policies", () => {
    const results = run(
      aws("service-role/AWSLambdaBasicExecutionRole"),
      aws("service-role/AWSLambdaVPCAccessExecutionRole"),
      aws("AWSXRayDaemonWriteAccess"),
      aws("service-role/AWSLambdaSQSQueueExecutionRole"),
      aws("CloudWatchLambdaInsightsExecutionRolePolicy"),
      "arn:aws:iam::123456789012:policy/OrdersFullAccess",
    );
    expect(statusOf(results, "orders-role")).toEqual(["pass"]);
  });

  it("Noncompliance: full-access and admin policies, template partition included", () => {
    for (const name of [
      "AdministratorAccess",
      "PowerUserAccess",
      "IAMFullAccess",
      "AmazonS3FullAccess",
      "AmazonDynamoDBFullAccess",
      "AWSLambda_FullAccess",
      "AmazonSQSFullAccess",
      "AmazonSNSFullAccess",
      "AmazonAPIGatewayAdministrator",
      "SecretsManagerReadWrite",
    ]) {
      expect(statusOf(run(aws(name)), "orders-role"), name).toEqual(["fail"]);
    }
    const [result] = run(
      `arn:\${AWS::Partition}:iam::aws:policy/AmazonS3FullAccess`,
      aws("service-role/AWSLambdaBasicExecutionRole"),
    );
    expect(result?.message).toBe("broad AWS-managed policy attached: AmazonS3FullAccess");
    expect(result?.evidence).toEqual([
      {
        type: "setting",
        path: "managedPolicyArns",
        value: ["arn:${AWS::Partition}:iam::aws:policy/AmazonS3FullAccess"],
      },
    ]);
  });

  it("must not fire: a customer policy whose name looks broad", () => {
    expect(statusOf(run("arn:aws:iam::123456789012:policy/AdministratorAccess"), "orders-role")).toEqual(["pass"]);
  });

  it("Undetermined: an unresolved policy ARN could be a broad one", () => {
    const [result] = run(aws("service-role/AWSLambdaBasicExecutionRole"), unknown("Ref PolicyArn"));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref PolicyArn");
  });
});
