/** Lambda functions with what merges into them (URL, permissions, async and recursion settings), and their mappings. */
import {
  EMPTY_POLICY,
  type EventSourceMapping,
  type FunctionUrl,
  LAMBDA_DEFAULTS,
  type LambdaFunction,
  type PolicyDocumentValue,
  parsePolicyDocument,
  unknown,
  unqualifiedFunctionArn,
} from "@vigil/core";
import { bool, dict, num, type PulumiResourceState, type PulumiState, str, strings } from "./shared.ts";

/** Whether a `function` / `functionName` input (a name, an ARN or a qualified ARN) names this function. */
function namesFunction(fn: PulumiResourceState) {
  const arn = String(fn.outputs.arn);
  const name = String(fn.outputs.name);
  return (input: unknown) =>
    typeof input === "string" && (input === name || input === arn || unqualifiedFunctionArn(input) === arn);
}

export function lambdaFunctions(state: PulumiState): LambdaFunction[] {
  return state.ofType("aws:lambda/function:Function").map((s) => {
    const arn = String(s.outputs.arn);
    const forThis = namesFunction(s);
    const of = (type: string, key: string) => state.ofType(type).filter((r) => forThis(r.inputs[key]));
    const [invokeConfig] = of("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "functionName");
    const [url] = of("aws:lambda/functionUrl:FunctionUrl", "functionName");
    const [recursion] = of("aws:lambda/functionRecursionConfig:FunctionRecursionConfig", "functionName");
    const destinations = dict(invokeConfig?.inputs.destinationConfig);
    const reserved = num(s.inputs.reservedConcurrentExecutions);
    const vpc = dict(s.inputs.vpcConfig);
    const description = s.outputs.description ?? s.inputs.description;
    return {
      kind: "lambda.function",
      ...state.base(s),
      packageType: s.inputs.packageType === "Image" ? "Image" : "Zip",
      ...(s.inputs.packageType !== "Image" && { runtime: str(s.inputs.runtime) ?? unknown("no runtime registered") }),
      architectures: (s.inputs.architectures as LambdaFunction["architectures"]) ?? LAMBDA_DEFAULTS.architectures,
      ...(s.inputs.packageType !== "Image" && { handler: str(s.inputs.handler) ?? unknown("no handler registered") }),
      role: String(s.inputs.role),
      timeoutSeconds: num(s.inputs.timeout) ?? LAMBDA_DEFAULTS.timeoutSeconds,
      memoryMb: num(s.inputs.memorySize) ?? LAMBDA_DEFAULTS.memoryMb,
      environment: Object.entries(dict(dict(s.inputs.environment).variables)).map(([key, value]) => ({
        name: key,
        value: String(value),
      })),
      layers: strings(s.inputs.layers),
      ...(str(dict(s.inputs.deadLetterConfig).targetArn) && {
        deadLetterTarget: String(dict(s.inputs.deadLetterConfig).targetArn),
      }),
      ...(invokeConfig && {
        asyncInvoke: {
          maximumRetryAttempts:
            num(invokeConfig.inputs.maximumRetryAttempts) ?? LAMBDA_DEFAULTS.asyncMaximumRetryAttempts,
          maximumEventAgeSeconds:
            num(invokeConfig.inputs.maximumEventAgeInSeconds) ?? LAMBDA_DEFAULTS.asyncMaximumEventAgeSeconds,
          ...(str(dict(destinations.onSuccess).destination) && {
            onSuccess: String(dict(destinations.onSuccess).destination),
          }),
          ...(str(dict(destinations.onFailure).destination) && {
            onFailure: String(dict(destinations.onFailure).destination),
          }),
        },
      }),
      // -1 is the provider's "no reservation".
      ...(reserved !== undefined && reserved >= 0 && { reservedConcurrency: reserved }),
      recursiveLoop: recursion?.inputs.recursiveLoop === "Allow" ? "Allow" : LAMBDA_DEFAULTS.recursiveLoop,
      // State lists every resource the stack owns: no FunctionUrl resource, no URL.
      ...(url && { url: functionUrl(url) }),
      policy: functionPolicy(arn, of("aws:lambda/permission:Permission", "function")),
      tracing: (str(dict(s.inputs.tracingConfig).mode) as "Active" | "PassThrough") ?? LAMBDA_DEFAULTS.tracing,
      ...(vpc.subnetIds !== undefined && {
        vpc: { subnetIds: strings(vpc.subnetIds), securityGroupIds: strings(vpc.securityGroupIds) },
      }),
      lastModified: str(s.outputs.lastModified) ?? unknown("set at deploy"),
      // Lambda stores a missing description as "", as the other readers read it.
      description: typeof description === "string" ? description : "",
      ...(str(s.inputs.codeSigningConfigArn) && {
        codeSigning: codeSigning(state, String(s.inputs.codeSigningConfigArn)),
      }),
    } satisfies LambdaFunction;
  });
}

function functionUrl(url: PulumiResourceState): FunctionUrl {
  const authType = url.inputs.authorizationType;
  const cors = url.inputs.cors;
  return {
    authType: authType === "NONE" || authType === "AWS_IAM" ? authType : unknown("no authorizationType registered"),
    invokeMode: url.inputs.invokeMode === "RESPONSE_STREAM" ? "RESPONSE_STREAM" : "BUFFERED",
    ...(cors !== undefined && {
      cors: {
        allowOrigins: strings(dict(cors).allowOrigins),
        allowMethods: strings(dict(cors).allowMethods),
        allowCredentials: bool(dict(cors).allowCredentials) ?? false,
      },
    }),
  };
}

function codeSigning(state: PulumiState, configArn: string): LambdaFunction["codeSigning"] {
  const config = state
    .ofType("aws:lambda/codeSigningConfig:CodeSigningConfig")
    .find((c) => c.outputs.arn === configArn);
  const policy = dict(config?.inputs.policies).untrustedArtifactOnDeployment;
  return {
    configArn,
    untrustedArtifactOnDeployment: !config
      ? unknown("code-signing config is outside the stack")
      : policy === "Enforce"
        ? "Enforce"
        : "Warn",
  };
}

/** The function's resource policy as Lambda writes it from its permissions (AddPermission). */
function functionPolicy(functionArn: string, permissions: readonly PulumiResourceState[]): PolicyDocumentValue {
  if (permissions.length === 0) return EMPTY_POLICY;
  return parsePolicyDocument({
    Version: "2012-10-17",
    Statement: permissions.map((p) => permissionStatement(p, functionArn)),
  } as never);
}

function permissionStatement(p: PulumiResourceState, functionArn: string): unknown {
  const principal = String(p.inputs.principal);
  const condition: Record<string, Record<string, string>> = {};
  const add = (operator: string, key: string, value: string | undefined) => {
    if (value !== undefined) condition[operator] = { ...condition[operator], [key]: value };
  };
  add("ArnLike", "AWS:SourceArn", str(p.inputs.sourceArn));
  add("StringEquals", "AWS:SourceAccount", str(p.inputs.sourceAccount));
  add("StringEquals", "lambda:FunctionUrlAuthType", str(p.inputs.functionUrlAuthType));
  add("StringEquals", "aws:PrincipalOrgID", str(p.inputs.principalOrgId));
  add("StringEquals", "lambda:EventSourceToken", str(p.inputs.eventSourceToken));
  const viaUrl = bool(p.inputs.invokedViaFunctionUrl);
  if (viaUrl !== undefined) add("Bool", "lambda:InvokedViaFunctionUrl", String(viaUrl));
  return {
    Sid: str(p.inputs.statementId) ?? str(p.outputs.statementId) ?? p.name,
    Effect: "Allow",
    Principal:
      principal === "*"
        ? "*"
        : /\.amazonaws\.com(\.cn)?$/.test(principal)
          ? { Service: principal }
          : { AWS: principal },
    Action: String(p.inputs.action),
    Resource: functionArn,
    ...(Object.keys(condition).length > 0 && { Condition: condition }),
  };
}

export function eventSourceMappings(state: PulumiState): EventSourceMapping[] {
  const functions = state.ofType("aws:lambda/function:Function");
  return state.ofType("aws:lambda/eventSourceMapping:EventSourceMapping").map((s) => {
    const functionName = String(s.inputs.functionName);
    const target = functions.find((fn) => namesFunction(fn)(functionName));
    const onFailure = str(dict(dict(s.inputs.destinationConfig).onFailure).destinationArn);
    const maximumConcurrency = num(dict(s.inputs.scalingConfig).maximumConcurrency);
    return {
      kind: "lambda.event-source-mapping",
      ...state.base(s),
      name: str(s.outputs.uuid) ?? unknown("assigned at deploy"),
      // The provider takes a name or an ARN; the model joins on the function's ARN.
      functionArn: target ? String(target.outputs.arn) : functionName,
      ...(str(s.inputs.eventSourceArn) && { eventSourceArn: String(s.inputs.eventSourceArn) }),
      enabled: bool(s.inputs.enabled) ?? true,
      ...(num(s.inputs.batchSize) !== undefined && { batchSize: num(s.inputs.batchSize) }),
      ...(str(s.inputs.startingPosition) && { startingPosition: String(s.inputs.startingPosition) }),
      ...(num(s.inputs.maximumRetryAttempts) !== undefined && {
        maximumRetryAttempts: num(s.inputs.maximumRetryAttempts),
      }),
      ...(bool(s.inputs.bisectBatchOnFunctionError) !== undefined && {
        bisectBatchOnFunctionError: bool(s.inputs.bisectBatchOnFunctionError),
      }),
      ...(onFailure && { onFailure }),
      ...(maximumConcurrency !== undefined && { maximumConcurrency }),
    } satisfies EventSourceMapping;
  });
}
