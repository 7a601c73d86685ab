import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, type Outcome, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

/** Flows that send the password itself to Cognito instead of proving it with SRP. */
const PLAIN_PASSWORD_FLOWS = new Set([
  "USER_PASSWORD_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ADMIN_NO_SRP_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
]);

export default defineRule({
  id: "cognito-user-pool-client-password-auth",
  title: "User pool app client accepts plain-password sign-in instead of SRP",
  severity: "medium",
  practice: 2,
  ruleset: "strict",
  kinds: ["cognito.user-pool"],
  rationale:
    "USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH (ADMIN_NO_SRP_AUTH) send the user's password in the request, " +
    "so it passes through the app's backend, its logs and anything in between; SRP proves the password without " +
    "sending it. Strict: the plain flows are supported and sometimes needed (user migration triggers, server-side " +
    "sign-in with IAM credentials), so a reviewer asks why rather than treating them as a defect.",
  remediation: {
    summary: "Allow only ALLOW_USER_SRP_AUTH (or ALLOW_USER_AUTH) and ALLOW_REFRESH_TOKEN_AUTH on the client.",
    cli:
      "aws cognito-idp update-user-pool-client --user-pool-id <id> --client-id <client> " +
      "--explicit-auth-flows ALLOW_USER_SRP_AUTH ALLOW_REFRESH_TOKEN_AUTH",
    iac: "AWS::Cognito::UserPoolClient: ExplicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]",
  },
  mappings: { owasp: ["A2"], sas: ["SAS-2"] },
  check(pool) {
    if (isUnknown(pool.clients)) return undetermined("the pool's app clients", pool.clients);
    const parts = pool.clients.map((client, index): Outcome => {
      const label = typeof client.name === "string" ? client.name : `client ${index}`;
      const flows = client.explicitAuthFlows;
      if (isUnknown(flows)) return undetermined(`the auth flows of ${label}`, flows);
      const plain = flows.filter((flow) => PLAIN_PASSWORD_FLOWS.has(flow));
      if (plain.length === 0) return pass();
      return fail(`${label} allows ${plain.join(", ")}`, setting(`clients[${index}].explicitAuthFlows`, flows));
    });
    return combineOutcomes(parts, "no app client accepts a plain password");
  },
});
