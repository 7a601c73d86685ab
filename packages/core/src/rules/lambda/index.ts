import type { AnyRule } from "../../engine/rule.ts";
import lambdaUrlAuthNone from "./lambda-url-auth-none.ts";

export const LAMBDA_RULES: readonly AnyRule[] = [lambdaUrlAuthNone];
