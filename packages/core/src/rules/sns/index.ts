import type { AnyRule } from "../../engine/rule.ts";
import snsSubscriptionNoDlq from "./sns-subscription-no-dlq.ts";
import snsTopicPolicyPublic from "./sns-topic-policy-public.ts";

export const SNS_RULES: readonly AnyRule[] = [snsSubscriptionNoDlq, snsTopicPolicyPublic];
