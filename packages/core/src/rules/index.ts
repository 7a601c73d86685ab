import type { AnyRule } from "../engine/rule.ts";
import { APIGW_RULES } from "./apigw/index.ts";
import { COGNITO_RULES } from "./cognito/index.ts";
import { DYNAMODB_RULES } from "./dynamodb/index.ts";
import { EVENTS_RULES } from "./events/index.ts";
import { FLOW_RULES } from "./flow/index.ts";
import { IAM_RULES } from "./iam/index.ts";
import { LAMBDA_RULES } from "./lambda/index.ts";
import { S3_RULES } from "./s3/index.ts";
import { SNS_RULES } from "./sns/index.ts";
import { SQS_RULES } from "./sqs/index.ts";

/**
 * The catalogue. A rule lives in `rules/<service>/<rule-id>.ts` beside `<rule-id>.test.ts` and is listed in its
 * folder's `index.ts`; `catalogue.test.ts` fails on a file that is not listed, a listed rule without a test, or an
 * id that is not its file name.
 */
export const RULES: readonly AnyRule[] = [
  ...APIGW_RULES,
  ...COGNITO_RULES,
  ...DYNAMODB_RULES,
  ...EVENTS_RULES,
  ...FLOW_RULES,
  ...IAM_RULES,
  ...LAMBDA_RULES,
  ...S3_RULES,
  ...SNS_RULES,
  ...SQS_RULES,
];
