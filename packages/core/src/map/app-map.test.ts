import { describe, expect, it } from "vitest";
import { diffFlows, flowKey } from "../model/flows.ts";
import { unknown } from "../model/value.ts";
import { appMapModel, appMapResults } from "../testing/app-map.ts";
import {
  arns,
  eventSourceMapping,
  iamRole,
  lambdaFunction,
  model,
  policy,
  queue,
  restMethod,
  table,
} from "../testing/builders.ts";
import { activeFindings, buildAppMap, mapFlows } from "./app-map.ts";
import { layoutAppMap } from "./layout.ts";

const flowLines = (map: ReturnType<typeof buildAppMap>) => mapFlows(map).map(flowKey);

describe("buildAppMap", () => {
  it("links triggers to functions, functions to roles and functions to data stores with their access", () => {
    const map = buildAppMap(appMapModel());
    const labelOf = new Map(map.nodes.map((node) => [node.id, node.label]));
    const edges = map.edges.map((edge) => {
      const detail = edge.kind === "trigger" ? edge.trigger : edge.kind === "flow" ? edge.access : "role";
      return `${labelOf.get(edge.from)} -${detail}-> ${labelOf.get(edge.to)}`;
    });
    expect(edges).toEqual(
      expect.arrayContaining([
        "GET /orders -http-api-> api-orders",
        "jobs -event-source-mapping-> worker",
        "uploads -s3-> thumbnailer",
        "URL of thumbnailer (auth NONE) -function-url-> thumbnailer",
        "api-orders -role-> api-orders-role",
        "api-orders -read-> orders",
        "api-orders -write-> orders",
        "worker -permissions-management-> uploads",
        "thumbnailer -write-> uploads",
      ]),
    );
    expect(edges).not.toContain("api-orders -read-> uploads");
  });

  it("puts every node in its column; a store a function can reach stays with the data stores", () => {
    const map = buildAppMap(appMapModel());
    const columns = Object.fromEntries(map.nodes.map((node) => [node.label, node.column]));
    expect(columns).toMatchObject({
      "GET /orders": "trigger",
      "URL of thumbnailer (auth NONE)": "trigger",
      "api-orders": "function",
      "worker-role": "role",
      orders: "data-store",
      uploads: "data-store",
      jobs: "data-store",
    });
  });

  it("keeps a queue that only triggers among the triggers, and lists stores nobody reaches", () => {
    const map = buildAppMap(
      model(
        queue("inbox"),
        eventSourceMapping("esm", arns.fn("consumer"), arns.queue("inbox")),
        lambdaFunction("consumer"),
        iamRole("consumer-role"),
        table("archive"),
      ),
    );
    const columns = Object.fromEntries(map.nodes.map((node) => [node.label, node.column]));
    expect(columns).toEqual({ inbox: "trigger", consumer: "function", "consumer-role": "role", archive: "data-store" });
    expect(map.edges.filter((edge) => edge.kind === "flow")).toEqual([]);
  });

  it("labels API methods by verb and path and shows a role the model does not hold", () => {
    const map = buildAppMap(
      model(
        restMethod("api1", "/pay", "POST", { name: unknown("generated"), integrationFunctionArn: arns.fn("pay") }),
        lambdaFunction("pay", { role: arns.role("made-elsewhere") }),
      ),
    );
    expect(map.nodes.map((node) => [node.label, node.kind])).toEqual([
      ["POST /pay", "apigateway.method"],
      ["pay", "lambda.function"],
      ["made-elsewhere", "iam.role-outside-model"],
    ]);
    expect(map.undetermined).toEqual([`role ${arns.role("made-elsewhere")} is not in the model`]);
  });

  it("attaches failing results to their nodes and counts those no exemption hides", () => {
    const [first, ...rest] = appMapResults();
    const exempted = {
      ...first!,
      exemption: { rule: first!.ruleId, resource: "*", reason: "accepted", expires: "2027-01-01" },
    };
    const map = buildAppMap(appMapModel(), { results: [exempted, ...rest] });
    const worker = map.nodes.find((node) => node.label === "worker")!;
    expect(worker.findings.map((finding) => [finding.ruleId, finding.exempted])).toEqual([
      ["iam-wildcard-resource", true],
      ["iam-privilege-escalation", false],
    ]);
    expect(activeFindings(worker)).toHaveLength(1);
    // Passing results are not findings.
    expect(map.nodes.find((node) => node.label === "orders")!.findings.map((finding) => finding.ruleId)).toEqual([
      "dynamodb-pitr",
    ]);
  });
});

describe("mapFlows and diffFlows", () => {
  const before = appMapModel();
  const after = model(
    ...before.resources.map((resource) =>
      resource.kind === "iam.role" && resource.name === "api-orders-role"
        ? iamRole("api-orders-role", {
            inlinePolicies: [
              {
                name: "orders-access",
                document: policy({
                  Version: "2012-10-17",
                  Statement: [
                    { Effect: "Allow", Action: "dynamodb:GetItem", Resource: arns.table("orders") },
                    { Effect: "Allow", Action: "s3:PutObject", Resource: `${arns.bucket("uploads")}/*` },
                  ],
                }),
              },
            ],
          })
        : resource,
    ),
  );

  it("lists the flows that appear and disappear between two maps", () => {
    const diff = diffFlows(mapFlows(buildAppMap(before)), mapFlows(buildAppMap(after)));
    expect(diff.added.map(flowKey)).toEqual(["api-orders → uploads (write)"]);
    expect(diff.removed.map(flowKey)).toEqual(["api-orders → orders (write)"]);
    expect(diff.added[0]).toMatchObject({ actions: ["s3:PutObject"], from: { label: "api-orders" } });
  });

  it("finds no change between a map and itself", () => {
    const flows = flowLines(buildAppMap(before));
    expect(flows.length).toBeGreaterThan(5);
    expect(diffFlows(mapFlows(buildAppMap(before)), mapFlows(buildAppMap(before)))).toEqual({ added: [], removed: [] });
  });
});

describe("layoutAppMap", () => {
  it("places columns left to right without overlapping nodes, and draws flows from the role", () => {
    const map = buildAppMap(appMapModel({ hostile: true }));
    const layout = layoutAppMap(map);
    const xs = ["trigger", "function", "role", "data-store"].map(
      (column) => layout.nodes.find((placed) => placed.node.column === column && !placed.copy)!.x,
    );
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a !== b && a.x === b.x) expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(50);
      }
    }
    const writers = layout.edges.filter((edge) => edge.style === "write" && edge.to === arns.table("orders"));
    expect(writers.map((edge) => edge.from).sort()).toEqual([arns.role("api-orders-role"), arns.role("hostile-role")]);
    expect(writers.find((edge) => edge.from === arns.role("api-orders-role"))?.edges).toMatchObject([
      { kind: "flow", from: arns.fn("api-orders"), access: "write" },
    ]);
    // A store that triggers a function is drawn again among the triggers, so every line runs left to right.
    const copies = layout.nodes.filter((placed) => placed.copy).map((placed) => placed.node.label);
    expect(copies.sort()).toEqual(["jobs", "uploads"]);
    for (const edge of layout.edges) {
      const path = /^M([\d.]+),[\d.-]+ C.* ([\d.]+),[\d.-]+$/.exec(edge.path);
      expect(Number(path?.[1])).toBeLessThan(Number(path?.[2]));
    }
  });
});
