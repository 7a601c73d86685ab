import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { restApiOf } from "../../model/apis.ts";
import { isUnknown, unknown } from "../../model/value.ts";

/** Verbs whose requests carry a body; ANY includes them. */
const BODY_VERBS = new Set(["POST", "PUT", "PATCH", "ANY"]);

export default defineRule({
  id: "apigw-rest-no-request-validation",
  title: "REST API method with a request body does not validate it",
  severity: "low",
  practice: 2,
  ruleset: "strict",
  kinds: ["apigateway.method"],
  context: ["parent-api"],
  rationale:
    "A request validator that checks the body against the method's model rejects malformed input at the edge, " +
    "before it costs a function invocation or reaches code that trusts its shape. Without one, every POST, PUT " +
    "or PATCH body goes to the integration as sent.",
  remediation: {
    summary: "Add a request validator with body validation to the API, set it on the method with a request model.",
    cli:
      "aws apigateway create-request-validator --rest-api-id <api> --name body --validate-request-body && " +
      "aws apigateway update-method --rest-api-id <api> --resource-id <resource> --http-method POST " +
      "--patch-operations op=replace,path=/requestValidatorId,value=<validator>",
    iac: "AWS::ApiGateway::Method: RequestValidatorId: !Ref BodyValidator, RequestModels: { application/json: !Ref Model }",
  },
  mappings: { owasp: ["A1"], sas: ["SAS-1"] },
  check(method, { model }) {
    const { httpMethod, requestValidatorId } = method;
    if (isUnknown(httpMethod)) return undetermined("the method's HTTP verb", httpMethod);
    if (!BODY_VERBS.has(httpMethod)) return notApplicable(`${httpMethod} requests carry no body`);
    if (requestValidatorId === undefined) {
      return fail(`${httpMethod} method has no request validator`, setting("requestValidatorId", null));
    }
    if (isUnknown(requestValidatorId)) return undetermined("the method's request validator", requestValidatorId);
    const validator = restApiOf(model, method)?.requestValidators.find((v) => v.id === requestValidatorId);
    if (!validator) {
      return undetermined(`request validator ${requestValidatorId}`, unknown("the validator is not in the model"));
    }
    if (isUnknown(validator.validateBody))
      return undetermined("whether the validator checks the body", validator.validateBody);
    if (!validator.validateBody) {
      return fail(
        `request validator ${requestValidatorId} does not validate the body`,
        setting(`requestValidators[${requestValidatorId}].validateBody`, false),
      );
    }
    return pass(`request validator ${requestValidatorId} validates the body`);
  },
});
