import {
  type CodeSigningConfig,
  type EventSourceMappingConfiguration,
  type EventSourcePosition,
  type FunctionConfiguration,
  type GetCodeSigningConfigCommandInput,
  type GetCodeSigningConfigCommandOutput,
  type GetEventSourceMappingCommandInput,
  type GetEventSourceMappingCommandOutput,
  type GetFunctionCodeSigningConfigCommandInput,
  type GetFunctionCodeSigningConfigCommandOutput,
  type GetFunctionCommandInput,
  type GetFunctionCommandOutput,
  type GetFunctionConcurrencyCommandInput,
  type GetFunctionConcurrencyCommandOutput,
  type GetFunctionEventInvokeConfigCommandInput,
  type GetFunctionEventInvokeConfigCommandOutput,
  type GetFunctionRecursionConfigCommandInput,
  type GetFunctionRecursionConfigCommandOutput,
  type GetFunctionUrlConfigCommandInput,
  type GetFunctionUrlConfigCommandOutput,
  type GetPolicyCommandInput,
  type GetPolicyCommandOutput,
  type ListCodeSigningConfigsCommandInput,
  type ListCodeSigningConfigsCommandOutput,
  type ListEventSourceMappingsCommandInput,
  type ListEventSourceMappingsCommandOutput,
  type ListFunctionsByCodeSigningConfigCommandInput,
  type ListFunctionsByCodeSigningConfigCommandOutput,
  type ListFunctionsCommandInput,
  type ListFunctionsCommandOutput,
  type ListTagsCommandInput,
  type ListTagsCommandOutput,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { InconsistentStateError } from "./errors.ts";
import {
  CREATED,
  failure,
  type KnownOfKind,
  lastSegment,
  page,
  pageSize,
  policyJson,
  type Reply,
  type ServedAccount,
  type ServiceAnswers,
  stableId,
  tagMap,
} from "./served.ts";

type KnownFunction = KnownOfKind<"lambda.function">;

const URL_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
type KnownMapping = KnownOfKind<"lambda.event-source-mapping">;

/** Lambda's answer for a function, mapping or configuration that does not exist. */
function notFound(what: string): ResourceNotFoundException {
  return new ResourceNotFoundException({ ...failure(404, `The resource you requested does not exist: ${what}`) });
}

/**
 * The function `FunctionName` names in the asking region: a name, an ARN or a partial ARN (`account:function:name`),
 * with `$LATEST` as the only qualifier (the model holds no published versions or aliases).
 */
function functionNamed(account: ServedAccount, functionName: string | undefined): KnownFunction {
  const match = /^(?:arn:[^:]+:lambda:([^:]+):)?(?:(\d{12}):function:)?([^:]+)(?::([^:]+))?$/.exec(functionName ?? "");
  const [, region, owner, name, qualifier] = match ?? [];
  const found = account
    .regional("lambda.function")
    .find(
      (fn) =>
        fn.name === name &&
        (region === undefined || region === account.region) &&
        (owner === undefined || owner === account.account) &&
        (qualifier === undefined || qualifier === "$LATEST"),
    );
  if (!found) throw notFound(`Function not found: ${functionName}`);
  return found;
}

function configurationOf(fn: KnownFunction): FunctionConfiguration {
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    PackageType: fn.packageType,
    ...(fn.runtime !== undefined && { Runtime: fn.runtime as FunctionConfiguration["Runtime"] }),
    Architectures: [...fn.architectures],
    ...(fn.handler !== undefined && { Handler: fn.handler }),
    Role: fn.role,
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memoryMb,
    ...(fn.environment.length > 0 && {
      Environment: { Variables: Object.fromEntries(fn.environment.map((v) => [v.name, v.value])) },
    }),
    ...(fn.layers.length > 0 && { Layers: fn.layers.map((Arn) => ({ Arn })) }),
    ...(fn.deadLetterTarget !== undefined && { DeadLetterConfig: { TargetArn: fn.deadLetterTarget } }),
    TracingConfig: { Mode: fn.tracing },
    // Lambda reports a function outside any VPC with empty lists.
    VpcConfig: fn.vpc
      ? { SubnetIds: [...fn.vpc.subnetIds], SecurityGroupIds: [...fn.vpc.securityGroupIds], VpcId: vpcOf(fn) }
      : { SubnetIds: [], SecurityGroupIds: [], VpcId: "" },
    LastModified: fn.lastModified,
    Description: fn.description ?? "",
    Version: "$LATEST",
    State: "Active",
    LastUpdateStatus: "Successful",
  };
}

function vpcOf(fn: KnownFunction): string {
  return `vpc-${stableId([fn.vpc?.subnetIds[0] ?? fn.arn], 17)}`;
}

