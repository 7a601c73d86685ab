import type { AnyRule } from "../../engine/rule.ts";
import snsSubscriptionNoDlq from "./sns-subscription-no-dlq.ts";

export const SNS_RULES: readonly AnyRule[] = [snsSubscriptionNoDlq];
