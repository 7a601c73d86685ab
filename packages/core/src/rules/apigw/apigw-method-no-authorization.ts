import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { restApiOf, restApiReach } from "../../model/apis.ts";
import { isUnknown, unknown } from "../../model/value.ts";

export default defineRule({
  id: "apigw-method-no-authorization",
  title: "REST API method accepts requests without authorization",
  severity: "high",
  practice: 2,
  kinds: ["apigateway.method"],
  context: ["parent-api"],
  rationale:
    "A REST API method with authorization type NONE lets anyone who reaches the API invoke its integration, " +
    "usually a function that runs with its role's permissions and bills each call. An API key is no " +
    "authentication: keys ship inside clients and identify a usage plan, not a caller (AWS says not to use them " +
    "for authorization). OPTIONS methods are exempt (browsers send the CORS preflight without credentials), and so " +
    "are the methods of a PRIVATE API whose resource policy admits only named VPC endpoints or VPCs.",
  remediation: {
    summary: "Attach an authorizer (Cognito, Lambda or IAM) to the method.",
    cli:
      "aws apigateway update-method --rest-api-id <api> --resource-id <resource> --http-method <METHOD> " +
      "--patch-operations op=replace,path=/authorizationType,value=AWS_IAM",
    iac: "AWS::ApiGateway::Method: AuthorizationType: COGNITO_USER_POOLS, AuthorizerId: !Ref Authorizer",
  },
  mappings: { owasp: ["A2", "A5"], sas: ["SAS-2"] },
  check(method, { model }) {
    const { authorizationType, httpMethod, apiKeyRequired } = method;
    if (isUnknown(authorizationType)) return undetermined("the method's authorization type", authorizationType);
    if (authorizationType !== "NONE") return pass(`method requires ${authorizationType} authorization`);
    if (isUnknown(httpMethod)) return undetermined("the method's HTTP verb", httpMethod);
    if (httpMethod === "OPTIONS")
      return notApplicable("OPTIONS answers the CORS preflight, which carries no credentials");
    const api = restApiOf(model, method);
    const reach = api ? restApiReach(api) : unknown("the method's API is not in the model");
    if (isUnknown(reach)) return undetermined("who can reach the method's API", reach);
    if (reach === "private") return pass("private API: only the VPC endpoints its resource policy admits reach it");
    const path = isUnknown(method.path) ? "(unresolved path)" : method.path;
    // Whether a key is required does not change the verdict, only the message.
    const key = apiKeyRequired === true ? "; its API key identifies a usage plan, not a caller" : "";
    return fail(
      `${httpMethod} ${path} has authorizationType NONE: anyone who reaches the API can call it${key}`,
      setting("authorizationType", authorizationType),
      ...(apiKeyRequired === true ? [setting("apiKeyRequired", true)] : []),
    );
  },
});