function mappingOf(m: KnownMapping): EventSourceMappingConfiguration {
  return {
    UUID: lastSegment(m.arn, ":"),
    EventSourceMappingArn: m.arn,
    FunctionArn: m.functionArn,
    ...(m.eventSourceArn !== undefined && { EventSourceArn: m.eventSourceArn }),
    State: m.enabled ? "Enabled" : "Disabled",
    StateTransitionReason: "USER_INITIATED",
    LastModified: CREATED,
    ...(m.batchSize !== undefined && { BatchSize: m.batchSize }),
    ...(m.startingPosition !== undefined && { StartingPosition: m.startingPosition as EventSourcePosition }),
    ...(m.maximumRetryAttempts !== undefined && { MaximumRetryAttempts: m.maximumRetryAttempts }),
    ...(m.bisectBatchOnFunctionError !== undefined && { BisectBatchOnFunctionError: m.bisectBatchOnFunctionError }),
    ...(m.onFailure !== undefined && { DestinationConfig: { OnFailure: { Destination: m.onFailure } } }),
    ...(m.maximumConcurrency !== undefined && { ScalingConfig: { MaximumConcurrency: m.maximumConcurrency } }),
  };
}

/** The region's code-signing configurations, from the functions that use them. */
function signingConfigs(account: ServedAccount): Map<string, { config: CodeSigningConfig; functionArns: string[] }> {
  const configs = new Map<string, { config: CodeSigningConfig; functionArns: string[] }>();
  for (const fn of account.regional("lambda.function")) {
    if (!fn.codeSigning) continue;
    const { configArn, untrustedArtifactOnDeployment } = fn.codeSigning;
    const known = configs.get(configArn);
    const policy = known?.config.CodeSigningPolicies?.UntrustedArtifactOnDeployment;
    if (known && policy !== untrustedArtifactOnDeployment) {
      throw new InconsistentStateError(
        `functions using ${configArn} disagree on its policy (${policy}, ${untrustedArtifactOnDeployment})`,
      );
    }
    if (known) {
      known.functionArns.push(fn.arn);
      continue;
    }
    configs.set(configArn, {
      config: {
        CodeSigningConfigId: lastSegment(configArn, ":"),
        CodeSigningConfigArn: configArn,
        Description: "",
        // The model does not hold the signing profiles a configuration trusts.
        AllowedPublishers: { SigningProfileVersionArns: [] },
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: untrustedArtifactOnDeployment },
        LastModified: CREATED.toISOString(),
      },
      functionArns: [fn.arn],
    });
  }
  return configs;
}

function signingConfigNamed(account: ServedAccount, arn: string | undefined) {
  const found = signingConfigs(account).get(arn ?? "");
  if (!found) throw notFound(`CodeSigningConfig not found: ${arn}`);
  return found;
}

