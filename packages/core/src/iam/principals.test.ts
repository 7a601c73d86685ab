// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import { unknown } from "../model/value.ts";
import { ACCOUNT, policy, queue, table } from "../testing/builders.ts";
import {
  accountOfResource,
  accountsGranted,
  isPublic,
  isTrustedAccount,
  OWN_ACCOUNT_TOKEN,
  organizationsGranted,
} from "./principals.ts";

const statement = (raw: Record<string, unknown>) => policy({ Statement: [raw] }).statements[0]!;
const invoke = (Principal: unknown, Condition?: unknown) =>
  statement({ Effect: "Allow", Principal, Action: "lambda:InvokeFunction", Resource: "*", Condition });

describe("isPublic", () => {
  it('public: "*" without conditions, and {"AWS": "*"}', () => {
    expect(isPublic(invoke("*")).public).toBe(true);
    expect(isPublic(invoke({ AWS: "*" })).public).toBe(true);
    expect(isPublic(invoke("*")).reason).toContain('"*"');
  });

  it("public: a function URL permission with auth NONE (the auth-type condition pins nobody)", () => {
    expect(isPublic(invoke("*", { StringEquals: { "lambda:FunctionUrlAuthType": "NONE" } })).public).toBe(true);
  });

  it("public: a service principal without a source condition (any account's bucket can invoke)", () => {
    const verdict = isPublic(invoke({ Service: "s3.amazonaws.com" }));
    expect(verdict).toEqual({
      public: true,
      reason: "service s3.amazonaws.com without a condition pinning the source or principal",
    });
    expect(isPublic(invoke({ Service: "sns.amazonaws.com" })).public).toBe(true);
  });

  it("public: NotPrincipal with Allow", () => {
    expect(isPublic(statement({ Effect: "Allow", NotPrincipal: { AWS: ACCOUNT }, Action: "sqs:*" })).public).toBe(true);
  });

  it('public: "*" restricted only by a wildcard SourceArn (arn:aws:s3:::*)', () => {
    expect(isPublic(invoke("*", { ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } })).public).toBe(true);
    expect(isPublic(invoke("*", { ArnLike: { "aws:SourceArn": "arn:aws:sns:us-east-1:*:orders" } })).public).toBe(true);
  });

  it("public: negated or IfExists conditions do not restrict", () => {
    expect(isPublic(invoke("*", { StringNotEquals: { "aws:SourceAccount": ACCOUNT } })).public).toBe(true);
    expect(isPublic(invoke("*", { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } })).public).toBe(true);
    expect(
      isPublic(invoke("*", { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123defg" } })).public,
    ).toBe(true);
  });

  it("not public: a Deny statement", () => {
    expect(isPublic(statement({ Effect: "Deny", Principal: "*", Action: "sqs:*" }))).toEqual({
      public: false,
      reason: "a Deny statement grants nothing",
    });
  });

  it("not public: a service principal restricted by SourceArn", () => {
    const s3 = invoke({ Service: "s3.amazonaws.com" }, { ArnLike: { "AWS:SourceArn": "arn:aws:s3:::uploads" } });
    expect(isPublic(s3).public).toBe(false);
  });

  it("not public: a service principal restricted by SourceAccount", () => {
    const s3 = invoke({ Service: "s3.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
    expect(isPublic(s3)).toEqual({
      public: false,
      reason: `restricted by StringEquals aws:sourceaccount ["${ACCOUNT}"]`,
    });
  });

  it("not public: API Gateway invoking a function with a SourceArn (live and template forms)", () => {
    const live = invoke(
      { Service: "apigateway.amazonaws.com" },
      { ArnLike: { "AWS:SourceArn": `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/orders` } },
    );
    expect(isPublic(live).public).toBe(false);
    const template = invoke(
      { Service: "apigateway.amazonaws.com" },
      { ArnLike: { "AWS:SourceArn": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*" } },
    );
    expect(isPublic(template).public).toBe(false);
  });

  it('not public: {"AWS": "*"} restricted by PrincipalOrgID', () => {
    const org = statement({
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "sqs:SendMessage",
      Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123defg" } },
    });
    expect(isPublic(org).public).toBe(false);
  });

  it("not public: PrincipalAccount, SourceOwner, SourceVpce and SourceVpc", () => {
    expect(isPublic(invoke("*", { StringEquals: { "aws:PrincipalAccount": ACCOUNT } })).public).toBe(false);
    expect(
      isPublic(invoke({ Service: "sns.amazonaws.com" }, { StringEquals: { "aws:SourceOwner": ACCOUNT } })).public,
    ).toBe(false);
    expect(isPublic(invoke("*", { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } })).public).toBe(false);
    expect(isPublic(invoke("*", { StringEquals: { "aws:SourceVpc": "vpc-111bbb22" } })).public).toBe(false);
  });

  it("SourceIp: a narrow range restricts, 0.0.0.0/0 and ranges wider than /8 do not", () => {
    expect(isPublic(invoke("*", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } })).public).toBe(false);
    expect(isPublic(invoke("*", { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } })).public).toBe(true);
    expect(isPublic(invoke("*", { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/7"] } })).public).toBe(
      true,
    );
  });

  it("not public: account principals (cross-account is accountsGranted's question)", () => {
    expect(isPublic(invoke({ AWS: "arn:aws:iam::999999999999:root" })).public).toBe(false);
    expect(isPublic(invoke({ AWS: OWN_ACCOUNT_TOKEN })).public).toBe(false);
  });

  it("not public: an identity-policy statement (no Principal)", () => {
    expect(isPublic(statement({ Effect: "Allow", Action: "*", Resource: "*" })).public).toBe(false);
  });

  it("unknown: an unresolved restricting condition or principal", () => {
    const condition = invoke("*", { StringEquals: { "aws:SourceAccount": unknown("Ref SourceAccount") } });
    expect(isPublic(condition)).toEqual({
      public: "unknown",
      reason: 'condition StringEquals aws:sourceaccount ["unknown (Ref SourceAccount)"] is unresolved',
    });
    expect(isPublic(invoke({ AWS: unknown("Ref Principal") })).public).toBe("unknown");
    expect(isPublic(invoke("*", unknown("Ref Condition"))).public).toBe("unknown");
  });
});

describe("accountsGranted", () => {
  it("reads accounts from ids, ARNs and the template token", () => {
    const s = invoke({ AWS: ["999999999999", "arn:aws:iam::888888888888:role/x", OWN_ACCOUNT_TOKEN, "*"] });
    expect(accountsGranted(s)).toEqual(["999999999999", "888888888888", OWN_ACCOUNT_TOKEN]);
  });

  it("reads the accounts that conditions pin for service and * principals", () => {
    const s = invoke(
      { Service: "apigateway.amazonaws.com" },
      { ArnLike: { "aws:SourceArn": "arn:aws:execute-api:us-east-1:777777777777:abc/*" } },
    );
    expect(accountsGranted(s)).toEqual(["777777777777"]);
    expect(accountsGranted(invoke("*", { StringEquals: { "aws:PrincipalAccount": "666666666666" } }))).toEqual([
      "666666666666",
    ]);
  });

  it("keeps unresolved principals unknown and grants nothing for Deny", () => {
    expect(accountsGranted(invoke({ AWS: unknown("Ref Partner") }))).toEqual([unknown("Ref Partner")]);
    expect(accountsGranted(statement({ Effect: "Deny", Principal: { AWS: "999999999999" }, Action: "*" }))).toEqual([]);
  });
});

describe("organizations and trust", () => {
  it("reads organization ids from PrincipalOrgID", () => {
    const s = invoke("*", { StringEquals: { "aws:PrincipalOrgID": "o-abc123defg" } });
    expect(organizationsGranted(s)).toEqual(["o-abc123defg"]);
  });

  it("trusts the own account, its template token and configured accounts", () => {
    const trust = { ownAccount: ACCOUNT, trustedAccounts: ["222222222222"] };
    expect(isTrustedAccount(ACCOUNT, trust)).toBe(true);
    expect(isTrustedAccount(OWN_ACCOUNT_TOKEN, trust)).toBe(true);
    expect(isTrustedAccount("222222222222", trust)).toBe(true);
    expect(isTrustedAccount("999999999999", trust)).toBe(false);
  });

  it("finds a resource's account from its ARN or its origin", () => {
    expect(accountOfResource(queue("jobs"))).toBe(ACCOUNT);
    expect(accountOfResource(table("orders", { arn: "arn:aws:dynamodb:us-east-1:${AWS::AccountId}:table/x" }))).toBe(
      ACCOUNT,
    );
  });
});
