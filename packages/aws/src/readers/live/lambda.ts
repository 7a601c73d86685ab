import {
  type EventSourceMappingConfiguration,
  type FunctionConfiguration,
  GetCodeSigningConfigCommand,
  GetEventSourceMappingCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  type GetFunctionCommandOutput,
  GetFunctionConcurrencyCommand,
  GetFunctionEventInvokeConfigCommand,
  GetFunctionRecursionConfigCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  ListCodeSigningConfigsCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsByCodeSigningConfigCommand,
  ListFunctionsCommand,
} from "@aws-sdk/client-lambda";
import {
  type Architecture,
  type AsyncInvokeConfig,
  type EventSourceMapping,
  type FunctionUrl,
  LAMBDA_DEFAULTS,
  type LambdaFunction,
  type Resource,
  type ResourceKind,
  type Unknown,
  unknown,
  unqualifiedFunctionArn,
  type Value,
} from "@vigil/core";
import type { ReadErrorKind, ReadSession } from "./session.ts";
import { type LiveReader, liveOrigin, readPages, readPolicy, tagsNotRead, variables } from "./shared.ts";

const NOT_FOUND = ["ResourceNotFoundException"];

/** Not called: GetFunction returns a function's tags only to a caller that also holds this permission. */
export const LIST_TAGS = "lambda:ListTags";

type CodeSigning = LambdaFunction["codeSigning"];

/** The code signing of one function, by unqualified ARN. */
type CodeSigningOf = (functionArn: string) => Promise<CodeSigning>;

/** ListCodeSigningConfigs failures that a call per function gets past: the list alone is denied or missing. */
const LIST_UNAVAILABLE: ReadonlySet<ReadErrorKind> = new Set(["access-denied", "unavailable", "unsupported"]);

/**
 * Code signing by function, from the account's signing configurations: two list calls per configuration instead
 * of one call per function. Where the configurations cannot be listed (denied, or not implemented by the endpoint),
 * {@link codeSigningPerFunction} instead; unknown for every function when the list failed otherwise (throttled,
 * unreachable), where more calls would not help.
 */
async function codeSigningByFunction(session: ReadSession): Promise<CodeSigningOf> {
  const configs = await readPages(
    session,
    "lambda",
    (Marker) => new ListCodeSigningConfigsCommand({ Marker }),
    (o) => ({ items: o.CodeSigningConfigs, next: o.NextMarker }),
  );
  if (configs.failed) {
    if (configs.failure && LIST_UNAVAILABLE.has(configs.failure)) return codeSigningPerFunction(session);
    const notListed = unknown(configs.failed);
    return async () => notListed;
  }
  const byFunction = new Map<string, CodeSigning>();
  // A function missing from a list that failed may be signed by that configuration.
  let unlisted: Unknown | undefined;
  for (const config of configs.items) {
    const configArn = config.CodeSigningConfigArn;
    if (!configArn) continue;
    const functions = await readPages(
      session,
      "lambda",
      (Marker) => new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: configArn, Marker }),
      (o) => ({ items: o.FunctionArns, next: o.NextMarker }),
    );
    const signing: CodeSigning = functions.failed
      ? unknown(functions.failed)
      : {
          configArn,
          untrustedArtifactOnDeployment: config.CodeSigningPolicies?.UntrustedArtifactOnDeployment ?? "Warn",
        };
    for (const arn of functions.items) byFunction.set(unqualifiedFunctionArn(arn), signing);
    if (functions.failed) unlisted ??= unknown(functions.failed);
  }
  return async (functionArn) => byFunction.get(functionArn) ?? unlisted;
}

/**
 * Code signing one function at a time: GetFunctionCodeSigningConfig per function, and GetCodeSigningConfig once
 * per distinct configuration (functions of one app share theirs). A targeted read of a function reads it so too.
 */