export const lambdaAnswers: ServiceAnswers = {
  ListFunctions: (input: ListFunctionsCommandInput, account): Reply<ListFunctionsCommandOutput> => {
    const listed = page(account.regional("lambda.function"), input.Marker, pageSize(input.MaxItems, 50, 50));
    return { Functions: listed.items.map(configurationOf), ...(listed.next && { NextMarker: listed.next }) };
  },
  GetFunction: (input: GetFunctionCommandInput, account): Reply<GetFunctionCommandOutput> => {
    const fn = functionNamed(account, input.FunctionName);
    const tags = tagMap(fn.tags);
    return {
      Configuration: configurationOf(fn),
      ...(tags && { Tags: tags }),
      ...(fn.reservedConcurrency !== undefined && {
        Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency },
      }),
    };
  },
  GetPolicy: (input: GetPolicyCommandInput, account): Reply<GetPolicyCommandOutput> => {
    const fn = functionNamed(account, input.FunctionName);
    if (fn.policy.statements.length === 0) throw notFound(`no policy on ${fn.arn}`);
    return { Policy: policyJson(fn.policy), RevisionId: stableId([fn.arn, policyJson(fn.policy)], 32) };
  },
  GetFunctionUrlConfig: (
    input: GetFunctionUrlConfigCommandInput,
    account,
  ): Reply<GetFunctionUrlConfigCommandOutput> => {
    const fn = functionNamed(account, input.FunctionName);
    if (!fn.url) throw notFound(`no function URL on ${fn.arn}`);
    const { cors } = fn.url;
    return {
      FunctionUrl: `https://${stableId([fn.arn], 32, URL_ID_ALPHABET)}.lambda-url.${account.region}.on.aws/`,
      FunctionArn: fn.arn,
      AuthType: fn.url.authType,
      InvokeMode: fn.url.invokeMode,
      ...(cors && {
        Cors: {
          AllowOrigins: [...cors.allowOrigins],
          AllowMethods: [...cors.allowMethods],
          AllowCredentials: cors.allowCredentials,
        },
      }),
      CreationTime: CREATED.toISOString(),
      LastModifiedTime: CREATED.toISOString(),
    };
  },
  GetFunctionConcurrency: (
    input: GetFunctionConcurrencyCommandInput,
    account,
  ): Reply<GetFunctionConcurrencyCommandOutput> => {
    const fn = functionNamed(account, input.FunctionName);
    return fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
  },
  GetFunctionRecursionConfig: (
    input: GetFunctionRecursionConfigCommandInput,
    account,
  ): Reply<GetFunctionRecursionConfigCommandOutput> => ({
    RecursiveLoop: functionNamed(account, input.FunctionName).recursiveLoop,
  }),
  GetFunctionEventInvokeConfig: (
    input: GetFunctionEventInvokeConfigCommandInput,
    account,
  ): Reply<GetFunctionEventInvokeConfigCommandOutput> => {
    const fn = functionNamed(account, input.FunctionName);
    const config = fn.asyncInvoke;
    if (!config) throw notFound(`The function ${fn.arn} doesn't have an EventInvokeConfig`);
    return {
      FunctionArn: `${fn.arn}:$LATEST`,
      MaximumRetryAttempts: config.maximumRetryAttempts,
      MaximumEventAgeInSeconds: config.maximumEventAgeSeconds,
      LastModified: CREATED,
      // AWS answers an empty destination as an empty object.
      DestinationConfig: {
        OnSuccess: config.onSuccess === undefined ? {} : { Destination: config.onSuccess },
        OnFailure: config.onFailure === undefined ? {} : { Destination: config.onFailure },
      },
    };
  },
  ListEventSourceMappings: (
    input: ListEventSourceMappingsCommandInput,
    account,
  ): Reply<ListEventSourceMappingsCommandOutput> => {
    const fnArn = input.FunctionName === undefined ? undefined : functionNamed(account, input.FunctionName).arn;
    const mappings = account
      .regional("lambda.event-source-mapping")
      .filter((m) => fnArn === undefined || m.functionArn === fnArn)
      .filter((m) => input.EventSourceArn === undefined || m.eventSourceArn === input.EventSourceArn);
    const listed = page(mappings, input.Marker, pageSize(input.MaxItems, 100, 100));
    return { EventSourceMappings: listed.items.map(mappingOf), ...(listed.next && { NextMarker: listed.next }) };
  },
  GetEventSourceMapping: (
    input: GetEventSourceMappingCommandInput,
    account,
  ): Reply<GetEventSourceMappingCommandOutput> => {
    const found = account.regional("lambda.event-source-mapping").find((m) => lastSegment(m.arn, ":") === input.UUID);
    if (!found) throw notFound(`Event source mapping not found: ${input.UUID}`);
    return mappingOf(found);
  },
  ListCodeSigningConfigs: (
    input: ListCodeSigningConfigsCommandInput,
    account,
  ): Reply<ListCodeSigningConfigsCommandOutput> => {
    const configs = [...signingConfigs(account).values()].map((c) => c.config);
    const listed = page(configs, input.Marker, pageSize(input.MaxItems, 50, 50));
    return { CodeSigningConfigs: listed.items, ...(listed.next && { NextMarker: listed.next }) };
  },
  ListFunctionsByCodeSigningConfig: (
    input: ListFunctionsByCodeSigningConfigCommandInput,
    account,
  ): Reply<ListFunctionsByCodeSigningConfigCommandOutput> => {
    const { functionArns } = signingConfigNamed(account, input.CodeSigningConfigArn);
    const listed = page(functionArns, input.Marker, pageSize(input.MaxItems, 50, 50));
    return { FunctionArns: listed.items, ...(listed.next && { NextMarker: listed.next }) };
  },
  GetFunctionCodeSigningConfig: (
    input: GetFunctionCodeSigningConfigCommandInput,
    account,
  ): Reply<GetFunctionCodeSigningConfigCommandOutput> => {
    const fn = functionNamed(account, input.FunctionName);
    return { FunctionName: fn.name, CodeSigningConfigArn: fn.codeSigning?.configArn };
  },
  GetCodeSigningConfig: (
    input: GetCodeSigningConfigCommandInput,
    account,
  ): Reply<GetCodeSigningConfigCommandOutput> => ({
    CodeSigningConfig: signingConfigNamed(account, input.CodeSigningConfigArn).config,
  }),
  // Functions and event-source mappings are tagged alike; a code-signing configuration holds no tags in the model.
  ListTags: (input: ListTagsCommandInput, account): Reply<ListTagsCommandOutput> => {
    const tagged = [...account.regional("lambda.function"), ...account.regional("lambda.event-source-mapping")].find(
      (r) => r.arn === input.Resource,
    );
    if (!tagged) throw notFound(`${input.Resource}`);
    return { Tags: { ...tagged.tags } };
  },
};
