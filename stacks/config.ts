import { checkRemediationConfig, parseVigilConfig, REMEDIATIONS } from "@vigil/core";
import input from "../vigil.config.ts";

/** `vigil.config.ts`, validated: a bad value fails the deploy with a message naming the field. */
export const vigilConfig = parseVigilConfig(input);
// A mode for a rule without a plan is a typo that would leave the rule in dry-run: refused before anything deploys.
checkRemediationConfig(vigilConfig.remediation, REMEDIATIONS);

/**
 * The validated configuration, compiled into every function's bundle as `process.env.VIGIL_CONFIG` (an esbuild
 * define): not an environment variable, whose 4 KB limit a few dozen exemptions or routes would exceed, failing
 * the deploy. stacks/functions.ts applies it to every function.
 */
export const CONFIG_IN_BUNDLE = { "process.env.VIGIL_CONFIG": JSON.stringify(JSON.stringify(vigilConfig)) };

/** Production stages keep their data: deletion protection on, resources retained (see `app()`). */
export const isProduction = $app.stage === "prod" || $app.stage === "production";
