import { describe, expect, it } from "vitest";
import type { EnvironmentVariable } from "../../model/resources.ts";
import { unknown } from "../../model/value.ts";
import { lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-env-plaintext-secret.ts";

const env = (vars: Record<string, EnvironmentVariable["value"]>) => ({
  environment: Object.entries(vars).map(([name, value]) => ({ name, value })),
});

// Synthetic credentials in the documented formats; none is real.
const AWS_KEY = ["AKIA", "IOSFODNN7EXAMPLE"].join("");
const SLACK = ["xoxb", "123456789012", "abcdefghijklmnopQRSTUVWX"].join("-");
const DB_PASSWORD = "hunter2-but-longer";

describe(rule.id, () => {
  it("Compliance: pointers to secrets and ordinary settings", () => {
    const fn = lambdaFunction(
      "clean",
      env({
        DB_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
        API_KEY_PARAMETER_NAME: "/orders/api-key",
        TABLE_NAME: "OrdersStack-OrdersTable-1A2B3C4D5E6F7",
        POWERTOOLS_SERVICE_NAME: "orders",
        NODE_OPTIONS: "--enable-source-maps",
        TOKEN_TTL: "3600",
      }),
    );
    expect(statusOf(runRule(rule, model(fn)), "clean")).toEqual(["pass"]);
  });

  it("Noncompliance: a password by name, and an AWS key by shape under a neutral name", () => {
    const fn = lambdaFunction("leaky", env({ DB_PASSWORD, UPSTREAM: AWS_KEY, LOG_LEVEL: "info" }));
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("DB_PASSWORD");
    expect(result?.message).toContain("UPSTREAM");
    expect(result?.message).toContain("AWS access key id");
    expect(result?.evidence).toEqual([
      { type: "setting", path: "environment.DB_PASSWORD", value: "[redacted]" },
      { type: "setting", path: "environment.UPSTREAM", value: "[redacted]" },
    ]);
  });

  it("Noncompliance: known shapes (Slack token, private key, URL with password, random string)", () => {
    const fn = lambdaFunction(
      "shapes",
      env({
        CHAT: SLACK,
        CERT: "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----",
        DATABASE_URL: "postgres://app:s3cr3tpass@db.internal:5432/orders",
        SIGNING: "q8Zt3VxR7mK2pL9wB4nY6cF1hJ5sD0gA",
        UPSTREAM_CONFIG: "{{resolve:secretsmanager:prod/upstream:SecretString:key}}",
      }),
    );
    const [result] = runRule(rule, model(fn));
    expect(result?.evidence).toHaveLength(5);
  });

  it("never prints a value, in the message or in the evidence", () => {
    const fn = lambdaFunction("leaky", env({ DB_PASSWORD, UPSTREAM: AWS_KEY, CHAT: SLACK }));
    const serialized = JSON.stringify(runRule(rule, model(fn)));
    for (const secret of [DB_PASSWORD, AWS_KEY, SLACK]) expect(serialized).not.toContain(secret);
  });

  it("Real world: UUIDs, hashes and generated names do not look random enough", () => {
    const fn = lambdaFunction(
      "ids",
      env({
        REQUEST_NAMESPACE: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        BUILD_SHA: "9fceb02d0ae598e95dc970b74767f19372d61af8",
        BUCKET: "ordersstack-uploadsbucket5e4f3a2b-1q2w3e4r5t6y",
      }),
    );
    expect(statusOf(runRule(rule, model(fn)), "ids")).toEqual(["pass"]);
  });

  it("Undetermined: a secret-like name whose value is a parameter (secret or pointer?)", () => {
    const fn = lambdaFunction("param", env({ API_TOKEN: unknown("Ref ApiToken"), STAGE: unknown("Ref Stage") }));
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("API_TOKEN");
  });

  it("Undetermined: the environment could not be read", () => {
    const fn = lambdaFunction("denied", { environment: unknown("lambda:GetFunctionConfiguration denied") });
    expect(statusOf(runRule(rule, model(fn)), "denied")).toEqual(["undetermined"]);
  });
});
