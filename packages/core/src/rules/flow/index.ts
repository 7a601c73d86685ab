import type { AnyRule } from "../../engine/rule.ts";
import flowSensitiveWriteUnapproved from "./flow-sensitive-write-unapproved.ts";

export const FLOW_RULES: readonly AnyRule[] = [flowSensitiveWriteUnapproved];
