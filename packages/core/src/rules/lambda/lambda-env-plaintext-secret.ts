import { defineRule, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";
import { plaintextSecretsOutcome } from "../../secrets.ts";

export default defineRule({
  id: "lambda-env-plaintext-secret",
  title: "Function environment holds a plaintext secret",
  severity: "high",
  practice: 6,
  kinds: ["lambda.function"],
  rationale:
    "Environment variables are part of the function configuration: anyone with lambda:GetFunctionConfiguration, " +
    "the console, CloudFormation templates and their history, and CI logs can read them. Secrets belong in Secrets " +
    "Manager or SSM SecureString, fetched at runtime with the function's role; the variable should only name them. " +
    "Findings name the variable and never its value.",
  remediation: {
    summary: "Move the secret to Secrets Manager (or SSM SecureString) and pass only its ARN or name.",
    steps: [
      "Rotate the exposed credential: it has been readable in the configuration.",
      "Store the new value in Secrets Manager and grant the function's role secretsmanager:GetSecretValue on it.",
      "Replace the variable with e.g. DB_SECRET_ARN and read it with the Parameters and Secrets extension or the SDK.",
    ],
  },
  mappings: { owasp: ["A3"], sas: ["SAS-7"] },
  check(fn) {
    if (isUnknown(fn.environment)) return undetermined("the environment", fn.environment);
    return plaintextSecretsOutcome(fn.environment, "environment variable", "environment");
  },
});
