import { evaluate, type Resource, ResourceModel, RULES, resolveConfig } from "@vigil/core";
import { arns, eventSourceMapping, iamRole, lambdaFunction, policy, queue, table } from "@vigil/core/testing";

/** An application of `functions` functions, each with its own role, queue trigger and table. */
export function generatedModel(functions: number): ResourceModel {
  const resources: Resource[] = [];
  for (let i = 0; i < functions; i++) {
    const name = `fn-${i}`;
    const tableName = `table-${i}`;
    const queueName = `queue-${i}`;
    resources.push(
      lambdaFunction(name, {
        timeoutSeconds: i % 10 === 0 ? 3 : 10,
        runtime: i % 7 === 0 ? "nodejs16.x" : "nodejs22.x",
      }),
      iamRole(`${name}-role`, {
        inlinePolicies: [
          {
            name: "data",
            document: policy({
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
                  Resource: [arns.table(tableName), `${arns.table(tableName)}/index/*`],
                },
                {
                  Effect: "Allow",
                  Action: i % 5 === 0 ? "s3:*" : "sqs:ReceiveMessage",
                  Resource: arns.queue(queueName),
                },
              ],
            }),
          },
        ],
      }),
      queue(queueName),
      eventSourceMapping(`esm-${i}`, arns.fn(name), arns.queue(queueName)),
      table(tableName, { pointInTimeRecovery: i % 3 !== 0 }),
    );
  }
  return new ResourceModel(resources);
}

export interface EngineFigures {
  readonly functions: number;
  readonly resources: number;
  readonly results: number;
  readonly seconds: number;
  readonly resourcesPerSecond: number;
}

export function benchEngine(functions: number): EngineFigures {
  const model = generatedModel(functions);
  const config = resolveConfig({}, RULES);
  const started = process.hrtime.bigint();
  const report = evaluate(model, config);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    functions,
    resources: model.size,
    results: report.results.length,
    seconds,
    resourcesPerSecond: model.size / seconds,
  };
}
