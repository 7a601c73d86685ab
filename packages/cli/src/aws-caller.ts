import { STSClient } from "@aws-sdk/client-sts";
import { UsageError } from "./errors.ts";

/** How a command that reads an account chooses whose credentials and which regions. */
export interface CallerOptions {
  readonly profile?: string;
  readonly region: readonly string[];
}

/** Region and credentials as the SDK resolves them for a profile (or the default chain), env first. */
export async function callerSettings(options: CallerOptions) {
  const sts = new STSClient(options.profile === undefined ? {} : { profile: options.profile });
  let region: string | undefined = options.region[0];
  if (region === undefined) {
    try {
      region = await sts.config.region();
    } catch {
      region = undefined;
    }
  }
  if (region === undefined) {
    throw new UsageError("no region: pass --region, set AWS_REGION, or set a region in your AWS profile");
  }
  return {
    regions: options.region.length > 0 ? options.region : [region],
    // The SDK's own chain for the profile: env, SSO, shared files, process, container and instance roles.
    ...(options.profile !== undefined && { credentials: sts.config.credentials }),
  };
}

/** An AWS SDK credentials error, with what to do about it when the cause is missing or expired credentials. */
export function credentialsAdvice(message: string): string {
  if (!/credential|token|expired|sso|security token/i.test(message)) return message;
  return (
    `${message}\n` +
    "  No usable AWS credentials. Either:\n" +
    "    - run `aws configure` (access keys) or `aws sso login --profile <name>` (IAM Identity Center),\n" +
    "    - set AWS_PROFILE or pass --profile <name>,\n" +
    "    - or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN)."
  );
}

/**
 * The usage error for credentials that identified no account (`AccountIdentityError` of the live readers), with
 * advice when they are missing or expired; undefined for any other error. No answer at all says nothing about the
 * credentials: it says which endpoint could not be reached.
 */
export function accountAccessError(error: unknown): UsageError | undefined {
  if (!(error instanceof Error) || error.name !== "AccountIdentityError") return undefined;
  const failure = (error as Error & { failure?: string }).failure;
  return new UsageError(failure === "unreachable" ? error.message : credentialsAdvice(error.message), { cause: error });
}