function codeSigningPerFunction(session: ReadSession): CodeSigningOf {
  const configs = new Map<string, Promise<CodeSigning>>();
  const readConfig = async (configArn: string): Promise<CodeSigning> => {
    const config = await session.call("lambda", new GetCodeSigningConfigCommand({ CodeSigningConfigArn: configArn }), {
      resource: configArn,
    });
    if (config.status === "ok") {
      const policies = config.output.CodeSigningConfig?.CodeSigningPolicies;
      return { configArn, untrustedArtifactOnDeployment: policies?.UntrustedArtifactOnDeployment ?? "Warn" };
    }
    return { configArn, untrustedArtifactOnDeployment: unknown(config.status === "failed" ? config.reason : "gone") };
  };
  return async (functionArn) => {
    const signing = await session.call(
      "lambda",
      new GetFunctionCodeSigningConfigCommand({ FunctionName: functionArn }),
      { resource: functionArn },
    );
    if (signing.status === "failed") return unknown(signing.reason);
    const configArn = signing.status === "ok" ? signing.output.CodeSigningConfigArn : undefined;
    if (!configArn) return undefined;
    let config = configs.get(configArn);
    if (!config) {
      config = readConfig(configArn);
      configs.set(configArn, config);
    }
    return config;
  };
}

/** The per-function settings no list call returns. */
async function perFunctionSettings(session: ReadSession, arn: string, knownConcurrency?: { value?: number }) {
  const resource = { resource: arn };
  const optional = { resource: arn, absentWhen: NOT_FOUND };
  const [policy, url, concurrency, recursion, invokeConfig] = await Promise.all([
    session.call("lambda", new GetPolicyCommand({ FunctionName: arn }), optional),
    session.call("lambda", new GetFunctionUrlConfigCommand({ FunctionName: arn }), optional),
    knownConcurrency
      ? ({ status: "ok", output: { ReservedConcurrentExecutions: knownConcurrency.value } } as const)
      : session.call("lambda", new GetFunctionConcurrencyCommand({ FunctionName: arn }), resource),
    session.call("lambda", new GetFunctionRecursionConfigCommand({ FunctionName: arn }), resource),
    session.call("lambda", new GetFunctionEventInvokeConfigCommand({ FunctionName: arn }), optional),
  ]);

  let functionUrl: FunctionUrl | Unknown | undefined;
  if (url.status === "ok") {
    const cors = url.output.Cors;
    functionUrl = {
      authType: url.output.AuthType ?? unknown("GetFunctionUrlConfig returned no AuthType"),
      // Upper-cased as AWS spells it (moto answers `Buffered`).
      invokeMode: (url.output.InvokeMode?.toUpperCase() as FunctionUrl["invokeMode"]) ?? "BUFFERED",
      ...(cors && {
        cors: {
          allowOrigins: cors.AllowOrigins ?? [],
          allowMethods: cors.AllowMethods ?? [],
          allowCredentials: cors.AllowCredentials ?? false,
        },
      }),
    };
  } else if (url.status === "failed") {
    functionUrl = unknown(url.reason);
  }

  let asyncInvoke: AsyncInvokeConfig | undefined;
  if (invokeConfig.status === "ok") {
    const o = invokeConfig.output;
    const onSuccess = o.DestinationConfig?.OnSuccess?.Destination;
    const onFailure = o.DestinationConfig?.OnFailure?.Destination;
    asyncInvoke = {
      maximumRetryAttempts: o.MaximumRetryAttempts ?? LAMBDA_DEFAULTS.asyncMaximumRetryAttempts,
      maximumEventAgeSeconds: o.MaximumEventAgeInSeconds ?? LAMBDA_DEFAULTS.asyncMaximumEventAgeSeconds,
      ...(onSuccess && { onSuccess }),
      ...(onFailure && { onFailure }),
    };
  } else if (invokeConfig.status === "failed") {
    const why = unknown(invokeConfig.reason);
    asyncInvoke = { maximumRetryAttempts: why, maximumEventAgeSeconds: why, onSuccess: why, onFailure: why };
  }

  let reservedConcurrency: Value<number> | undefined;
  if (concurrency.status === "ok") reservedConcurrency = concurrency.output.ReservedConcurrentExecutions;
  else if (concurrency.status === "failed") reservedConcurrency = unknown(concurrency.reason);

  return {
    policy:
      policy.status === "ok"
        ? readPolicy(session, "lambda", "lambda:GetPolicy", policy.output.Policy, arn)
        : policy.status === "absent"
          ? { statements: [] }
          : unknown(policy.reason),
    url: functionUrl,
    asyncInvoke,
    reservedConcurrency,
    recursiveLoop:
      recursion.status === "ok"
        ? (recursion.output.RecursiveLoop ?? LAMBDA_DEFAULTS.recursiveLoop)
        : unknown(recursion.status === "failed" ? recursion.reason : "no recursion configuration"),
  };
}

