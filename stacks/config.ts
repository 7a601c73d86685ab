import { checkRemediationConfig, parseVigilConfig, REMEDIATIONS } from "@vigil/core";
import input from "../vigil.config.ts";

/** `vigil.config.ts`, validated: a bad value fails the deploy with a message naming the field. */
export const vigilConfig = parseVigilConfig(input);
// A mode for a rule without a plan is a typo that would leave the rule in dry-run: refused before anything deploys.
checkRemediationConfig(vigilConfig.remediation, REMEDIATIONS);

/** Production stages keep their data: deletion protection on, resources retained (see `app()`). */
export const isProduction = $app.stage === "prod" || $app.stage === "production";
