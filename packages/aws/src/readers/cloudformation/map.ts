import {
  type IamManagedPolicy,
  isUnknown,
  type LambdaFunction,
  type Origin,
  type PolicyDocumentValue,
  PolicyParseError,
  parsePolicyDocument,
  type Resource,
  type RestApi,
  type SnsTopic,
  unknown,
  unqualifiedFunctionArn,
  type Value,
} from "@vigil/core";
import {
  deploymentStage,
  httpApi,
  httpRoute,
  httpStage,
  restApi,
  restMethodResource,
  restStage,
  usagePlan,
  webAcl,
} from "./apigateway.ts";
import { userPool, userPoolClient } from "./cognito.ts";
import { bucket, cdkBucketNotifications, queue, resourcePolicy, rule, table, topic } from "./data-stores.ts";
import { attachToRoles, role } from "./iam.ts";
import { IntrinsicResolver, referencedLogicalId } from "./intrinsics.ts";
import { eventSourceMapping, lambdaExtras, lambdaFunction } from "./lambda.ts";
import type { TemplateReferences, TemplateResource } from "./references.ts";
import { bool, isRecord, record, str, tags, withDefault } from "./values.ts";

export interface TemplateReadError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** A nested stack whose template the caller may read next. */
export interface NestedStackReference {
  readonly logicalId: string;
  /** `aws:asset:path` metadata (CDK) or the resolved TemplateURL. */
  readonly assetPath?: string;
  readonly templateUrl: unknown;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export interface MappedTemplate {
  readonly resources: Resource[];
  readonly errors: TemplateReadError[];
  /** Resource types the model has no kind for, with their counts. */
  readonly ignoredTypes: Record<string, number>;
  readonly nestedStacks: NestedStackReference[];
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type Props = Record<string, unknown>;

/** Types merged into other resources, so not "ignored". */
const MERGED_TYPES = new Set([
  "AWS::Lambda::Permission",
  "AWS::Lambda::Url",
  "AWS::Lambda::EventInvokeConfig",
  "AWS::Lambda::CodeSigningConfig",
  "AWS::IAM::Policy",
  "AWS::ApiGateway::Deployment",
  "AWS::ApiGateway::RequestValidator",
  "AWS::ApiGateway::Resource",
  "AWS::ApiGatewayV2::Integration",
  "AWS::WAFv2::WebACLAssociation",
  "AWS::S3::BucketPolicy",
  "AWS::SQS::QueuePolicy",
  "AWS::SNS::TopicPolicy",
  "AWS::SNS::Subscription",
  "Custom::S3BucketNotifications",
  "AWS::CloudFormation::Stack",
  "AWS::Cognito::UserPoolClient",
]);

/** Maps one template (already SAM-expanded) into model resources. */
export class TemplateMapper {
  readonly #errors: TemplateReadError[] = [];
  readonly #ignored: Record<string, number> = {};
  readonly #nested: NestedStackReference[] = [];
  readonly #resolved = new Map<string, Props>();
  readonly builtByLogicalId = new Map<string, Mutable<Resource>>();
  readonly functionStatements = new Map<string, unknown[]>();
  readonly #resolver: IntrinsicResolver;
  readonly #resources: Readonly<Record<string, TemplateResource>>;

  constructor(
    private readonly file: string,
    template: Record<string, unknown>,
    readonly refs: TemplateReferences,
    private readonly lines: ReadonlyMap<string, number>,
    parameterValues: Readonly<Record<string, unknown>>,
    /** The stack's name, and its account where the source names it (a CDK stack's environment). */
    private readonly stack: { readonly name?: string; readonly account?: string } = {},
  ) {
    this.#resources = record(template.Resources) as Record<string, TemplateResource>;
    this.#resolver = new IntrinsicResolver(template, parameterValues, refs);
    refs.resolveName = (value) => this.#resolver.resolve(value);
  }

  map(): MappedTemplate {
    const present = Object.entries(this.#resources).filter(([logicalId, r]) => this.#exists(logicalId, r));
    // Primary resources first, then what merges into them.
    for (const [logicalId, resource] of present) this.#guard(logicalId, () => this.#primary(logicalId, resource));
    for (const [logicalId, resource] of present) this.#guard(logicalId, () => this.#secondary(logicalId, resource));
    for (const [logicalId, statements] of this.functionStatements) {
      const fn = this.builtByLogicalId.get(logicalId) as Mutable<LambdaFunction>;
      fn.policy = this.policy(logicalId, { Version: "2012-10-17", Statement: statements }, "Lambda permissions");
    }
    return {
      resources: [...this.builtByLogicalId.values()] as Resource[],
      errors: this.#errors,
      ignoredTypes: this.#ignored,
      nestedStacks: this.#nested,
    };
  }

  #exists(logicalId: string, resource: TemplateResource): boolean {
    if (!isRecord(resource) || typeof resource.Type !== "string") {
      this.error(logicalId, "resource has no Type");
      return false;
    }
    if (typeof resource.Condition !== "string") return true;
    // A resource whose condition is undecidable may be deployed: keep it.
    return this.#resolver.condition(resource.Condition) !== false;
  }

  #guard(logicalId: string, step: () => void) {
    try {
      step();
    } catch (error) {
      this.error(logicalId, `cannot map ${logicalId}: ${(error as Error).message}`);
    }
  }

  error(logicalId: string, message: string) {
    const line = this.lines.get(logicalId);
    this.#errors.push({ file: this.file, ...(line !== undefined && { line }), message });
  }

  props(logicalId: string): Props {
    let props = this.#resolved.get(logicalId);
    if (!props) {
      props = record(this.#resolver.resolve(this.#resources[logicalId]?.Properties ?? {}));
      this.#resolved.set(logicalId, props);
    }
    return props;
  }

  raw(logicalId: string): Props {
    return record(this.#resources[logicalId]?.Properties);
  }

  /** Logical ids of the template's resources of `type`, as written (before conditions). */
  logicalIdsOfType(type: string): string[] {
    return Object.keys(this.#resources).filter((logicalId) => this.#resources[logicalId]?.Type === type);
  }

  #origin(logicalId: string): Origin {
    const line = this.lines.get(logicalId);
    return {
      type: "template",
      file: this.file,
      logicalId,
      ...(this.stack.name !== undefined && { stack: this.stack.name }),
      ...(this.stack.account !== undefined && { account: this.stack.account }),
      ...(line !== undefined && { line }),
    };
  }

  base<K extends Resource["kind"]>(kind: K, logicalId: string, arn = this.refs.arn(logicalId)) {
    return {
      kind,
      id: arn,
      arn,
      name: this.refs.name(logicalId),
      origin: this.#origin(logicalId),
      tags: tags(this.props(logicalId).Tags),
    };
  }

  add(logicalId: string, resource: Resource) {
    this.builtByLogicalId.set(logicalId, resource as Mutable<Resource>);
  }

  policy(logicalId: string, document: unknown, what: string): PolicyDocumentValue {
    try {
      return parsePolicyDocument(document);
    } catch (error) {
      if (!(error instanceof PolicyParseError)) throw error;
      this.error(logicalId, `${logicalId}: ${what}: ${error.message}`);
      return unknown(`${what}: ${error.message}`);
    }
  }

  /** The logical id of a resource of one of `types` that a property points at (by intrinsic, name or ARN). */
  target(raw: unknown, resolved: unknown, types: readonly string[]): string | undefined {
    const id = referencedLogicalId(raw);
    if (id && types.includes(this.refs.typeOf(id) ?? "")) return id;
    if (typeof resolved !== "string") return undefined;
    const candidates = [resolved, unqualifiedFunctionArn(resolved)];
    for (const [logicalId, resource] of Object.entries(this.#resources)) {
      if (!types.includes(resource.Type)) continue;
      const names = [this.refs.arn(logicalId), this.refs.ref(logicalId), this.refs.name(logicalId)];
      if (names.some((n) => typeof n === "string" && candidates.includes(n))) return logicalId;
    }
    return undefined;
  }

  builtResource<T extends Resource>(logicalId: string | undefined): Mutable<T> | undefined {
    return logicalId === undefined ? undefined : (this.builtByLogicalId.get(logicalId) as Mutable<T> | undefined);
  }

  /** A function reference (name, ARN, qualified ARN) as an unqualified ARN. */
  functionArn(raw: unknown, resolved: unknown): Value<string> {
    const id = this.target(raw, resolved, ["AWS::Lambda::Function"]);
    if (id) return this.refs.arn(id);
    const value = str(resolved, "FunctionName");
    if (isUnknown(value)) return value;
    return value.startsWith("arn:")
      ? unqualifiedFunctionArn(value)
      : `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${value}`;
  }

  restApiArn(raw: unknown, resolved: unknown): Value<string> {
    const id = this.target(raw, resolved, ["AWS::ApiGateway::RestApi"]);
    if (id) return this.refs.arn(id);
    const value = str(resolved, "RestApiId");
    return isUnknown(value) ? value : `arn:\${AWS::Partition}:apigateway:\${AWS::Region}::/restapis/${value}`;
  }

  httpApiArn(raw: unknown, resolved: unknown): Value<string> {
    const id = this.target(raw, resolved, ["AWS::ApiGatewayV2::Api"]);
    if (id) return this.refs.arn(id);
    const value = str(resolved, "ApiId");
    return isUnknown(value) ? value : `arn:\${AWS::Partition}:apigateway:\${AWS::Region}::/apis/${value}`;
  }

  #primary(logicalId: string, resource: TemplateResource) {
    const p = () => this.props(logicalId);
    switch (resource.Type) {
      case "AWS::Lambda::Function":
        return this.add(logicalId, lambdaFunction(this, logicalId, p()));
      case "AWS::Lambda::EventSourceMapping":
        return this.add(logicalId, eventSourceMapping(this, logicalId, p()));
      case "AWS::IAM::Role":
        return this.add(logicalId, role(this, logicalId, p()));
      case "AWS::IAM::ManagedPolicy":
        return this.add(logicalId, {
          ...this.base("iam.managed-policy", logicalId),
          document: this.policy(logicalId, p().PolicyDocument, "PolicyDocument"),
          awsManaged: false,
        } satisfies IamManagedPolicy);
      case "AWS::ApiGateway::RestApi":
        return restApi(this, logicalId, p());
      case "AWS::ApiGateway::Stage":
        return this.add(logicalId, restStage(this, logicalId, p(), this.raw(logicalId).RestApiId));
      case "AWS::ApiGateway::Method":
        return restMethodResource(this, logicalId, p());
      case "AWS::ApiGateway::UsagePlan":
        return this.add(logicalId, usagePlan(this, logicalId, p()));
      case "AWS::ApiGatewayV2::Api":
        return httpApi(this, logicalId, p());
      case "AWS::ApiGatewayV2::Stage":
        return this.add(logicalId, httpStage(this, logicalId, p()));
      case "AWS::ApiGatewayV2::Route":
        return this.add(logicalId, httpRoute(this, logicalId, p()));
      case "AWS::S3::Bucket":
        return this.add(logicalId, bucket(this, logicalId, p()));
      case "AWS::SQS::Queue":
        return this.add(logicalId, queue(this, logicalId, p()));
      case "AWS::SNS::Topic":
        return this.add(logicalId, topic(this, logicalId, p()));
      case "AWS::DynamoDB::Table":
        return this.add(logicalId, table(this, logicalId, p()));
      case "AWS::Events::Rule":
        return this.add(logicalId, rule(this, logicalId, p()));
      case "AWS::Cognito::UserPool":
        return this.add(logicalId, userPool(this, logicalId, p()));
      case "AWS::CloudFormation::Stack": {
        const assetPath = record(resource.Metadata)["aws:asset:path"];
        const props = p();
        this.#nested.push({
          logicalId,
          ...(typeof assetPath === "string" && { assetPath }),
          templateUrl: props.TemplateURL,
          parameters: record(props.Parameters),
        });
        return;
      }
      default:
        if (!MERGED_TYPES.has(resource.Type)) this.#ignored[resource.Type] = (this.#ignored[resource.Type] ?? 0) + 1;
    }
  }

  #secondary(logicalId: string, resource: TemplateResource) {
    const raw = this.raw(logicalId);
    switch (resource.Type) {
      case "AWS::Lambda::Function":
      case "AWS::Lambda::Permission":
      case "AWS::Lambda::Url":
      case "AWS::Lambda::EventInvokeConfig":
        return lambdaExtras(this, logicalId, resource.Type, raw);
      case "AWS::IAM::Policy":
      case "AWS::IAM::ManagedPolicy":
        return attachToRoles(this, logicalId, resource.Type);
      case "AWS::ApiGateway::Deployment":
        return deploymentStage(this, logicalId);
      case "AWS::ApiGateway::RequestValidator": {
        const props = this.props(logicalId);
        const api = this.builtResource<RestApi>(
          this.target(raw.RestApiId, props.RestApiId, ["AWS::ApiGateway::RestApi"]),
        );
        (api?.requestValidators as RestApi["requestValidators"][number][] | undefined)?.push({
          id: `\${${logicalId}}`,
          validateBody: withDefault(props.ValidateRequestBody, false, bool, "ValidateRequestBody"),
          validateParameters: withDefault(props.ValidateRequestParameters, false, bool, "ValidateRequestParameters"),
        });
        return;
      }
      case "AWS::WAFv2::WebACLAssociation":
        return webAcl(this, logicalId);
      case "Custom::S3BucketNotifications":
        return cdkBucketNotifications(this, logicalId);
      case "AWS::Cognito::UserPoolClient":
        return userPoolClient(this, logicalId);
      case "AWS::S3::BucketPolicy":
      case "AWS::SQS::QueuePolicy":
      case "AWS::SNS::TopicPolicy":
        return resourcePolicy(this, logicalId, resource.Type, raw);
      case "AWS::SNS::Subscription": {
        const props = this.props(logicalId);
        const topic = this.builtResource<SnsTopic>(this.target(raw.TopicArn, props.TopicArn, ["AWS::SNS::Topic"]));
        if (!topic || isUnknown(topic.subscriptions)) return;
        const deadLetter = record(
          typeof props.RedrivePolicy === "string" ? JSON.parse(props.RedrivePolicy) : props.RedrivePolicy,
        );
        topic.subscriptions = [
          ...topic.subscriptions,
          {
            protocol: str(props.Protocol, "Protocol"),
            endpoint: this.subscriptionEndpoint(raw.Endpoint, props.Protocol, props.Endpoint),
            ...(deadLetter.deadLetterTargetArn !== undefined && {
              deadLetterTarget: str(deadLetter.deadLetterTargetArn, "RedrivePolicy.deadLetterTargetArn"),
            }),
          },
        ];
        return;
      }
      default:
        return;
    }
  }

  subscriptionEndpoint(raw: unknown, protocol: unknown, resolved: unknown): Value<string> {
    return protocol === "lambda" ? this.functionArn(raw, resolved) : str(resolved, "Endpoint");
  }
}
