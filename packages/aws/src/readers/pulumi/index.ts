import {
  type DynamoDbTable,
  EMPTY_POLICY,
  type EventRule,
  type EventSourceMapping,
  type EventTarget,
  type IamRole,
  LAMBDA_DEFAULTS,
  type LambdaFunction,
  type PolicyDocumentValue,
  parsePolicyDocument,
  type Resource,
  SQS_DEFAULTS,
  type SqsQueue,
  unknown,
} from "@vigil/core";
import { missingAwsManagedPolicies } from "../aws-managed-policies.ts";

/**
 * One resource as Pulumi registers it (what `sst deploy` hands the AWS provider): its type token, logical name,
 * URN, inputs and the state the provider answered.
 */
export interface PulumiResourceState {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
}

type Dict = Readonly<Record<string, unknown>>;

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
const dict = (value: unknown): Dict => (typeof value === "object" && value !== null ? (value as Dict) : {});
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v) => typeof v === "string") : []);

function json(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

/** Pulumi's marker of a secret value: `{ [SECRET_SIG]: SECRET_SIG_VALUE, value | plaintext | ciphertext }`. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/**
 * A value with Pulumi's secret wrappers removed, at any depth: the runtime's `value`, a decrypted export's
 * `plaintext` (JSON). An encrypted `ciphertext` becomes undefined: the reader then reports the field unknown.
 * Linking an `sst.Secret` marks a function's outputs secret, names and ARNs included.
 */
export function revealSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Dict;
  if (record[SECRET_SIG] === SECRET_SIG_VALUE) {
    if ("value" in record) return revealSecrets(record.value);
    return typeof record.plaintext === "string" ? revealSecrets(JSON.parse(record.plaintext)) : undefined;
  }
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, revealSecrets(inner)]));
}

