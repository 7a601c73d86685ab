import { fileURLToPath } from "node:url";
import { isUnknown, type LambdaFunction, type Resource } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readTemplates } from "../readers/cloudformation/index.ts";
import { readConfigSnapshot } from "../readers/config/index.ts";
import { asDeployed, UndeployableFieldError } from "./as-deployed.ts";
import { ModelAccount } from "./model-account.ts";

const example = (file: string) =>
  fileURLToPath(new URL(`../../../../examples/vulnerable-app/${file}`, import.meta.url));

async function exampleRecords() {
  const snapshot = await readConfigSnapshot(example("config-snapshot.json"));
  const template = await readTemplates([example("template.yaml")]);
  return { configured: snapshot.resources, templated: template.resources };
}

const holdsUnknown = (value: unknown): boolean =>
  isUnknown(value as never) || (typeof value === "object" && value !== null && Object.values(value).some(holdsUnknown));

describe("asDeployed", () => {
  it("fills what Config does not record from the template, with the deployed names and ids", async () => {
    const { configured, templated } = await exampleRecords();
    expect(configured.some(holdsUnknown)).toBe(true);

    const deployed = asDeployed(configured, templated);

    expect(deployed.filter(holdsUnknown)).toEqual([]);
    const fn = (name: string) =>
      deployed.find((r) => r.kind === "lambda.function" && r.name === name) as LambdaFunction;
    // Config records the runtime; the template, the URL and the recursive-loop setting.
    expect(fn("orders-api").runtime).toBe("nodejs16.x");
    expect(fn("orders-worker").url).toMatchObject({ authType: "NONE" });
    expect(fn("orders-process-upload").recursiveLoop).toBe("Allow");
    // An invoke permission's source: the API's deployed id, not `${OrdersApi}`.
    expect(JSON.stringify(fn("orders-api").policy)).toContain(
      "arn:aws:execute-api:us-east-1:123456789012:k3x9qz7v2a/*/POST/",
    );
    expect(JSON.stringify(deployed)).not.toMatch(/\$\{/);
    // What the in-memory account can serve as AWS would.
    expect(() => new ModelAccount({ account: "123456789012", region: "us-east-1", resources: deployed })).not.toThrow();
  });

  it("keeps a resource Config recorded in full as it is", async () => {
    const { configured, templated } = await exampleRecords();
    const complete = configured.filter((resource) => !holdsUnknown(resource));
    expect(complete.length).toBeGreaterThan(0);
    expect(asDeployed(complete, templated)).toEqual(complete);
  });

  it("names the field it cannot fill when no template resource has the kind and name", async () => {
    const { configured, templated } = await exampleRecords();
    const withoutApiFunction = templated.filter(
      (r: Resource) => !(r.kind === "lambda.function" && r.name === "orders-api"),
    );
    expect(() => asDeployed(configured, withoutApiFunction)).toThrow(UndeployableFieldError);
    expect(() => asDeployed(configured, withoutApiFunction)).toThrow(
      /lambda\.function arn:aws:lambda:us-east-1:123456789012:function:orders-api: \w+ is not in the Config snapshot, and no template resource has its kind and name/,
    );
  });
});
