/** Lambda functions and what merges into them: permissions, URLs, async-invoke settings, code signing. */
import {
  type Architecture,
  type EventSourceMapping,
  isUnknown,
  LAMBDA_DEFAULTS,
  type LambdaFunction,
  unknown,
} from "@vigil/core";
import { referencedLogicalId } from "./intrinsics.ts";
import type { Props, TemplateMapper } from "./map.ts";
import { bool, inner, isRecord, num, oneOf, record, str, strings, variables, withDefault } from "./values.ts";

export function lambdaFunction(m: TemplateMapper, logicalId: string, p: Props): LambdaFunction {
  const code = record(p.Code);
  const packageType = p.PackageType === "Image" || code.ImageUri !== undefined ? "Image" : "Zip";
  const vpc = p.VpcConfig;
  const subnets = isUnknown(vpc) ? [vpc] : isRecord(vpc) ? strings(vpc.SubnetIds, "VpcConfig.SubnetIds") : [];
  const deadLetter = inner(p.DeadLetterConfig, "TargetArn");
  const tracing = inner(p.TracingConfig, "Mode");
  const architectures = p.Architectures;
  return {
    ...m.base("lambda.function", logicalId),
    packageType,
    ...(packageType === "Zip" && { runtime: str(p.Runtime ?? unknown("no Runtime"), "Runtime") }),
    architectures:
      architectures === undefined
        ? LAMBDA_DEFAULTS.architectures
        : isUnknown(architectures)
          ? architectures
          : (strings(architectures, "Architectures").filter((a) => typeof a === "string") as Architecture[]),
    ...(p.Handler !== undefined && { handler: str(p.Handler, "Handler") }),
    role: str(p.Role ?? unknown("no Role"), "Role"),
    timeoutSeconds: withDefault(p.Timeout, LAMBDA_DEFAULTS.timeoutSeconds, num, "Timeout"),
    memoryMb: withDefault(p.MemorySize, LAMBDA_DEFAULTS.memoryMb, num, "MemorySize"),
    environment: variables(
      record(p.Environment).Variables ?? (isUnknown(p.Environment) ? p.Environment : undefined),
      "Environment.Variables",
    ),
    layers: strings(p.Layers, "Layers"),
    ...(deadLetter !== undefined && { deadLetterTarget: str(deadLetter, "DeadLetterConfig.TargetArn") }),
    ...(p.ReservedConcurrentExecutions !== undefined && {
      reservedConcurrency: num(p.ReservedConcurrentExecutions, "ReservedConcurrentExecutions"),
    }),
    recursiveLoop: withDefault(
      p.RecursiveLoop,
      LAMBDA_DEFAULTS.recursiveLoop,
      (v, w) => oneOf(v, ["Allow", "Terminate"], w),
      "RecursiveLoop",
    ),
    policy: { statements: [] },
    tracing: withDefault(
      tracing,
      LAMBDA_DEFAULTS.tracing,
      (v, w) => oneOf(v, ["Active", "PassThrough"], w),
      "TracingConfig.Mode",
    ),
    ...(subnets.length > 0 && {
      vpc: {
        subnetIds: subnets,
        securityGroupIds: strings(inner(vpc, "SecurityGroupIds"), "VpcConfig.SecurityGroupIds"),
      },
    }),
    // Lambda stores a missing description as "", as the live and Config readers read it.
    description: withDefault(p.Description, "", str, "Description"),
    ...(p.CodeSigningConfigArn !== undefined && { codeSigning: codeSigning(m, logicalId) }),
  };
}

export function codeSigning(m: TemplateMapper, logicalId: string): LambdaFunction["codeSigning"] {
  const raw = m.raw(logicalId).CodeSigningConfigArn;
  const configArn = str(m.props(logicalId).CodeSigningConfigArn, "CodeSigningConfigArn");
  const configId = referencedLogicalId(raw);
  if (!configId || m.refs.typeOf(configId) !== "AWS::Lambda::CodeSigningConfig") {
    return { configArn, untrustedArtifactOnDeployment: unknown("code-signing config is outside the template") };
  }
  const policies = record(m.props(configId).CodeSigningPolicies);
  return {
    configArn,
    untrustedArtifactOnDeployment: withDefault(
      policies.UntrustedArtifactOnDeployment,
      "Warn" as const,
      (v, w) => oneOf(v, ["Warn", "Enforce"], w),
      "CodeSigningPolicies.UntrustedArtifactOnDeployment",
    ),
  };
}

