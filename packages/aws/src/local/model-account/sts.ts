import type { GetCallerIdentityCommandInput, GetCallerIdentityCommandOutput } from "@aws-sdk/client-sts";
import { type Reply, type ServiceAnswers, stableId } from "./served.ts";

/** The caller is a user of the account: its ARN names the account and partition that readers read. */
export const stsAnswers: ServiceAnswers = {
  GetCallerIdentity: (_input: GetCallerIdentityCommandInput, account): Reply<GetCallerIdentityCommandOutput> => ({
    UserId: `AIDA${stableId([account.account, "vigil-local"], 17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
    Account: account.account,
    Arn: `arn:${account.partition}:iam::${account.account}:user/vigil-local`,
  }),
};
