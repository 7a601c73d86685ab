// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here
import { describe, expect, it } from "vitest";
import { eventSourceMapping, iamRole, lambdaFunction, model } from "../testing/builders.ts";

const templated = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${WorkerRole}";
const literal = "arn:aws:iam::${AWS::AccountId}:role/${WorkerRole}";

describe("ResourceModel lookups by ARN", () => {
  it("find a resource whatever way the partition is written, on either side", () => {
    const role = iamRole("worker-role", { id: "WorkerRole", arn: templated });
    const fn = lambdaFunction("worker", { role: literal });
    expect(model(role, fn).roleOf(fn)?.id).toBe("WorkerRole");
    const literalRole = iamRole("worker-role", { id: "WorkerRole", arn: literal });
    expect(model(literalRole, lambdaFunction("worker", { role: templated })).byArn(templated)?.id).toBe("WorkerRole");
  });

  it("find a stream's mappings by its ARN in either form, and nothing for another resource", () => {
    const stream = "arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${Clicks}";
    const mapping = eventSourceMapping("clicks-mapping", lambdaFunction("clicks").arn, stream);
    const resources = model(mapping);
    expect(resources.mappingsFrom(stream.replace("${AWS::Partition}", "aws"))).toEqual([mapping]);
    expect(resources.mappingsFrom(stream.replace("${Clicks}", "${Other}"))).toEqual([]);
  });
});