/** Reads Pulumi's registered AWS resources into model resources; types the model has no kind for are skipped. */
export function readPulumiResources(registered: readonly PulumiResourceState[]): Resource[] {
  const states = registered.map((s) => ({
    ...s,
    inputs: revealSecrets(s.inputs) as Dict,
    outputs: revealSecrets(s.outputs) as Dict,
  }));
  const ofType = (type: string) => states.filter((s) => s.type === type);
  const base = (s: PulumiResourceState) => ({
    id: String(s.outputs.arn),
    arn: String(s.outputs.arn),
    name: str(s.outputs.name) ?? unknown("name assigned at deploy"),
    origin: { type: "pulumi" as const, urn: s.urn },
    tags: dict(s.inputs.tags) as Record<string, string>,
  });
  const resources: Resource[] = [];

  for (const s of ofType("aws:lambda/function:Function")) {
    const arn = String(s.outputs.arn);
    const name = String(s.outputs.name);
    const forThis = (fn: unknown) => fn === name || fn === arn;
    const invokeConfig = ofType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").find((c) =>
      forThis(c.inputs.functionName),
    );
    const destinations = dict(invokeConfig?.inputs.destinationConfig);
    const permissions = ofType("aws:lambda/permission:Permission").filter((p) => forThis(p.inputs.function));
    const reserved = num(s.inputs.reservedConcurrentExecutions);
    const vpc = dict(s.inputs.vpcConfig);
    const fn: LambdaFunction = {
      kind: "lambda.function",
      ...base(s),
      packageType: s.inputs.packageType === "Image" ? "Image" : "Zip",
      runtime: str(s.inputs.runtime) ?? unknown("no runtime registered"),
      architectures: (s.inputs.architectures as LambdaFunction["architectures"]) ?? LAMBDA_DEFAULTS.architectures,
      handler: str(s.inputs.handler) ?? unknown("no handler registered"),
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
      recursiveLoop: LAMBDA_DEFAULTS.recursiveLoop,
      policy: functionPolicy(arn, permissions),
      tracing: (str(dict(s.inputs.tracingConfig).mode) as "Active" | "PassThrough") ?? LAMBDA_DEFAULTS.tracing,
      ...(vpc.subnetIds !== undefined && {
        vpc: { subnetIds: strings(vpc.subnetIds), securityGroupIds: strings(vpc.securityGroupIds) },
      }),
      lastModified: str(s.outputs.lastModified) ?? unknown("set at deploy"),
      ...(str(s.inputs.codeSigningConfigArn) && {
        codeSigning: {
          configArn: String(s.inputs.codeSigningConfigArn),
          untrustedArtifactOnDeployment: unknown("defined by the code-signing config"),
        },
      }),
    };
    resources.push(fn);
  }

  const functionArnByName = new Map(
    ofType("aws:lambda/function:Function").map((s) => [String(s.outputs.name), String(s.outputs.arn)]),
  );
  for (const s of ofType("aws:lambda/eventSourceMapping:EventSourceMapping")) {
    const functionName = String(s.inputs.functionName);
    const onFailure = str(dict(dict(s.inputs.destinationConfig).onFailure).destinationArn);
    const maximumConcurrency = num(dict(s.inputs.scalingConfig).maximumConcurrency);
    const mapping: EventSourceMapping = {
      kind: "lambda.event-source-mapping",
      ...base(s),
      name: str(s.outputs.uuid) ?? unknown("assigned at deploy"),
      // The provider takes a name or an ARN; the model joins on the function's ARN.
      functionArn: functionArnByName.get(functionName) ?? functionName,
      ...(str(s.inputs.eventSourceArn) && { eventSourceArn: String(s.inputs.eventSourceArn) }),
      enabled: typeof s.inputs.enabled === "boolean" ? s.inputs.enabled : true,
      ...(num(s.inputs.batchSize) !== undefined && { batchSize: num(s.inputs.batchSize) }),
      ...(str(s.inputs.startingPosition) && { startingPosition: String(s.inputs.startingPosition) }),
      ...(num(s.inputs.maximumRetryAttempts) !== undefined && {
        maximumRetryAttempts: num(s.inputs.maximumRetryAttempts),
      }),
      ...(typeof s.inputs.bisectBatchOnFunctionError === "boolean" && {
        bisectBatchOnFunctionError: s.inputs.bisectBatchOnFunctionError,
      }),
      ...(onFailure && { onFailure }),
      ...(maximumConcurrency !== undefined && { maximumConcurrency }),
    };
    resources.push(mapping);
  }

  for (const s of ofType("aws:iam/role:Role")) {
    const role: IamRole = {
      kind: "iam.role",
      ...base(s),
      trustPolicy: parsePolicyDocument(json(s.inputs.assumeRolePolicy) as never),
      inlinePolicies: ((s.inputs.inlinePolicies ?? []) as Dict[]).map((p) => ({
        name: String(p.name),
        document: parsePolicyDocument(json(p.policy) as never),
      })),
      managedPolicyArns: strings(s.inputs.managedPolicyArns),
      ...(str(s.inputs.permissionsBoundary) && { permissionsBoundary: String(s.inputs.permissionsBoundary) }),
    };
    resources.push(role);
  }

  for (const s of ofType("aws:sqs/queue:Queue")) {
    const url = str(s.outputs.url) ?? str(s.outputs.id);
    const policy = ofType("aws:sqs/queuePolicy:QueuePolicy").find((p) => p.inputs.queueUrl === url);
    const redrive = s.inputs.redrivePolicy === undefined ? undefined : dict(json(s.inputs.redrivePolicy));
    const queue: SqsQueue = {
      kind: "sqs.queue",
      ...base(s),
      ...(url && { url }),
      fifo: s.inputs.fifoQueue === true,
      policy: documentOr(policy?.inputs.policy ?? s.inputs.policy),
      ...(redrive && {
        redrive: {
          deadLetterTargetArn: String(redrive.deadLetterTargetArn),
          maxReceiveCount: Number(redrive.maxReceiveCount),
        },
      }),
      encryption: str(s.inputs.kmsMasterKeyId)
        ? "kms"
        : s.inputs.sqsManagedSseEnabled === true
          ? "sqs-managed"
          : s.inputs.sqsManagedSseEnabled === false
            ? "none"
            : unknown("left to the provider's default"),
      visibilityTimeoutSeconds: num(s.inputs.visibilityTimeoutSeconds) ?? SQS_DEFAULTS.visibilityTimeoutSeconds,
      messageRetentionSeconds: num(s.inputs.messageRetentionSeconds) ?? SQS_DEFAULTS.messageRetentionSeconds,
    };
    resources.push(queue);
  }

  for (const s of ofType("aws:dynamodb/table:Table")) {
    const encryption = dict(s.inputs.serverSideEncryption);
    const table: DynamoDbTable = {
      kind: "dynamodb.table",
      ...base(s),
      pointInTimeRecovery: dict(s.inputs.pointInTimeRecovery).enabled === true,
      deletionProtection: s.inputs.deletionProtectionEnabled === true,
      encryption:
        encryption.enabled !== true ? "aws-owned" : str(encryption.kmsKeyArn) ? "customer-managed" : "aws-managed",
      ...(s.inputs.streamEnabled === true && {
        stream: {
          viewType: String(s.inputs.streamViewType),
          arn: str(s.outputs.streamArn) ?? unknown("set at deploy"),
        },
      }),
      billingMode: s.inputs.billingMode === "PAY_PER_REQUEST" ? "PAY_PER_REQUEST" : "PROVISIONED",
    };
    resources.push(table);
  }

  for (const s of ofType("aws:cloudwatch/eventRule:EventRule")) {
    const targets: EventTarget[] = ofType("aws:cloudwatch/eventTarget:EventTarget")
      .filter((t) => t.inputs.rule === s.outputs.name)
      .map((t) => {
        const retry = dict(t.inputs.retryPolicy);
        return {
          id: str(t.inputs.targetId) ?? str(t.outputs.targetId) ?? t.name,
          arn: String(t.inputs.arn),
          ...(str(dict(t.inputs.deadLetterConfig).arn) && {
            deadLetterTarget: String(dict(t.inputs.deadLetterConfig).arn),
          }),
          ...(num(retry.maximumRetryAttempts) !== undefined && {
            maximumRetryAttempts: Number(retry.maximumRetryAttempts),
          }),
          ...(num(retry.maximumEventAgeInSeconds) !== undefined && {
            maximumEventAgeSeconds: Number(retry.maximumEventAgeInSeconds),
          }),
        };
      });
    const rule: EventRule = {
      kind: "events.rule",
      ...base(s),
      eventBusName: str(s.inputs.eventBusName) ?? "default",
      ...(s.inputs.eventPattern !== undefined && { eventPattern: json(s.inputs.eventPattern) }),
      ...(str(s.inputs.scheduleExpression) && { scheduleExpression: String(s.inputs.scheduleExpression) }),
      state: s.inputs.state === "DISABLED" || s.inputs.isEnabled === false ? "DISABLED" : "ENABLED",
      targets,
    };
    resources.push(rule);
  }
  return [...resources, ...missingAwsManagedPolicies(resources)];
}

function documentOr(policy: unknown): PolicyDocumentValue {
  return policy === undefined ? EMPTY_POLICY : parsePolicyDocument(json(policy) as never);
}

/** The function's resource policy, as Lambda builds it from its permissions. */
function functionPolicy(functionArn: string, permissions: readonly PulumiResourceState[]): PolicyDocumentValue {
  if (permissions.length === 0) return EMPTY_POLICY;
  return parsePolicyDocument({
    Version: "2012-10-17",
    Statement: permissions.map((p) => {
      const principal = String(p.inputs.principal);
      const sourceArn = str(p.inputs.sourceArn);
      const sourceAccount = str(p.inputs.sourceAccount);
      return {
        Sid: p.name,
        Effect: "Allow",
        Principal: principal.endsWith(".amazonaws.com") ? { Service: principal } : { AWS: principal },
        Action: String(p.inputs.action),
        Resource: functionArn,
        ...((sourceArn || sourceAccount) && {
          Condition: {
            ...(sourceArn && { ArnLike: { "AWS:SourceArn": sourceArn } }),
            ...(sourceAccount && { StringEquals: { "AWS:SourceAccount": sourceAccount } }),
          },
        }),
      };
    }),
  } as never);
}
