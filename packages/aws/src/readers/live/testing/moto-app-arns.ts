/** Names, ARNs and policy documents of the moto app (moto-app.ts). */
import { MOTO_ACCOUNT } from "./seed.ts";

export const json = (value: unknown) => JSON.stringify(value);
export const policyDocument = (...Statement: object[]) => json({ Version: "2012-10-17", Statement });
export const LAMBDA_TRUST = policyDocument({
  Effect: "Allow",
  Principal: { Service: "lambda.amazonaws.com" },
  Action: "sts:AssumeRole",
});

/** ARNs and names of the app in `region` of moto's account. */
export function motoAppArns(region: string) {
  const prefix = (service: string) => `arn:aws:${service}:${region}:${MOTO_ACCOUNT}`;
  return {
    fn: (name: string) => `${prefix("lambda")}:function:${name}`,
    role: (name: string, path = "/") => `arn:aws:iam::${MOTO_ACCOUNT}:role${path}${name}`,
    policy: (name: string) => `arn:aws:iam::${MOTO_ACCOUNT}:policy/${name}`,
    queue: (name: string) => `${prefix("sqs")}:${name}`,
    table: (name: string) => `${prefix("dynamodb")}:table/${name}`,
    topic: (name: string) => `${prefix("sns")}:${name}`,
    bucket: (name: string) => `arn:aws:s3:::${name}`,
    rule: (name: string) => `${prefix("events")}:rule/${name}`,
    admin: "arn:aws:iam::aws:policy/AdministratorAccess",
    basicExecution: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
  };
}

export type MotoAppArns = ReturnType<typeof motoAppArns>;
