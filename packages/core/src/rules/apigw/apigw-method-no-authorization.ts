import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "apigw-method-no-authorization",
  title: "REST API method accepts requests without authorization or API key",
  severity: "high",
  practice: 2,
  kinds: ["apigateway.method"],
  rationale:
    "A REST API method with authorization type NONE and no API key requirement lets anyone on the internet invoke " +
    "its integration, usually a function that runs with its role's permissions and bills each call. OPTIONS " +
    "methods are exempt: browsers send the CORS preflight without credentials.",
  remediation: {
    summary: "Attach an authorizer (Cognito, Lambda or IAM) to the method.",
    cli:
      "aws apigateway update-method --rest-api-id <api> --resource-id <resource> --http-method <METHOD> " +
      "--patch-operations op=replace,path=/authorizationType,value=AWS_IAM",
    iac: "AWS::ApiGateway::Method: AuthorizationType: COGNITO_USER_POOLS, AuthorizerId: !Ref Authorizer",
  },
  mappings: { owasp: ["A2", "A5"], sas: ["SAS-2"] },
  check(method) {
    const { authorizationType, httpMethod, apiKeyRequired } = method;
    if (isUnknown(authorizationType)) return undetermined("the method's authorization type", authorizationType);
    if (authorizationType !== "NONE") return pass(`method requires ${authorizationType} authorization`);
    if (isUnknown(httpMethod)) return undetermined("the method's HTTP verb", httpMethod);
    if (httpMethod === "OPTIONS")
      return notApplicable("OPTIONS answers the CORS preflight, which carries no credentials");
    if (isUnknown(apiKeyRequired)) return undetermined("whether the method requires an API key", apiKeyRequired);
    if (apiKeyRequired) return pass("method requires an API key");
    const path = isUnknown(method.path) ? "(unresolved path)" : method.path;
    return fail(
      `${httpMethod} ${path} has authorizationType NONE and apiKeyRequired false: anyone can call it`,
      setting("authorizationType", authorizationType),
      setting("apiKeyRequired", apiKeyRequired),
    );
  },
});
