// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { iamRole, lambdaFunction, managedPolicy, model, policy } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./iam-role-admin-access.ts";

const inline = (...Statement: unknown[]) => [{ name: "access", document: policy({ Statement }) }];
const withRole = (role: ReturnType<typeof iamRole>) => model(lambdaFunction("orders"), role);

describe(rule.id, () => {
  it("Compliance: a scoped role with the basic execution policy", () => {
    const role = iamRole("orders-role", {
      inlinePolicies: inline({
        Effect: "Allow",
        Action: "dynamodb:GetItem",
        Resource: "arn:aws:dynamodb:*:*:table/orders",
      }),
    });
    expect(statusOf(runRule(rule, withRole(role)), "orders-role")).toEqual(["pass"]);
  });

  it("Noncompliance 1: Allow * on * in an inline policy, pointing at the statement", () => {
    const role = iamRole("orders-role", {
      inlinePolicies: inline({ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" }),
    });
    const [result] = runRule(rule, withRole(role));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("inline policy access statement 0");
    expect(result?.evidence).toEqual([
      {
        type: "statement",
        policy: "inline policy access",
        index: 0,
        sid: "All",
        statement: { Sid: "All", Effect: "Allow", Action: "*", Resource: "*" },
      },
    ]);
  });

  it("Noncompliance 2: AdministratorAccess with the document readers attach, and a NotAction trick", () => {
    const arn = "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess";
    const admin = managedPolicy(
      "AdministratorAccess",
      { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      {
        arn,
        id: arn,
        awsManaged: true,
      },
    );
    const managed = iamRole("orders-role", { managedPolicyArns: [arn] });
    expect(statusOf(runRule(rule, model(lambdaFunction("orders"), managed, admin)), "orders-role")).toEqual(["fail"]);
    const [byArnOnly] = runRule(rule, withRole(managed));
    expect(byArnOnly?.status).toBe("undetermined");
    expect(byArnOnly?.message).toContain("AdministratorAccess is not in the model");
    const trick = iamRole("orders-role", {
      inlinePolicies: inline({ Effect: "Allow", NotAction: "nothing:Nothing", Resource: "*" }),
    });
    expect(statusOf(runRule(rule, withRole(trick)), "orders-role")).toEqual(["fail"]);
  });

  it("must not fire: PowerUser-style NotAction iam:*, a Deny * statement, or a role no function uses", () => {
    const role = iamRole("orders-role", {
      inlinePolicies: inline(
        { Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" },
        { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ),
    });
    expect(statusOf(runRule(rule, withRole(role)), "orders-role")).toEqual(["pass"]);
    expect(statusOf(runRule(rule, model(iamRole("spare-role"))), "spare-role")).toEqual(["not_applicable"]);
  });

  it("Undetermined: an unresolved resource or an unknown policy document", () => {
    const role = iamRole("orders-role", {
      inlinePolicies: inline({ Effect: "Allow", Action: "*", Resource: unknown("Ref Scope") }),
    });
    const [result] = runRule(rule, withRole(role));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref Scope");
    const missing = iamRole("orders-role", { managedPolicyArns: ["arn:aws:iam::123456789012:policy/shared"] });
    expect(runRule(rule, withRole(missing))[0]?.message).toContain("is not in the model");
  });
});