function toFunction(
  session: ReadSession,
  config: FunctionConfiguration,
  settings: Awaited<ReturnType<typeof perFunctionSettings>>,
  codeSigning: CodeSigning | Unknown,
): LambdaFunction {
  const arn = unqualifiedFunctionArn(config.FunctionArn ?? "");
  const vpc = config.VpcConfig;
  const packageType = config.PackageType ?? "Zip";
  return {
    kind: "lambda.function",
    id: arn,
    arn,
    name: config.FunctionName ?? unknown("no FunctionName"),
    origin: liveOrigin(session.scope),
    // ListFunctions carries none: the sweep takes them from the Tagging API, a targeted read from GetFunction.
    tags: {},
    packageType,
    ...(packageType === "Zip" && { runtime: config.Runtime ?? unknown("no Runtime") }),
    architectures: (config.Architectures ?? LAMBDA_DEFAULTS.architectures) as readonly Architecture[],
    ...(config.Handler !== undefined && { handler: config.Handler }),
    role: config.Role ?? unknown("no Role"),
    timeoutSeconds: config.Timeout ?? LAMBDA_DEFAULTS.timeoutSeconds,
    memoryMb: config.MemorySize ?? LAMBDA_DEFAULTS.memoryMb,
    environment: config.Environment?.Error
      ? unknown(`environment: ${config.Environment.Error.ErrorCode ?? "error"}`)
      : variables(config.Environment?.Variables),
    layers: (config.Layers ?? []).map((layer) => layer.Arn ?? unknown("layer without Arn")),
    ...(config.DeadLetterConfig?.TargetArn && { deadLetterTarget: config.DeadLetterConfig.TargetArn }),
    ...(settings.asyncInvoke && { asyncInvoke: settings.asyncInvoke }),
    ...(settings.reservedConcurrency !== undefined && { reservedConcurrency: settings.reservedConcurrency }),
    recursiveLoop: settings.recursiveLoop,
    ...(settings.url && { url: settings.url }),
    policy: settings.policy,
    tracing: config.TracingConfig?.Mode ?? LAMBDA_DEFAULTS.tracing,
    // Lambda reports a non-VPC function with empty lists.
    ...(vpc?.SubnetIds?.length && {
      vpc: { subnetIds: vpc.SubnetIds, securityGroupIds: vpc.SecurityGroupIds ?? [] },
    }),
    lastModified: config.LastModified ?? unknown("no LastModified"),
    description: config.Description ?? "",
    ...(codeSigning !== undefined && { codeSigning }),
  };
}

function toMapping(session: ReadSession, m: EventSourceMappingConfiguration): EventSourceMapping {
  const { account, partition, region } = session.scope;
  const arn =
    m.EventSourceMappingArn ?? `arn:${partition}:lambda:${region}:${account}:event-source-mapping:${m.UUID ?? ""}`;
  const onFailure = m.DestinationConfig?.OnFailure?.Destination;
  return {
    kind: "lambda.event-source-mapping",
    id: arn,
    arn,
    name: m.UUID ?? unknown("no UUID"),
    origin: liveOrigin(session.scope),
    tags: tagsNotRead("lambda.event-source-mapping"),
    functionArn: m.FunctionArn ? unqualifiedFunctionArn(m.FunctionArn) : unknown("no FunctionArn"),
    ...(m.EventSourceArn && { eventSourceArn: m.EventSourceArn }),
    enabled: m.State ? !["Disabled", "Disabling"].includes(m.State) : unknown("no State"),
    ...(m.BatchSize !== undefined && { batchSize: m.BatchSize }),
    ...(m.StartingPosition && { startingPosition: m.StartingPosition }),
    ...(m.MaximumRetryAttempts !== undefined && { maximumRetryAttempts: m.MaximumRetryAttempts }),
    ...(m.BisectBatchOnFunctionError !== undefined && { bisectBatchOnFunctionError: m.BisectBatchOnFunctionError }),
    ...(onFailure && { onFailure }),
    ...(m.ScalingConfig?.MaximumConcurrency !== undefined && {
      maximumConcurrency: m.ScalingConfig.MaximumConcurrency,
    }),
  };
}

