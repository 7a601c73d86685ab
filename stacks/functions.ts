import { CONFIG_IN_BUNDLE } from "./config.ts";
import { encryptedQueue } from "./queue-defaults.ts";

/**
 * Where asynchronous invocations (EventBridge, schedules) land after their retries: one queue for every function,
 * watched instead of lost events.
 */
export const failedInvocations = encryptedQueue("FailedInvocations", { retentionDays: 14 });

/** What active tracing needs to send segments (the AWSXRayDaemonWriteAccess actions that matter). */
export const X_RAY_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];

type FunctionArgs = sst.aws.FunctionArgs;
type Transform<T> = Partial<T> | ((args: T, opts: $util.CustomResourceOptions, name: string) => undefined);

/** Applies `own` after what the caller asked for, so the caller's transform still runs. */
function then<T extends object>(given: Transform<T> | undefined, own: (args: T) => void): Transform<T> {
  return (args, opts, name) => {
    if (typeof given === "function") given(args, opts, name);
    else Object.assign(args, given);
    own(args);
    return undefined;
  };
}

/**
 * Every function in the app is bounded and observable (Vigil checks the same on the apps it watches): current
 * runtime on arm64, bounded timeout and memory, capped concurrency, logs kept for a limited time, active tracing,
 * an `owner` tag, and failed asynchronous invocations kept on a queue. A function may tighten these; it starts from them.
 */
$transform(sst.aws.Function, (args: FunctionArgs) => {
  args.runtime ??= "nodejs24.x";
  args.architecture ??= "arm64";
  args.timeout ??= "30 seconds";
  args.memory ??= "512 MB";
  args.concurrency ??= { reserved: 5 };
  args.logging ??= { retention: "3 months", format: "json" };
  args.retries ??= 2;
  // vigil.config.ts travels in the bundle; no function sets its own esbuild options to merge with.
  if (args.nodejs !== undefined)
    throw new Error("Vigil's functions take their esbuild options from stacks/functions.ts");
  args.nodejs = { esbuild: { define: CONFIG_IN_BUNDLE } };
  // `owner` places every function in the inventory (Vigil's required-tags rule).
  args.tags = $resolve([args.tags ?? {}]).apply(([tags]) => ({ owner: $app.name, ...tags }));
  args.permissions = $resolve([args.permissions ?? [], failedInvocations.arn]).apply(([permissions, arn]) => [
    ...permissions,
    { actions: ["sqs:SendMessage"], resources: [arn] },
    // X-Ray has no resource-level permissions: these two actions only ever apply to "*".
    { actions: X_RAY_WRITE_ACTIONS, resources: ["*"] },
  ]);
  args.transform = {
    ...args.transform,
    function: then<aws.lambda.FunctionArgs>(args.transform?.function, (fn) => {
      fn.tracingConfig = { mode: "Active" };
    }),
    eventInvokeConfig: then<aws.lambda.FunctionEventInvokeConfigArgs>(args.transform?.eventInvokeConfig, (config) => {
      config.destinationConfig = { onFailure: { destination: failedInvocations.arn } };
    }),
    // SST 4.17.1 gives every role the `sst dev` trust policy (lambda.amazonaws.com and the account root) outside
    // dev too: only Lambda may assume a deployed function's role.
    role: then<aws.iam.RoleArgs>(args.transform?.role, (role) => {
      if (!$dev) role.assumeRolePolicy = aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" });
    }),
  };
});
