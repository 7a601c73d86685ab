import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-url-auth-none",
  title: "Function URL accepts unauthenticated requests",
  severity: "high",
  practice: 2,
  kinds: ["lambda.function"],
  rationale:
    "A function URL with auth type NONE is an HTTPS endpoint anyone on the internet can call, bypassing API " +
    "Gateway authorizers, WAF and throttling. Each call costs money and runs your code with its role.",
  remediation: {
    summary: "Set the function URL's auth type to AWS_IAM, or front the function with an authorized API.",
    cli: "aws lambda update-function-url-config --function-name <name> --auth-type AWS_IAM",
    iac: "AWS::Lambda::Url: AuthType: AWS_IAM",
  },
  mappings: { owasp: ["A2", "A5"], sas: ["SAS-2", "SAS-3"], fsbp: ["Lambda.1"] },
  check(fn) {
    if (!fn.url) return pass("no function URL");
    if (isUnknown(fn.url)) return undetermined("whether the function has a URL", fn.url);
    const { authType } = fn.url;
    if (isUnknown(authType)) return undetermined("the function URL's auth type", authType);
    if (authType === "NONE") {
      return fail("function URL auth type is NONE: anyone can invoke it", setting("url.authType", authType));
    }
    return pass(`function URL requires ${authType}`);
  },
});