/** The mappings of the account, of one function (`FunctionName`) or from one source (`EventSourceArn`). */
async function readMappings(
  session: ReadSession,
  filter: { readonly FunctionName?: string; readonly EventSourceArn?: string } = {},
): Promise<EventSourceMapping[]> {
  const progress = session.progress("lambda.event-source-mapping", "lambda");
  const pages = await readPages(
    session,
    "lambda",
    (Marker) => new ListEventSourceMappingsCommand({ Marker, ...filter, MaxItems: 100 }),
    (o) => ({ items: o.EventSourceMappings, next: o.NextMarker }),
  );
  const mappings = pages.items.map((m) => toMapping(session, m));
  // The account's list, not a filtered one (a targeted read's), is what a sweep's coverage counts.
  if (pages.failed && !filter.FunctionName && !filter.EventSourceArn) {
    session.incomplete("lambda.event-source-mapping", pages.failed);
  }
  progress.finish(mappings.length);
  return mappings;
}

async function sweep(session: ReadSession): Promise<Resource[]> {
  // Functions and mappings are read at once by one service: each kind's progress counts its own calls' errors.
  const functionSession = session.reading("lambda.function");
  const progress = functionSession.progress("lambda.function", "lambda");
  const [listed, codeSigningOf, mappings] = await Promise.all([
    readPages(
      functionSession,
      "lambda",
      (Marker) => new ListFunctionsCommand({ Marker, MaxItems: 50 }),
      (o) => ({ items: o.Functions, next: o.NextMarker }),
    ),
    codeSigningByFunction(functionSession),
    readMappings(session.reading("lambda.event-source-mapping")),
  ]);
  if (listed.failed) functionSession.incomplete("lambda.function", listed.failed);
  progress.total(listed.items.length);
  const functions = await Promise.all(
    listed.items.map(async (config) => {
      const arn = unqualifiedFunctionArn(config.FunctionArn ?? "");
      const [settings, signing] = await Promise.all([perFunctionSettings(functionSession, arn), codeSigningOf(arn)]);
      progress.tick();
      return toFunction(functionSession, config, settings, signing);
    }),
  );
  progress.finish(functions.length);
  return [...functions, ...mappings];
}

/**
 * The tags GetFunction returns, which ListFunctions lacks. Lambda withholds them without `lambda:ListTags` and
 * says so in TagsError: then they are unknown, and the error is recorded under the permission that was missing.
 */
function tagsOfGetFunction(session: ReadSession, output: GetFunctionCommandOutput): LambdaFunction["tags"] {
  if (output.Tags) return output.Tags;
  if (!output.TagsError) return {};
  const arn = unqualifiedFunctionArn(output.Configuration?.FunctionArn ?? "");
  const { ErrorCode, Message } = output.TagsError;
  return unknown(session.failedWithin("lambda", LIST_TAGS, { name: ErrorCode, message: Message ?? ErrorCode }, arn));
}

