import type { AnyRule } from "../../engine/rule.ts";
import eventsTargetNoDlq from "./events-target-no-dlq.ts";

export const EVENTS_RULES: readonly AnyRule[] = [eventsTargetNoDlq];
