/**
 * `AWS_ENDPOINT_URL=<moto> vigil scan` over real HTTP: a small vulnerable app seeded into moto through the SDK must
 * come back as findings. Skipped where moto is absent, except in CI.
 */
import { AttachRolePolicyCommand, CreateRoleCommand } from "@aws-sdk/client-iam";
import { CreateFunctionCommand } from "@aws-sdk/client-lambda";
import { CreateQueueCommand } from "@aws-sdk/client-sqs";
import { createClients } from "@vigil/aws";
import { MotoServer, motoAvailable } from "@vigil/aws/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../main.ts";

const REGION = "us-east-1";
const ACCOUNT = "123456789012"; // moto's default account
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const EMPTY_ZIP = Buffer.from("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==", "base64");

const available = motoAvailable();
if (!available && process.env.CI) throw new Error("moto is required in CI: pip install 'moto[server]'");

async function seed(endpoint: string) {
  const c = createClients({ region: REGION, endpoint, credentials });
  const trust = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  };
  const { Role } = await c.iam.send(
    new CreateRoleCommand({ RoleName: "scan-role", AssumeRolePolicyDocument: JSON.stringify(trust) }),
  );
  await c.iam.send(
    new AttachRolePolicyCommand({ RoleName: "scan-role", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
  );
  await c.lambda.send(
    new CreateFunctionCommand({
      FunctionName: "scan-api",
      Runtime: "nodejs16.x",
      Handler: "index.handler",
      Role: Role!.Arn,
      Code: { ZipFile: new Uint8Array(EMPTY_ZIP) },
      Environment: { Variables: { DB_PASSWORD: "Xk9#mQ2$vLp7!wR4zT8^nB3" } },
    }),
  );
  const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:scan-jobs`;
  const publicSend = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sqs:SendMessage", Resource: queueArn }],
  };
  await c.sqs.send(
    new CreateQueueCommand({ QueueName: "scan-jobs", Attributes: { Policy: JSON.stringify(publicSend) } }),
  );
}

describe.runIf(available)("vigil scan against moto (AWS_ENDPOINT_URL)", () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await MotoServer.start();
    await seed(moto.endpoint);
  });
  afterAll(() => moto?.stop());
  afterEach(() => vi.unstubAllEnvs());

  it("reports the problems seeded into the account", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", moto.endpoint);
    vi.stubEnv("AWS_ACCESS_KEY_ID", credentials.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey);
    vi.stubEnv("AWS_PROFILE", "");
    let stdout = "";
    let stderr = "";
    await main(["scan", "--region", REGION, "--format", "json", "--verbose"], {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      cwd: process.cwd(),
    });
    const { findings } = JSON.parse(stdout) as { findings: { ruleId: string; resource: string }[] };
    const found = findings.map((f) => `${f.ruleId} ${f.resource}`);
    expect(found).toEqual(
      expect.arrayContaining([
        `lambda-runtime-deprecated arn:aws:lambda:${REGION}:${ACCOUNT}:function:scan-api`,
        `lambda-env-plaintext-secret arn:aws:lambda:${REGION}:${ACCOUNT}:function:scan-api`,
        `iam-role-admin-access arn:aws:iam::${ACCOUNT}:role/scan-role`,
        `sqs-queue-policy-public arn:aws:sqs:${REGION}:${ACCOUNT}:scan-jobs`,
      ]),
    );
    // --verbose: the calls per service, on stderr with the progress lines.
    expect(stderr).toMatch(/API calls for \d+ resources/);
  }, 120_000);
});
