import type { AnyRule } from "../engine/rule.ts";
import { LAMBDA_RULES } from "./lambda/index.ts";

/**
 * The catalogue. A rule lives in `rules/<service>/<rule-id>.ts` beside `<rule-id>.test.ts` and is listed in its
 * folder's `index.ts`; `catalogue.test.ts` fails on a file that is not listed, a listed rule without a test, or an
 * id that is not its file name.
 */
export const RULES: readonly AnyRule[] = [...LAMBDA_RULES];
