import type { ServiceName } from "./clients.ts";

/** IAM service prefix of each client. Both API Gateway APIs are authorised as `apigateway:<HTTP verb>`. */
const IAM_PREFIX: Record<ServiceName, string> = {
  lambda: "lambda",
  iam: "iam",
  apigateway: "apigateway",
  apigatewayv2: "apigateway",
  s3: "s3",
  s3control: "s3",
  sqs: "sqs",
  sns: "sns",
  dynamodb: "dynamodb",
  events: "events",
  cognito: "cognito-idp",
  tagging: "tag",
  sts: "sts",
};

/**
 * Operations whose IAM action is not named after the operation, keyed by client and operation: S3's and S3
 * Control's GetPublicAccessBlock (the bucket's block, the account's) share a prefix and a name, not an action.
 */
const RENAMED_ACTIONS: Readonly<Record<string, string>> = {
  "s3:ListBuckets": "s3:ListAllMyBuckets",
  "s3:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
  "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
  "s3control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
};

/** The operation an SDK v3 command performs, e.g. `GetPolicy` for a `GetPolicyCommand`. */
export function operationOf(command: object): string {
  // The command's schema names its operation; it survives minification, unlike the class name.
  const schema = (command as { schema?: unknown }).schema;
  if (Array.isArray(schema) && typeof schema[2] === "string") return schema[2];
  return command.constructor.name.replace(/Command$/, "");
}

/** The IAM action that authorises `operation` on `service`, e.g. `s3:GetBucketNotification`. */
export function actionOf(service: ServiceName, operation: string): string {
  const prefix = IAM_PREFIX[service];
  if (prefix === "apigateway") {
    if (!/^(Get|List)/.test(operation)) throw new Error(`API Gateway operation ${operation} is not a read`);
    return "apigateway:GET";
  }
  return RENAMED_ACTIONS[`${service}:${operation}`] ?? `${prefix}:${operation}`;
}

/** A reader called an operation it did not declare: a programming error the permission tests catch. */
export class UndeclaredActionError extends Error {
  override name = "UndeclaredActionError";
  constructor(readonly action: string) {
    super(`${action} is not among the reader's declared permissions; declare it so the published policy grants it`);
  }
}

/** The least-privilege read-only policy granting exactly the `actions` the readers declare. */
export function readOnlyPolicy(actions: Iterable<string>): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "VigilLiveReaders",
        Effect: "Allow",
        // Read-only actions over every resource of the account: the readers must see what they inventory.
        Action: [...new Set(actions)].sort(),
        Resource: "*",
      },
    ],
  };
}
