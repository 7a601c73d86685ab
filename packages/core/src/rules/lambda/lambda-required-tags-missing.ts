import { z } from "zod";
import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-required-tags-missing",
  title: "Function lacks the tags that place it in the inventory",
  severity: "low",
  practice: 1,
  ruleset: "strict",
  kinds: ["lambda.function"],
  rationale:
    "Tags are the inventory's index: they say who to call when a finding fires and which application a function " +
    "belongs to, and cost reports group by them. The default requires only `owner`, the one tag every finding " +
    "needs (the application is usually known from the stack); add `app`, `environment` or `data-classification` " +
    "through the `requiredTags` option. Keys match case-insensitively and an empty value counts as missing.",
  remediation: {
    summary: "Tag the function (or, better, the whole stack) with the required keys.",
    cli: "aws lambda tag-resource --resource <function-arn> --tags owner=<team>",
    iac: "Tags: [{ Key: owner, Value: <team> }] (CDK: Tags.of(stack).add('owner', '<team>'))",
  },
  mappings: {},
  options: z.object({ requiredTags: z.array(z.string().min(1)).default(["owner"]) }),
  check(fn, { options }) {
    if (isUnknown(fn.tags)) return undetermined("the function's tags", fn.tags);
    const present = new Set(
      Object.entries(fn.tags)
        .filter(([, value]) => value.trim() !== "")
        .map(([key]) => key.toLowerCase()),
    );
    const missing = options.requiredTags.filter((tag) => !present.has(tag.toLowerCase()));
    if (missing.length === 0) return pass(`tagged ${options.requiredTags.join(", ")}`);
    return fail(`missing tag(s): ${missing.join(", ")}`, ...missing.map((tag) => setting(`tags.${tag}`, null)));
  },
});
