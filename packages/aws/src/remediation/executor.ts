import { UpdateStageCommand as UpdateRestStageCommand } from "@aws-sdk/client-api-gateway";
import { UpdateStageCommand as UpdateHttpStageCommand } from "@aws-sdk/client-apigatewayv2";
import { UpdateContinuousBackupsCommand, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { AttachRolePolicyCommand, DetachRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  AddPermissionCommand,
  DeleteFunctionConcurrencyCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionRecursionConfigCommand,
  RemovePermissionCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionUrlConfigCommand,
} from "@aws-sdk/client-lambda";
import { PutPublicAccessBlockCommand } from "@aws-sdk/client-s3";
import { SetTopicAttributesCommand } from "@aws-sdk/client-sns";
import { SetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import type { PlannedCall, RemediationService } from "@vigil/core";
import { type ClientOptions, createClients, type LiveClients } from "../readers/live/clients.ts";

/** The clients a plan's calls go through, all for the resource's region. */
export type RemediationClients = Pick<LiveClients, RemediationService>;

/**
 * The clients for one region, built as the live readers build theirs (adaptive retry). Without an `endpoint`,
 * AWS_ENDPOINT_URL (a local moto server) is used when set, so that S3 gets path-style addressing there too.
 */
export function createRemediationClients(
  region: string,
  options: Omit<ClientOptions, "region"> = {},
): RemediationClients {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const { lambda, iam, dynamodb, sqs, sns, s3, apigateway, apigatewayv2 } = createClients({
    ...options,
    region,
    ...(endpoint && { endpoint }),
  });
  return { lambda, iam, dynamodb, sqs, sns, s3, apigateway, apigatewayv2 };
}

/** An SDK v3 command class that the client of service `S` sends (so a Lambda call cannot name an IAM command). */
type CommandClass<S extends RemediationService> = new (
  input: never,
) => { resolveMiddleware: (stack: never, configuration: RemediationClients[S]["config"], options: never) => unknown };

interface Operation<S extends RemediationService> {
  readonly command: CommandClass<S>;
  /** The IAM action AWS authorises the call with; plans must declare the same one. */
  readonly iamAction: string;
}

type OperationTable<S extends RemediationService> = Readonly<Record<string, Operation<S>>>;

/** Every (service, operation) a remediation plan or its undo may call, with its command and IAM action. */
export const REMEDIATION_OPERATIONS = {
  lambda: {
    AddPermission: { command: AddPermissionCommand, iamAction: "lambda:AddPermission" },
    DeleteFunctionConcurrency: {
      command: DeleteFunctionConcurrencyCommand,
      iamAction: "lambda:DeleteFunctionConcurrency",
    },
    PutFunctionConcurrency: { command: PutFunctionConcurrencyCommand, iamAction: "lambda:PutFunctionConcurrency" },
    PutFunctionRecursionConfig: {
      command: PutFunctionRecursionConfigCommand,
      iamAction: "lambda:PutFunctionRecursionConfig",
    },
    RemovePermission: { command: RemovePermissionCommand, iamAction: "lambda:RemovePermission" },
    UpdateFunctionConfiguration: {
      command: UpdateFunctionConfigurationCommand,
      iamAction: "lambda:UpdateFunctionConfiguration",
    },
    UpdateFunctionUrlConfig: { command: UpdateFunctionUrlConfigCommand, iamAction: "lambda:UpdateFunctionUrlConfig" },
  },
  iam: {
    AttachRolePolicy: { command: AttachRolePolicyCommand, iamAction: "iam:AttachRolePolicy" },
    DetachRolePolicy: { command: DetachRolePolicyCommand, iamAction: "iam:DetachRolePolicy" },
  },
  dynamodb: {
    UpdateContinuousBackups: {
      command: UpdateContinuousBackupsCommand,
      iamAction: "dynamodb:UpdateContinuousBackups",
    },
    UpdateTable: { command: UpdateTableCommand, iamAction: "dynamodb:UpdateTable" },
  },
  sqs: {
    SetQueueAttributes: { command: SetQueueAttributesCommand, iamAction: "sqs:SetQueueAttributes" },
  },
  sns: {
    SetTopicAttributes: { command: SetTopicAttributesCommand, iamAction: "sns:SetTopicAttributes" },
  },
  s3: {
    // The one S3 operation whose IAM action has another name.
    PutPublicAccessBlock: { command: PutPublicAccessBlockCommand, iamAction: "s3:PutBucketPublicAccessBlock" },
  },
  // API Gateway authorises both APIs by HTTP verb: an update is a PATCH.
  apigateway: {
    UpdateStage: { command: UpdateRestStageCommand, iamAction: "apigateway:PATCH" },
  },
  apigatewayv2: {
    UpdateStage: { command: UpdateHttpStageCommand, iamAction: "apigateway:PATCH" },
  },
} as const satisfies { readonly [S in RemediationService]: OperationTable<S> };

/** A table entry seen without its service. */
export interface RemediationOperation {
  readonly command: new (input: never) => object;
  readonly iamAction: string;
}

/** The table entry of a call, if there is one. */
export function remediationOperation(
  call: Pick<PlannedCall, "service" | "operation">,
): RemediationOperation | undefined {
  const operations: Readonly<Record<string, RemediationOperation>> = REMEDIATION_OPERATIONS[call.service];
  return Object.hasOwn(operations, call.operation) ? operations[call.operation] : undefined;
}

/** A plan names an operation the executor has no command for: a programming error, caught before any call. */
export class UnknownOperationError extends Error {
  override name = "UnknownOperationError";
  constructor(readonly call: Pick<PlannedCall, "service" | "operation">) {
    super(`no SDK command for ${call.service}.${call.operation}: add it to REMEDIATION_OPERATIONS`);
  }
}

/** How a plan's calls went: all applied, or stopped at the first that AWS refused (the earlier ones stand). */
export type PlanExecution =
  | { readonly status: "applied"; readonly calls: readonly PlannedCall[] }
  | {
      readonly status: "failed";
      readonly completed: readonly PlannedCall[];
      readonly failed: PlannedCall;
      /** What the SDK threw, after its retries. */
      readonly error: unknown;
    };

/**
 * Makes a plan's calls in order, each with its exact input, and stops at the first that fails. An AWS error is a
 * result, never an exception; an operation missing from {@link REMEDIATION_OPERATIONS} throws before any call.
 */
export async function executePlan(calls: readonly PlannedCall[], clients: RemediationClients): Promise<PlanExecution> {
  const steps = calls.map((call) => {
    const operation = remediationOperation(call);
    if (!operation) throw new UnknownOperationError(call);
    return { call, command: operation.command as new (input: PlannedCall["input"]) => object };
  });
  const completed: PlannedCall[] = [];
  for (const { call, command } of steps) {
    const client = clients[call.service] as unknown as { send(command: object): Promise<unknown> };
    try {
      await client.send(new command(call.input));
    } catch (error) {
      return { status: "failed", completed, failed: call, error };
    }
    completed.push(call);
  }
  return { status: "applied", calls: completed };
}
