import type { AnyRule } from "../../engine/rule.ts";
import lambdaAsyncNoFailureDestination from "./lambda-async-no-failure-destination.ts";
import lambdaAsyncRetriesNoDestination from "./lambda-async-retries-no-destination.ts";
import lambdaCodeSigningNotEnforced from "./lambda-code-signing-not-enforced.ts";
import lambdaConcurrencyUncapped from "./lambda-concurrency-uncapped.ts";
import lambdaEnvPlaintextSecret from "./lambda-env-plaintext-secret.ts";
import lambdaEsmDisabled from "./lambda-esm-disabled.ts";
import lambdaEsmSqsNoMaxConcurrency from "./lambda-esm-sqs-no-max-concurrency.ts";
import lambdaEsmStreamNoFailureHandling from "./lambda-esm-stream-no-failure-handling.ts";
import lambdaFunctionNoTrigger from "./lambda-function-no-trigger.ts";
import lambdaInvokeCrossAccount from "./lambda-invoke-cross-account.ts";
import lambdaLayerCrossAccount from "./lambda-layer-cross-account.ts";
import lambdaNotRedeployed from "./lambda-not-redeployed.ts";
import lambdaPermissionObsoleteSource from "./lambda-permission-obsolete-source.ts";
import lambdaPolicyPublic from "./lambda-policy-public.ts";
import lambdaPublicTriggerUncapped from "./lambda-public-trigger-uncapped.ts";
import lambdaRecursiveLoopAllowed from "./lambda-recursive-loop-allowed.ts";
import lambdaRequiredTagsMissing from "./lambda-required-tags-missing.ts";
import lambdaRoleWriteUnjustified from "./lambda-role-write-unjustified.ts";
import lambdaRuntimeDeprecated from "./lambda-runtime-deprecated.ts";
import lambdaRuntimeEolSoon from "./lambda-runtime-eol-soon.ts";
import lambdaTimeoutDefaultOrExcessive from "./lambda-timeout-default-or-excessive.ts";
import lambdaTracingDisabled from "./lambda-tracing-disabled.ts";
import lambdaTriggerLoop from "./lambda-trigger-loop.ts";
import lambdaUrlAuthNone from "./lambda-url-auth-none.ts";
import lambdaUrlCorsWildcard from "./lambda-url-cors-wildcard.ts";

export const LAMBDA_RULES: readonly AnyRule[] = [
  lambdaAsyncNoFailureDestination,
  lambdaAsyncRetriesNoDestination,
  lambdaCodeSigningNotEnforced,
  lambdaConcurrencyUncapped,
  lambdaEnvPlaintextSecret,
  lambdaEsmDisabled,
  lambdaEsmSqsNoMaxConcurrency,
  lambdaEsmStreamNoFailureHandling,
  lambdaFunctionNoTrigger,
  lambdaInvokeCrossAccount,
  lambdaLayerCrossAccount,
  lambdaNotRedeployed,
  lambdaPermissionObsoleteSource,
  lambdaPolicyPublic,
  lambdaPublicTriggerUncapped,
  lambdaRecursiveLoopAllowed,
  lambdaRequiredTagsMissing,
  lambdaRoleWriteUnjustified,
  lambdaRuntimeDeprecated,
  lambdaRuntimeEolSoon,
  lambdaTimeoutDefaultOrExcessive,
  lambdaTracingDisabled,
  lambdaTriggerLoop,
  lambdaUrlCorsWildcard,
  lambdaUrlAuthNone,
];
