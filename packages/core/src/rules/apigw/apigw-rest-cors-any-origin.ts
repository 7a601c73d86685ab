import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

/** A response parameter that copies the request's Origin: whichever site asks is allowed. */
const ECHOED_ORIGIN = "method.request.header.Origin";

export default defineRule({
  id: "apigw-rest-cors-any-origin",
  title: "REST API CORS allows any origin",
  severity: "low",
  practice: 2,
  ruleset: "strict",
  kinds: ["apigateway.method"],
  context: ["api-methods"],
  rationale:
    "A REST API's CORS headers are set by its methods' integration responses — the OPTIONS preflight's MOCK " +
    "integration, which SAM's `Cors` property writes — and `Access-Control-Allow-Origin: '*'` (or a mapping that " +
    "echoes the request's Origin) lets scripts on any website call the path's methods from a visitor's browser " +
    "and read the answers. Browsers send no cookies to a `*` origin, so this exposes what an anonymous caller " +
    "gets anyway — unless the visitor's network position is the credential: a PRIVATE API reached from a browser " +
    "inside the VPC, an API whose resource policy admits source IPs. An echoed Origin with " +
    "Access-Control-Allow-Credentials shares the visitor's session with every site. Where every method on the path " +
    "needs IAM-signed requests, a script on another site holds no credentials to sign with, and the rule passes. " +
    "Headers written by a Lambda-proxy function are in no configuration and are not seen.",
  remediation: {
    summary: "List the exact origin of your front end in the integration responses' Access-Control-Allow-Origin.",
    cli:
      "aws apigateway update-integration-response --rest-api-id <api> --resource-id <resource> --http-method OPTIONS " +
      "--status-code 200 --patch-operations \"op=replace,path=/responseParameters/method.response.header.Access-Control-Allow-Origin,value='https://app.example.com'\"",
    iac: "AWS::Serverless::Api: Cors: { AllowOrigin: \"'https://app.example.com'\" } (AWS::ApiGateway::Method: Integration.IntegrationResponses[].ResponseParameters)",
  },
  mappings: { owasp: ["A6"], sas: ["SAS-3"] },
  check(method, { model }) {
    const origin = method.corsAllowOrigin;
    if (origin === undefined) return notApplicable("no integration response sets Access-Control-Allow-Origin");
    if (isUnknown(origin)) return undetermined("the method's Access-Control-Allow-Origin", origin);
    if (origin !== "*" && origin !== ECHOED_ORIGIN) return pass(`CORS allows one origin: ${origin}`);
    if (isUnknown(method.path)) return undetermined("the method's path", method.path);
    // The methods the CORS headers open to other sites: those answering on the path, the preflight aside.
    const answering = model
      .ofKind("apigateway.method")
      .filter((m) => m.restApiArn === method.restApiArn && m.path === method.path && m.httpMethod !== "OPTIONS");
    const unresolved = answering.map((m) => m.authorizationType).find(isUnknown);
    if (unresolved) return undetermined("the authorization of a method on the path", unresolved);
    if (answering.length > 0 && answering.every((m) => m.authorizationType === "AWS_IAM")) {
      return pass(`CORS on ${method.path} allows any origin, but every method there needs IAM-signed requests`);
    }
    const allowed = origin === "*" ? 'allows any origin ("*")' : "echoes the request's Origin";
    return fail(
      `CORS on ${method.path} ${allowed}: any website's scripts can call it from a visitor's browser and read the answers`,
      setting("corsAllowOrigin", origin),
    );
  },
});