/** A function and its event-source mappings (its role is read by the IAM reader). */
async function readOne(session: ReadSession, kind: ResourceKind, arn: string): Promise<Resource[]> {
  if (kind === "lambda.event-source-mapping") {
    const uuid = arn.slice(arn.lastIndexOf(":") + 1);
    const got = await session.call("lambda", new GetEventSourceMappingCommand({ UUID: uuid }), {
      resource: arn,
      absentWhen: NOT_FOUND,
    });
    return got.status === "ok" ? [toMapping(session, got.output)] : [];
  }
  const name = unqualifiedFunctionArn(arn);
  const got = await session.call("lambda", new GetFunctionCommand({ FunctionName: name }), {
    resource: name,
    absentWhen: NOT_FOUND,
  });
  if (got.status !== "ok" || !got.output.Configuration) return [];
  const [settings, codeSigning, mappings] = await Promise.all([
    perFunctionSettings(session, name, { value: got.output.Concurrency?.ReservedConcurrentExecutions }),
    codeSigningPerFunction(session)(name),
    // By name: AWS takes a name or an ARN here, moto only a name.
    readMappings(session, { FunctionName: got.output.Configuration.FunctionName ?? name }),
  ]);
  const fn = toFunction(session, got.output.Configuration, settings, codeSigning);
  return [{ ...fn, tags: tagsOfGetFunction(session, got.output) }, ...mappings];
}

/**
 * ARNs of the functions whose execution role is one of `roleArns`: Lambda cannot filter by role, so this pages the
 * list once for all of them. `failed` says why the list is incomplete.
 */
export async function functionsUsingRoles(
  session: ReadSession,
  roleArns: readonly string[],
): Promise<{ readonly arns: string[]; readonly failed?: string }> {
  const roles = new Set(roleArns);
  const listed = await readPages(
    session,
    "lambda",
    (Marker) => new ListFunctionsCommand({ Marker, MaxItems: 50 }),
    (o) => ({ items: o.Functions, next: o.NextMarker }),
  );
  const arns = listed.items
    .filter((f) => f.Role !== undefined && roles.has(f.Role))
    .map((f) => unqualifiedFunctionArn(f.FunctionArn ?? ""));
  return listed.failed ? { arns, failed: listed.failed } : { arns };
}

/**
 * A function's configuration alone (one GetFunction), for reads that need it only as another resource's context
 * (a role's users, a queue's consumers): the settings of per-function calls are unknown, never defaults.
 */
export async function readFunctionConfiguration(session: ReadSession, arn: string): Promise<LambdaFunction[]> {
  const name = unqualifiedFunctionArn(arn);
  const got = await session.call("lambda", new GetFunctionCommand({ FunctionName: name }), {
    resource: name,
    absentWhen: NOT_FOUND,
  });
  if (got.status !== "ok" || !got.output.Configuration) return [];
  const notRead = unknown("read as context only");
  const settings = {
    policy: notRead,
    url: notRead,
    asyncInvoke: {
      maximumRetryAttempts: notRead,
      maximumEventAgeSeconds: notRead,
      onSuccess: notRead,
      onFailure: notRead,
    },
    reservedConcurrency: got.output.Concurrency?.ReservedConcurrentExecutions,
    recursiveLoop: notRead,
  };
  const fn = toFunction(session, got.output.Configuration, settings, notRead);
  return [{ ...fn, tags: tagsOfGetFunction(session, got.output) }];
}

/** The event-source mappings that poll `sourceArn` (a queue or stream): who consumes it. */
export function mappingsFrom(session: ReadSession, sourceArn: string): Promise<EventSourceMapping[]> {
  return readMappings(session, { EventSourceArn: sourceArn });
}

export const lambdaReader: LiveReader = {
  service: "lambda",
  kinds: ["lambda.function", "lambda.event-source-mapping"],
  permissions: [
    "lambda:ListFunctions",
    "lambda:ListEventSourceMappings",
    "lambda:ListCodeSigningConfigs",
    "lambda:ListFunctionsByCodeSigningConfig",
    "lambda:GetPolicy",
    "lambda:GetFunctionUrlConfig",
    "lambda:GetFunctionConcurrency",
    "lambda:GetFunctionRecursionConfig",
    "lambda:GetFunctionEventInvokeConfig",
    "lambda:GetFunction",
    "lambda:GetEventSourceMapping",
    "lambda:GetFunctionCodeSigningConfig",
    "lambda:GetCodeSigningConfig",
    LIST_TAGS,
  ],
  sweep,
  readOne,
};
