import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-esm-disabled",
  title: "Disabled event source mapping left in place",
  severity: "low",
  practice: 9,
  kinds: ["lambda.event-source-mapping"],
  rationale:
    "A disabled mapping is an obsolete trigger: it no longer delivers events, yet keeps the function's read " +
    "permissions on the source justified and can be re-enabled by anyone allowed to update it, replaying whatever " +
    "accumulated meanwhile. Delete it, or re-enable it if it is still needed.",
  remediation: {
    summary: "Delete the mapping if the trigger is obsolete (and the role's permissions on its source).",
    cli: "aws lambda delete-event-source-mapping --uuid <uuid>",
    iac: "Remove the AWS::Lambda::EventSourceMapping resource, or set Enabled: true.",
  },
  mappings: { sas: ["SAS-3"] },
  check(mapping) {
    if (isUnknown(mapping.enabled)) return undetermined("whether the mapping is enabled", mapping.enabled);
    if (!mapping.enabled) return fail("event source mapping is disabled", setting("enabled", false));
    return pass("event source mapping is enabled");
  },
});
