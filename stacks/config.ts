import { parseVigilConfig } from "@vigil/core";
import input from "../vigil.config.ts";

/** `vigil.config.ts`, validated: a bad value fails the deploy with a message naming the field. */
export const vigilConfig = parseVigilConfig(input);

/** Production stages keep their data: deletion protection on, resources retained (see `app()`). */
export const isProduction = $app.stage === "prod" || $app.stage === "production";
