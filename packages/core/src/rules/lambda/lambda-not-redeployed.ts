import { z } from "zod";
import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown, unknown } from "../../model/value.ts";

const DAY_MS = 86_400_000;

export default defineRule({
  id: "lambda-not-redeployed",
  title: "Function has not been redeployed for a long time",
  severity: "low",
  practice: 9,
  kinds: ["lambda.function"],
  rationale:
    "A function's code and bundled dependencies are frozen at deployment: fixes to the libraries it bundles only " +
    "reach it when it is rebuilt and redeployed, and long-lived execution environments keep whatever they loaded. " +
    "A function untouched for months is either unmaintained or forgotten; both deserve a look.",
  remediation: {
    summary: "Rebuild the function with current dependencies and redeploy it, or delete it if it is no longer used.",
    steps: [
      "Update the lock file and run the tests.",
      "Deploy through the normal pipeline (this also recycles its execution environments).",
    ],
  },
  mappings: { owasp: ["A9"], sas: ["SAS-6"] },
  options: z.object({ maxAgeDays: z.number().int().positive().default(90) }),
  check(fn, { now, options }) {
    if (fn.lastModified === undefined) return notApplicable("not deployed yet: it deploys with this change");
    if (isUnknown(fn.lastModified)) return undetermined("the last deployment time", fn.lastModified);
    const deployed = Date.parse(fn.lastModified);
    if (Number.isNaN(deployed)) {
      return undetermined("the last deployment time", unknown(`unparseable timestamp "${fn.lastModified}"`));
    }
    const ageDays = Math.floor((now.getTime() - deployed) / DAY_MS);
    if (ageDays > options.maxAgeDays) {
      return fail(
        `last deployed ${ageDays} days ago, more than the ${options.maxAgeDays}-day limit`,
        setting("lastModified", fn.lastModified),
      );
    }
    return pass(`last deployed ${ageDays} days ago`);
  },
});
