import { describe, expect, it } from "vitest";
import { iamRole, lambdaFunction, model, policy, queue, table } from "../testing/builders.ts";
import { declarationOf, declaredWrites, isSensitiveStore } from "./declared-flows.ts";
import { flowsOf } from "./flows.ts";

describe("declared flows", () => {
  it("reads vigil:writes as names or logical ids, comma- or space-separated", () => {
    const fn = lambdaFunction("fn", { tags: { "vigil:writes": " orders,AuditTable  jobs ," } });
    expect(declaredWrites(fn)).toEqual(["orders", "AuditTable", "jobs"]);
    expect(declaredWrites(lambdaFunction("bare"))).toEqual([]);
  });

  it("matches a store by its template logical id", () => {
    const fn = lambdaFunction("fn", { tags: { "vigil:writes": "AuditTable" } });
    const audit = table("audit", { origin: { type: "template", file: "t.yaml", logicalId: "AuditTable" } });
    const role = iamRole("fn-role", {
      inlinePolicies: [
        {
          name: "data",
          document: policy({ Statement: [{ Effect: "Allow", Action: "dynamodb:PutItem", Resource: audit.arn }] }),
        },
      ],
    });
    const resources = model(fn, role, audit);
    const [flow] = flowsOf(resources, fn).flows;
    expect(flow && declarationOf(resources, flow)).toBe("declared in the vigil:writes tag");
  });

  it("treats a store as sensitive by tag (case-insensitive value) or by option", () => {
    expect(isSensitiveStore(table("orders", { tags: { "vigil:sensitive": "TRUE" } }), [])).toBe(true);
    expect(isSensitiveStore(table("orders", { tags: { "vigil:sensitive": "false" } }), [])).toBe(false);
    expect(isSensitiveStore(queue("jobs"), ["jobs"])).toBe(true);
  });
});
