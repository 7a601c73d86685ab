/**
 * A small serverless app for app-map tests: an HTTP route and a queue in front of two functions, a bucket
 * notification, a function URL, one role that can read and write a table and one that can also rewrite a bucket
 * policy. `hostile` adds a function whose name and role try to break out of Mermaid, DOT and HTML.
 */
import type { RuleResult } from "../engine/engine.ts";
import type { Resource } from "../model/resources.ts";
import {
  arns,
  bucket,
  eventSourceMapping,
  httpRoute,
  iamRole,
  lambdaFunction,
  model,
  policy,
  queue,
  table,
} from "./builders.ts";

export const HOSTILE_NAME = `</script><img src=x onerror="window.__pwned=1">"]; end; A-->B #x; &amp; \`x\``;

function inlinePolicy(name: string, statements: unknown[]) {
  return { name, document: policy({ Version: "2012-10-17", Statement: statements }) };
}

export function appMapModel(options: { hostile?: boolean } = {}) {
  const resources: Resource[] = [
    httpRoute("http123", "GET /orders", { integrationFunctionArn: arns.fn("api-orders") }),
    queue("jobs"),
    eventSourceMapping("esm-jobs", arns.fn("worker"), arns.queue("jobs")),
    bucket("uploads", {
      notifications: [{ targetType: "lambda", targetArn: arns.fn("thumbnailer"), events: ["s3:ObjectCreated:*"] }],
    }),
    lambdaFunction("api-orders"),
    lambdaFunction("worker"),
    lambdaFunction("thumbnailer", {
      url: { authType: "NONE", invokeMode: "BUFFERED" },
    }),
    iamRole("api-orders-role", {
      inlinePolicies: [
        inlinePolicy("orders-access", [
          { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: arns.table("orders") },
        ]),
      ],
    }),
    iamRole("worker-role", {
      inlinePolicies: [
        inlinePolicy("worker-access", [
          { Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: arns.queue("jobs") },
          { Effect: "Allow", Action: "dynamodb:Query", Resource: arns.table("orders") },
          { Effect: "Allow", Action: ["s3:PutObject", "s3:PutBucketPolicy"], Resource: "*" },
        ]),
      ],
    }),
    iamRole("thumbnailer-role", {
      inlinePolicies: [
        inlinePolicy("thumbnails", [
          { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${arns.bucket("uploads")}/*` },
        ]),
      ],
    }),
    table("orders"),
  ];
  if (options.hostile) {
    resources.push(
      lambdaFunction(HOSTILE_NAME, { role: arns.role("hostile-role") }),
      iamRole("hostile-role", {
        inlinePolicies: [
          inlinePolicy("hostile", [{ Effect: "Allow", Action: "dynamodb:DeleteItem", Resource: arns.table("orders") }]),
        ],
      }),
    );
  }
  return model(...resources);
}

/** Failing results as the engine reports them, on the worker function and the orders table. */
export function appMapResults(): RuleResult[] {
  const result = (resource: Resource, ruleId: string, severity: RuleResult["severity"], message: string) =>
    ({
      ruleId,
      resourceId: resource.id,
      resourceKind: resource.kind,
      origin: resource.origin,
      status: "fail",
      severity,
      practice: 3,
      message,
      evidence: [],
    }) satisfies RuleResult;
  const worker = lambdaFunction("worker");
  return [
    result(worker, "iam-wildcard-resource", "high", "inline policy worker-access grants s3:PutObject on *"),
    result(worker, "iam-privilege-escalation", "critical", "s3:PutBucketPolicy on * lets the role open any bucket"),
    result(table("orders"), "dynamodb-pitr", "medium", "point-in-time recovery is off <b>bold</b>"),
    { ...result(table("orders"), "dynamodb-deletion-protection", "low", "deletion protection is off"), status: "pass" },
  ];
}
