import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-url-cors-wildcard",
  title: "Function URL CORS allows any origin",
  severity: "medium",
  practice: 2,
  kinds: ["lambda.function"],
  rationale:
    "A function URL whose CORS AllowOrigins contains `*` lets scripts on any website call the function from a " +
    "visitor's browser and read the response. With AllowCredentials the intent is to share responses tied to the " +
    "visitor's session, which turns any site into a front end for your function.",
  remediation: {
    summary: "List the exact origins of your front ends in the function URL's CORS AllowOrigins.",
    cli: 'aws lambda update-function-url-config --function-name <name> --cors \'{"AllowOrigins":["https://app.example.com"]}\'',
    iac: "AWS::Lambda::Url: Cors: AllowOrigins: [https://app.example.com]",
  },
  mappings: { owasp: ["A6"], sas: ["SAS-3"] },
  check(fn) {
    if (!fn.url) return pass("no function URL");
    if (isUnknown(fn.url)) return undetermined("whether the function has a URL", fn.url);
    const cors = fn.url.cors;
    if (!cors) return pass("function URL has no CORS configuration: browsers refuse cross-origin reads");
    const wildcard = cors.allowOrigins.indexOf("*");
    // An IAM-auth URL answers only SigV4-signed requests: a script on another site holds no credentials to sign with.
    if (wildcard >= 0 && fn.url.authType === "AWS_IAM") {
      return pass('function URL CORS allows "*", but the URL needs IAM-signed requests');
    }
    if (wildcard >= 0 && isUnknown(fn.url.authType))
      return undetermined("the function URL's auth type", fn.url.authType);
    if (wildcard >= 0) {
      const credentials = cors.allowCredentials === true ? " and AllowCredentials is true" : "";
      return fail(
        `function URL CORS AllowOrigins contains "*"${credentials}: any website can call it from a browser`,
        setting(`url.cors.allowOrigins[${wildcard}]`, "*"),
        ...(credentials ? [setting("url.cors.allowCredentials", true)] : []),
      );
    }
    const unresolved = cors.allowOrigins.find(isUnknown);
    if (unresolved) return undetermined("a function URL CORS origin", unresolved);
    return pass(`function URL CORS allows ${cors.allowOrigins.length} listed origin(s)`);
  },
});
