import { defineRule } from "../../engine/rule.ts";
import { plaintextSecretsOutcome } from "../../secrets.ts";

export default defineRule({
  id: "apigw-stage-variable-secret",
  title: "API stage variable holds a plaintext secret",
  severity: "high",
  practice: 6,
  kinds: ["apigateway.stage", "apigatewayv2.stage"],
  rationale:
    "Stage variables are plain configuration: apigateway:GET readers, the console, exported templates and " +
    "deployment history show them, and they are often passed on to integrations in requests. A credential there " +
    "(a backend API key, a password) is readable far beyond the code that needs it. Findings name the variable and " +
    "never its value.",
  remediation: {
    summary: "Keep the secret in Secrets Manager and let the integration (or an authorizer) fetch it at runtime.",
    steps: [
      "Rotate the exposed credential.",
      "Store it in Secrets Manager; give the backend function's role read access to it.",
      "Delete the stage variable, or replace it with the secret's name.",
    ],
  },
  mappings: { owasp: ["A3"], sas: ["SAS-7"] },
  check(stage) {
    return plaintextSecretsOutcome(stage.variables, "stage variable", "variables");
  },
});
