import { parseArn, sqsQueueUrl } from "../model/arn.ts";
import type { ResourceKind } from "../model/resources.ts";

const console = (region: string) => `https://${region}.console.aws.amazon.com`;
/** IAM and S3 bucket lists are global pages. */
const GLOBAL = "https://console.aws.amazon.com";

/**
 * The AWS console page of a resource, from its ARN: what an alert links to. Undefined when the ARN does not say
 * enough (a template token such as `${AWS::Region}` in place of the region, an unknown shape).
 */
export function consoleUrl(resourceId: string, kind?: ResourceKind): string | undefined {
  const arn = parseArn(resourceId);
  if (!arn || resourceId.includes("${")) return undefined;
  const { region, resource } = arn;
  const after = (prefix: string) => (resource.startsWith(prefix) ? resource.slice(prefix.length) : undefined);
  const at = (path: string) => (region ? `${console(region)}${path}` : undefined);
  const encoded = encodeURIComponent;
  switch (kind ?? kindOfArn(arn.service, resource)) {
    case "lambda.function": {
      const name = after("function:")?.split(":")[0];
      return name ? at(`/lambda/home?region=${region}#/functions/${encoded(name)}`) : undefined;
    }
    case "lambda.event-source-mapping": {
      const uuid = after("event-source-mapping:");
      return uuid ? at(`/lambda/home?region=${region}#/event-source-mappings/${encoded(uuid)}`) : undefined;
    }
    case "iam.role": {
      const name = resource.slice(resource.lastIndexOf("/") + 1);
      return `${GLOBAL}/iam/home#/roles/details/${encoded(name)}`;
    }
    case "iam.managed-policy":
      return `${GLOBAL}/iam/home#/policies/details/${encoded(resourceId)}`;
    case "apigateway.rest-api":
    case "apigateway.stage":
    case "apigateway.method":
    case "apigateway.usage-plan": {
      const id = /^\/restapis\/([^/]+)/.exec(resource)?.[1];
      if (id) return at(`/apigateway/main/apis/${encoded(id)}/resources?api=${encoded(id)}&region=${region}`);
      const plan = /^\/usageplans\/([^/]+)/.exec(resource)?.[1];
      return plan ? at(`/apigateway/main/usage-plans/${encoded(plan)}?region=${region}`) : undefined;
    }
    case "apigatewayv2.api":
    case "apigatewayv2.stage":
    case "apigatewayv2.route": {
      const id = /^\/apis\/([^/]+)/.exec(resource)?.[1];
      return id ? at(`/apigateway/main/api-detail?api=${encoded(id)}&region=${region}`) : undefined;
    }
    case "s3.bucket":
      return `https://s3.console.aws.amazon.com/s3/buckets/${encoded(resource.split("/")[0] ?? resource)}`;
    case "sqs.queue": {
      const queueUrl = sqsQueueUrl(resourceId);
      return queueUrl && at(`/sqs/v3/home?region=${region}#/queues/${encoded(queueUrl)}`);
    }
    case "sns.topic":
      return at(`/sns/v3/home?region=${region}#/topic/${resourceId}`);
    case "dynamodb.table": {
      const name = after("table/")?.split("/")[0];
      return name ? at(`/dynamodbv2/home?region=${region}#table?name=${encoded(name)}`) : undefined;
    }
    case "events.rule": {
      const path = after("rule/");
      if (!path) return undefined;
      const [bus, name] = path.includes("/") ? path.split("/") : ["default", path];
      return at(`/events/home?region=${region}#/eventbus/${encoded(bus ?? "default")}/rules/${encoded(name ?? "")}`);
    }
    case "cognito.user-pool": {
      const id = after("userpool/");
      return id ? at(`/cognito/v2/idp/user-pools/${encoded(id)}/overview?region=${region}`) : undefined;
    }
    default:
      return undefined;
  }
}

/** The kind an ARN names, when the caller does not know it. */
function kindOfArn(service: string, resource: string): ResourceKind | undefined {
  if (service === "lambda")
    return resource.startsWith("event-source-mapping:") ? "lambda.event-source-mapping" : "lambda.function";
  if (service === "iam") return resource.startsWith("policy/") ? "iam.managed-policy" : "iam.role";
  if (service === "apigateway") return resource.startsWith("/apis/") ? "apigatewayv2.api" : "apigateway.rest-api";
  if (service === "s3") return "s3.bucket";
  if (service === "sqs") return "sqs.queue";
  if (service === "sns") return "sns.topic";
  if (service === "dynamodb") return "dynamodb.table";
  if (service === "events") return "events.rule";
  if (service === "cognito-idp") return "cognito.user-pool";
  return undefined;
}
