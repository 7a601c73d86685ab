// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import { unknown } from "../model/value.ts";
import { ACCOUNT, arns, bucket, policy, queue, table } from "../testing/builders.ts";
import {
  accountOfResource,
  accountsGranted,
  confusedDeputy,
  ineffectiveValue,
  isPublic,
  isTrustedAccount,
  OWN_ACCOUNT_TOKEN,
  organizationsGranted,
  readingOf,
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

describe("ineffective conditions", () => {
  const deployed = { literalTokens: true };

  it("a pseudo parameter's name, an empty string, and in a deployed policy an unsubstituted token never match", () => {
    expect(ineffectiveValue("AWS::AccountId")).toContain("!Ref forgotten");
    expect(ineffectiveValue("")).toContain("empty string");
    expect(ineffectiveValue(OWN_ACCOUNT_TOKEN, deployed)).toContain("!Sub forgotten");
    expect(ineffectiveValue(`arn:aws:sns:us-east-1:${OWN_ACCOUNT_TOKEN}:events`, deployed)).toContain("!Sub forgotten");
  });

  it("a real value, and a template's own-account token in a template's model, may match", () => {
    expect(ineffectiveValue(ACCOUNT, deployed)).toBeUndefined();
    expect(ineffectiveValue(OWN_ACCOUNT_TOKEN)).toBeUndefined();
  });

  it("public: a restricting key whose only value can never match, the reason saying it is ineffective", () => {
    const forgottenRef = isPublic(invoke("*", { StringEquals: { "aws:SourceAccount": "AWS::AccountId" } }));
    expect(forgottenRef.public).toBe(true);
    expect(forgottenRef.reason).toContain(
      'condition StringEquals aws:sourceaccount ["AWS::AccountId"] is ineffective: "AWS::AccountId" is the pseudo parameter\'s name',
    );
    const forgottenSub = invoke("*", { StringEquals: { "aws:SourceAccount": OWN_ACCOUNT_TOKEN } });
    expect(isPublic(forgottenSub, deployed).public).toBe(true);
    expect(isPublic(forgottenSub).public).toBe(false);
  });

  it("not public: an effective value beside an ineffective one still restricts", () => {
    const s = invoke("*", { StringEquals: { "aws:SourceAccount": ["", ACCOUNT] } });
    expect(isPublic(s, deployed)).toEqual({
      public: false,
      reason: `restricted by StringEquals aws:sourceaccount ["","${ACCOUNT}"]`,
    });
  });

  it("reads tokens as literal for resources whose ARN carries none (deployed), as tokens for a template's", () => {
    expect(readingOf(queue("jobs"))).toEqual({ literalTokens: true });
    const templated = bucket("uploads", { arn: "arn:${AWS::Partition}:s3:::uploads" });
    expect(readingOf(templated, { servicesFixed: true })).toEqual({ literalTokens: false, servicesFixed: true });
  });
});

describe("isPublic with fixed service principals (S3's definition)", () => {
  it("an unpinned service principal is fixed, * is still public", () => {
    const fixed = { servicesFixed: true };
    expect(isPublic(invoke({ Service: "cloudtrail.amazonaws.com" }), fixed).public).toBe(false);
    expect(isPublic(invoke({ Service: unknown("Ref ServiceName") }), fixed).public).toBe(false);
    expect(isPublic(invoke("*"), fixed).public).toBe(true);
  });
});

describe("confusedDeputy", () => {
  const put = (Condition?: unknown) =>
    statement({
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${arns.bucket("logs")}/*`,
      Condition,
    });

  it("a deputy: a service principal with no source condition, or an ineffective one", () => {
    expect(confusedDeputy(put())).toEqual({
      deputy: true,
      reason:
        "service logging.s3.amazonaws.com without aws:SourceAccount, aws:SourceArn naming the account, or aws:SourceOrgID",
    });
    const ineffective = confusedDeputy(put({ StringEquals: { "aws:SourceAccount": "AWS::AccountId" } }));
    expect(ineffective.deputy).toBe(true);
    expect(ineffective.reason).toContain("is ineffective");
  });

  it("a deputy: a bucket's aws:SourceArn alone (its ARN names no account)", () => {
    const verdict = confusedDeputy(put({ ArnLike: { "aws:SourceArn": arns.bucket("source") } }));
    expect(verdict.deputy).toBe(true);
    expect(verdict.reason).toContain("whose bucket ARN names no account (add aws:SourceAccount)");
  });

  it("pinned: aws:SourceAccount, an aws:SourceArn naming its account, aws:SourceOrgID", () => {
    expect(confusedDeputy(put({ StringEquals: { "aws:SourceAccount": ACCOUNT } })).deputy).toBe(false);
    expect(confusedDeputy(put({ StringEquals: { "aws:SourceAccount": OWN_ACCOUNT_TOKEN } })).deputy).toBe(false);
    expect(confusedDeputy(put({ ArnLike: { "aws:SourceArn": arns.topic("events") } })).deputy).toBe(false);
    expect(confusedDeputy(put({ StringEquals: { "aws:SourceOrgID": "o-abc123defg" } })).deputy).toBe(false);
  });

  it("not a deputy: Deny, account principals, *", () => {
    expect(
      confusedDeputy(statement({ Effect: "Deny", Principal: { Service: "sns.amazonaws.com" }, Action: "*" })).deputy,
    ).toBe(false);
    expect(confusedDeputy(invoke({ AWS: ACCOUNT })).deputy).toBe(false);
    expect(confusedDeputy(invoke("*")).deputy).toBe(false);
  });

  it("unknown: an unresolved source condition or service", () => {
    expect(confusedDeputy(put({ StringEquals: { "aws:SourceAccount": unknown("Ref Source") } }))).toEqual({
      deputy: "unknown",
      reason: 'condition StringEquals aws:sourceaccount ["unknown (Ref Source)"] is unresolved',
    });
    expect(confusedDeputy(invoke({ Service: unknown("Ref ServiceName") })).deputy).toBe("unknown");
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
