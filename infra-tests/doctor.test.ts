import { describe, expect, it } from "vitest";
import { PARKING_QUEUES } from "../packages/aws/src/doctor/names.ts";
import vigilConfigInput from "../vigil.config.ts";
import { type AppRun, runApp } from "./harness.ts";

type Dict = Record<string, unknown>;

/** The stack name of a queue from its ARN (`…:vigil-test-<Name>Queue-<suffix>`). */
const queueNameOf = (arn: string) => /:vigil-test-(.+)Queue-[a-z0-9]+$/.exec(arn)?.[1] ?? arn;

/** A queue's dead-letter queue, from its redrive policy (a JSON string, as SST passes it). */
function redriveTarget(policy: unknown): unknown {
  return typeof policy === "string" ? (JSON.parse(policy) as Dict).deadLetterTargetArn : undefined;
}

/** Every queue something parks failures on: a redrive target, a rule's dead letters, an on-failure destination. */
function parkingQueues(app: AppRun): string[] {
  const arns = [
    ...app.byType("aws:sqs/queue:Queue").map((queue) => redriveTarget(queue.inputs.redrivePolicy)),
    ...app
      .byType("aws:cloudwatch/eventTarget:EventTarget")
      .map((target) => (target.inputs.deadLetterConfig as Dict | undefined)?.arn),
    ...app
      .byType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig")
      .map(
        (config) => ((config.inputs.destinationConfig as Dict | undefined)?.onFailure as Dict | undefined)?.destination,
      ),
    ...app
      .byType("aws:lambda/eventSourceMapping:EventSourceMapping")
      .map(
        (mapping) =>
          ((mapping.inputs.destinationConfig as Dict | undefined)?.onFailure as Dict | undefined)?.destinationArn,
      ),
  ];
  return [...new Set(arns.filter((arn): arn is string => typeof arn === "string").map(queueNameOf))].sort();
}

describe("vigil doctor looks for what a deploy produces", () => {
  it("checks every queue the stacks park failures on, the remediator's included", async () => {
    // Remediation on for one rule, so that its queues are deployed too.
    const config = { ...vigilConfigInput, remediation: { modes: { "dynamodb-pitr-disabled": "auto" } } };
    const app = await runApp({
      stage: "test",
      files: { "vigil.config.ts": `export default ${JSON.stringify(config)};\n` },
    });
    expect(parkingQueues(app)).toEqual([...PARKING_QUEUES].sort());
  });
});
