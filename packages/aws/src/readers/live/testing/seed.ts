import { AttachRolePolicyCommand, CreateRoleCommand } from "@aws-sdk/client-iam";
import { CreateFunctionCommand } from "@aws-sdk/client-lambda";
import { CreateQueueCommand } from "@aws-sdk/client-sqs";
import { createClients } from "../clients.ts";

/** The account moto answers as, and credentials it accepts. */
export const MOTO_ACCOUNT = "123456789012";
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" } as const;

const EMPTY_ZIP = Buffer.from("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==", "base64");

/** ARNs of what {@link seedVulnerableApp} created, for the assertions. */
export interface SeededApp {
  readonly role: string;
  readonly function: string;
  readonly queue: string;
}

/**
 * Creates a small vulnerable app in one region of a moto server, through the SDK as a deployment would: an
 * administrator role (named after the region, IAM being global), a function on a deprecated runtime with a
 * plaintext secret, and a queue anyone may send to. Lets other packages' tests seed moto without SDK clients.
 */
export async function seedVulnerableApp(endpoint: string, region: string): Promise<SeededApp> {
  const clients = createClients({ region, endpoint, credentials: MOTO_CREDENTIALS });
  const trust = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  };
  const roleName = `scan-role-${region}`;
  const { Role } = await clients.iam.send(
    new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }),
  );
  await clients.iam.send(
    new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
  );
  const { FunctionArn } = await clients.lambda.send(
    new CreateFunctionCommand({
      FunctionName: "scan-api",
      Runtime: "nodejs16.x",
      Handler: "index.handler",
      Role: Role!.Arn,
      Code: { ZipFile: new Uint8Array(EMPTY_ZIP) },
      Environment: { Variables: { DB_PASSWORD: "Xk9#mQ2$vLp7!wR4zT8^nB3" } },
    }),
  );
  const queue = `arn:aws:sqs:${region}:${MOTO_ACCOUNT}:scan-jobs`;
  const publicSend = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sqs:SendMessage", Resource: queue }],
  };
  await clients.sqs.send(
    new CreateQueueCommand({ QueueName: "scan-jobs", Attributes: { Policy: JSON.stringify(publicSend) } }),
  );
  return { role: Role!.Arn!, function: FunctionArn!, queue };
}
