import type { AnyRule } from "../../engine/rule.ts";
import dynamodbDeletionProtectionOff from "./dynamodb-deletion-protection-off.ts";
import dynamodbPitrDisabled from "./dynamodb-pitr-disabled.ts";

export const DYNAMODB_RULES: readonly AnyRule[] = [dynamodbDeletionProtectionOff, dynamodbPitrDisabled];
