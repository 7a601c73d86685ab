// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import { unknown } from "./model/value.ts";
import { hasSecretName, judgeVariable, secretValueSignal, shannonEntropy } from "./secrets.ts";

describe("secret detection", () => {
  it("names: credentials yes, pointers to them no, in any case style", () => {
    for (const name of ["DB_PASSWORD", "stripeApiKey", "GITHUB_TOKEN", "jwt-secret", "PRIVATE_KEY", "DB_PWD"]) {
      expect(hasSecretName(name), name).toBe(true);
    }
    for (const name of [
      "DB_SECRET_ARN",
      "apiKeySecretName",
      "TOKEN_TTL",
      "API_KEY_ID",
      "SECRETS_ENDPOINT",
      "PWD_DIR",
    ]) {
      expect(hasSecretName(name), name).toBe(name === "PWD_DIR");
    }
  });

  it("values: known shapes and random strings, labelled without the value", () => {
    const key = ["AKIA", "IOSFODNN7EXAMPLE"].join("");
    expect(secretValueSignal(key)).toBe("its value has the shape of an AWS access key id");
    expect(secretValueSignal("q8Zt3VxR7mK2pL9wB4nY6cF1hJ5sD0gA")).toContain("random-looking");
    expect(secretValueSignal("https://example.com/callback?state=abc")).toBeUndefined();
    expect(secretValueSignal("The quick brown fox jumps over the lazy dog")).toBeUndefined();
    // A template's reference to a generated name (CDK logical ids end in a hash) is no literal secret.
    expect(secretValueSignal("${OrdersTableF8BD04D9A7c3XkQ2}")).toBeUndefined();
    expect(secretValueSignal("${InvoicesTable9A8B7C6D}-q8Zt3VxR7mK2pL9wB4nY6cF1hJ5sD0gA")).toContain("random-looking");
  });

  it("entropy: bits per character", () => {
    expect(shannonEntropy("")).toBe(0);
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
  });

  it("verdicts: empty and pointer values under secret names are not secrets; unknown values stay unknown", () => {
    expect(judgeVariable({ name: "DB_PASSWORD", value: "" })).toEqual({ secret: false });
    expect(judgeVariable({ name: "API_TOKEN", value: "/prod/api-token" })).toEqual({ secret: false });
    expect(judgeVariable({ name: "API_TOKEN", value: unknown("Ref Token") }).secret).toBe("unknown");
    expect(judgeVariable({ name: "STAGE", value: unknown("Ref Stage") })).toEqual({ secret: false });
  });
});