export function lambdaExtras(m: TemplateMapper, logicalId: string, type: string, raw: Props) {
  if (type === "AWS::Lambda::Function") return;
  const p = m.props(logicalId);
  const rawTarget = type === "AWS::Lambda::Url" ? raw.TargetFunctionArn : raw.FunctionName;
  const resolvedTarget = type === "AWS::Lambda::Url" ? p.TargetFunctionArn : p.FunctionName;
  const fnId = m.target(rawTarget, resolvedTarget, ["AWS::Lambda::Function"]);
  const fn = m.builtResource<LambdaFunction>(fnId);
  if (!fn || !fnId) return; // a function outside this template
  if (type === "AWS::Lambda::Url") {
    const cors = p.Cors;
    fn.url = {
      authType: oneOf(p.AuthType ?? unknown("no AuthType"), ["NONE", "AWS_IAM"], "AuthType"),
      invokeMode: withDefault(
        p.InvokeMode,
        "BUFFERED" as const,
        (v, w) => oneOf(v, ["BUFFERED", "RESPONSE_STREAM"], w),
        "InvokeMode",
      ),
      ...(isUnknown(cors) && { cors: { allowOrigins: [cors], allowMethods: [cors], allowCredentials: cors } }),
      ...(isRecord(cors) && {
        cors: {
          allowOrigins: strings(cors.AllowOrigins, "Cors.AllowOrigins"),
          allowMethods: strings(cors.AllowMethods, "Cors.AllowMethods"),
          allowCredentials: withDefault(cors.AllowCredentials, false, bool, "Cors.AllowCredentials"),
        },
      }),
    };
  } else if (type === "AWS::Lambda::EventInvokeConfig") {
    const onSuccess = inner(inner(p.DestinationConfig, "OnSuccess"), "Destination");
    const onFailure = inner(inner(p.DestinationConfig, "OnFailure"), "Destination");
    fn.asyncInvoke = {
      maximumRetryAttempts: withDefault(
        p.MaximumRetryAttempts,
        LAMBDA_DEFAULTS.asyncMaximumRetryAttempts,
        num,
        "MaximumRetryAttempts",
      ),
      maximumEventAgeSeconds: withDefault(
        p.MaximumEventAgeInSeconds,
        LAMBDA_DEFAULTS.asyncMaximumEventAgeSeconds,
        num,
        "MaximumEventAgeInSeconds",
      ),
      ...(onSuccess !== undefined && { onSuccess: str(onSuccess, "OnSuccess.Destination") }),
      ...(onFailure !== undefined && { onFailure: str(onFailure, "OnFailure.Destination") }),
    };
  } else {
    const statements = m.functionStatements.get(fnId) ?? [];
    statements.push(permissionStatement(logicalId, p, fn.arn));
    m.functionStatements.set(fnId, statements);
  }
}

export function eventSourceMapping(m: TemplateMapper, logicalId: string, p: Props): EventSourceMapping {
  const onFailure = inner(inner(p.DestinationConfig, "OnFailure"), "Destination");
  const maximumConcurrency = inner(p.ScalingConfig, "MaximumConcurrency");
  return {
    ...m.base("lambda.event-source-mapping", logicalId),
    name: `\${${logicalId}}`,
    functionArn: m.functionArn(m.raw(logicalId).FunctionName, p.FunctionName),
    ...(p.EventSourceArn !== undefined && { eventSourceArn: str(p.EventSourceArn, "EventSourceArn") }),
    enabled: withDefault(p.Enabled, true, bool, "Enabled"),
    ...(p.BatchSize !== undefined && { batchSize: num(p.BatchSize, "BatchSize") }),
    ...(p.StartingPosition !== undefined && { startingPosition: str(p.StartingPosition, "StartingPosition") }),
    ...(p.MaximumRetryAttempts !== undefined && {
      maximumRetryAttempts: num(p.MaximumRetryAttempts, "MaximumRetryAttempts"),
    }),
    ...(p.BisectBatchOnFunctionError !== undefined && {
      bisectBatchOnFunctionError: bool(p.BisectBatchOnFunctionError, "BisectBatchOnFunctionError"),
    }),
    ...(onFailure !== undefined && { onFailure: str(onFailure, "DestinationConfig.OnFailure.Destination") }),
    ...(maximumConcurrency !== undefined && {
      maximumConcurrency: num(maximumConcurrency, "ScalingConfig.MaximumConcurrency"),
    }),
  };
}

/** An `AWS::Lambda::Permission` as the statement Lambda adds to the function's resource policy. */
function permissionStatement(logicalId: string, p: Props, functionArn: string): unknown {
  const principal = p.Principal;
  const principalElement =
    principal === "*"
      ? "*"
      : typeof principal === "string" && /\.amazonaws\.com(\.cn)?$/.test(principal)
        ? { Service: principal }
        : { AWS: principal };
  const condition: Record<string, Record<string, unknown>> = {};
  const add = (operator: string, key: string, value: unknown) => {
    if (value !== undefined) condition[operator] = { ...condition[operator], [key]: value };
  };
  add("ArnLike", "AWS:SourceArn", p.SourceArn);
  add("StringEquals", "AWS:SourceAccount", p.SourceAccount);
  add("StringEquals", "lambda:FunctionUrlAuthType", p.FunctionUrlAuthType);
  add("StringEquals", "aws:PrincipalOrgID", p.PrincipalOrgID);
  add("StringEquals", "lambda:EventSourceToken", p.EventSourceToken);
  if (p.InvokedViaFunctionUrl !== undefined)
    add("Bool", "lambda:InvokedViaFunctionUrl", String(p.InvokedViaFunctionUrl));
  return {
    Sid: logicalId,
    Effect: "Allow",
    Principal: principalElement,
    Action: p.Action,
    Resource: functionArn,
    ...(Object.keys(condition).length > 0 && { Condition: condition }),
  };
}
