import { describe, expect, it } from "vitest";
import { appMapModel, appMapResults, HOSTILE_NAME } from "../testing/app-map.ts";
import { arns, httpRoute, iamRole, lambdaFunction, model, policy, table } from "../testing/builders.ts";
import { buildAppMap, mapFlows } from "./app-map.ts";
import { dotString, renderDot } from "./dot.ts";
import { escapeHtml, renderHtml } from "./html.ts";
import { AppMapFormatError, isAppMapJson, parseAppMapJson, renderAppMapJson, toAppMapJson } from "./json.ts";
import { escapeMermaidLabel, renderMermaid } from "./mermaid.ts";

/** One route → function → role → table: the smallest map with every column. */
function smallMap() {
  return buildAppMap(
    model(
      httpRoute("http123", "GET /orders", { integrationFunctionArn: arns.fn("orders") }),
      lambdaFunction("orders"),
      iamRole("orders-role", {
        inlinePolicies: [
          {
            name: "orders-access",
            document: policy({
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: "dynamodb:PutItem", Resource: arns.table("orders") }],
            }),
          },
        ],
      }),
      table("orders"),
    ),
  );
}

describe("renderMermaid", () => {
  it("draws a left-to-right flowchart with a subgraph and a class per column and labelled edges", () => {
    expect(renderMermaid(smallMap())).toBe(`flowchart LR
  subgraph col_trigger["Triggers"]
    direction TB
    trg_GET_orders["GET /orders"]
  end
  subgraph col_function["Functions"]
    direction TB
    fn_orders["orders"]
  end
  subgraph col_role["Roles"]
    direction TB
    role_orders_role["orders-role"]
  end
  subgraph col_datastore["Data stores"]
    direction TB
    store_orders["orders"]
  end
  trg_GET_orders -->|"http api"| fn_orders
  fn_orders -.->|"role"| role_orders_role
  fn_orders ==>|"write"| store_orders
  classDef trigger fill:#fef7e0,stroke:#b06000,color:#202124
  classDef function fill:#e8f0fe,stroke:#1a73e8,color:#202124
  classDef role fill:#f3e8fd,stroke:#9334e6,color:#202124
  classDef datastore fill:#e6f4ea,stroke:#188038,color:#202124
  classDef findings stroke:#d93025,stroke-width:3px
  class trg_GET_orders trigger
  class fn_orders function
  class role_orders_role role
  class store_orders datastore
`);
  });

  it("labels read, write and permissions edges and counts findings on nodes", () => {
    const text = renderMermaid(buildAppMap(appMapModel(), { results: appMapResults() }));
    expect(text).toContain('fn_worker -->|"read"| store_orders');
    expect(text).toContain('fn_worker ==>|"write"| store_uploads');
    expect(text).toContain('fn_worker -.->|"permissions"| store_uploads');
    expect(text).toContain('fn_worker["worker<br/>2 findings"]');
    expect(text).toContain("class fn_worker,store_orders findings");
  });

  it("keeps hostile names inside their labels: sanitised ids, entity-encoded text", () => {
    expect(escapeMermaidLabel('a"]; end; click A "js:x" #1 <b>`')).toBe(
      "a#34;#93;#59; end#59; click A #34;js:x#34; #35;1 #60;b#62;#96;",
    );
    const text = renderMermaid(buildAppMap(appMapModel({ hostile: true })));
    const hostileLine = text.split("\n").find((line) => line.includes("onerror"))!;
    expect(hostileLine).toMatch(/^ {4}fn_[A-Za-z0-9_]+\["[^"<>`]*"\]$/);
    for (const line of text.split("\n")) expect(line).not.toMatch(/<(?!br\/>)|`/);
  });
});

describe("renderDot", () => {
  it("writes a digraph with a cluster per column and styled, labelled edges", () => {
    const text = renderDot(smallMap());
    expect(text).toMatch(/^digraph vigil_app_map \{\n {2}rankdir=LR;/);
    expect(text).toContain('subgraph "cluster_data-store" {');
    expect(text).toContain('"store_orders" [label="orders\\nDynamoDB table", fillcolor="#e6f4ea"];');
    expect(text).toContain('"fn_orders" -> "store_orders" [label="write", color="#d93025", penwidth=2];');
    expect(text).toContain('"trg_GET_orders" -> "fn_orders" [label="http api", color="#5f6368"];');
  });

  it("escapes quotes, backslashes and line breaks in labels", () => {
    expect(dotString('say "hi"\\n\nnext')).toBe('"say \\"hi\\"\\\\n\\nnext"');
    const text = renderDot(buildAppMap(appMapModel({ hostile: true })));
    const hostileLine = text.split("\n").find((line) => line.includes("onerror"))!;
    // Inside the quoted label every quote is escaped: the statement stays one node with one label.
    expect(hostileLine).toMatch(/^ {4}"fn_[A-Za-z0-9_]+" \[label="(?:[^"\\]|\\.)*", fillcolor="#e8f0fe"\];$/);
  });
});

describe("app map JSON", () => {
  it("lists nodes with kind, name, ARN and findings count, and edges with their kinds", () => {
    const json = toAppMapJson(buildAppMap(appMapModel(), { results: appMapResults() }));
    expect(json).toMatchObject({ format: "vigil-app-map", version: 1, undetermined: [] });
    expect(json.nodes.find((node) => node.label === "worker")).toEqual({
      id: arns.fn("worker"),
      kind: "lambda.function",
      column: "function",
      label: "worker",
      name: "worker",
      arn: arns.fn("worker"),
      findings: 2,
      findingsBySeverity: { critical: 1, high: 1 },
    });
    expect(json.edges).toContainEqual({
      kind: "flow",
      from: arns.fn("api-orders"),
      to: arns.table("orders"),
      access: "write",
      actions: ["dynamodb:PutItem"],
      policies: ["inline policy orders-access"],
    });
    expect(json.edges).toContainEqual({
      kind: "trigger",
      from: arns.queue("jobs"),
      to: arns.fn("worker"),
      trigger: "event-source-mapping",
    });
    expect(json.edges).toContainEqual({ kind: "role", from: arns.fn("worker"), to: arns.role("worker-role") });
  });

  it("reads back what it wrote, with the same flows", () => {
    const map = buildAppMap(appMapModel({ hostile: true }));
    const text = renderAppMapJson(map);
    const parsed = parseAppMapJson(JSON.parse(text));
    expect(isAppMapJson(JSON.parse(text))).toBe(true);
    expect(mapFlows(parsed)).toEqual(mapFlows(map));
  });

  it("rejects a file that is not an app map, naming the field", () => {
    expect(isAppMapJson({ AWSTemplateFormatVersion: "2010-09-09", Resources: {} })).toBe(false);
    expect(() =>
      parseAppMapJson({ format: "vigil-app-map", version: 1, nodes: [{}], edges: [], undetermined: [] }),
    ).toThrow(AppMapFormatError);
    expect(() => parseAppMapJson({ format: "vigil-app-map", version: 2 })).toThrow(/version/);
  });
});

describe("renderHtml", () => {
  const page = renderHtml(buildAppMap(appMapModel({ hostile: true }), { results: appMapResults() }), {
    title: "<i>app</i>",
  });

  it("is one self-contained page: inline style and script, nothing fetched", () => {
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("default-src 'none'");
    expect(page).not.toMatch(/<(?:link|img|iframe)\b|\bsrc="|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(page).toContain("<title>Vigil app map — &#60;i&#62;app&#60;/i&#62;</title>");
  });

  it("escapes names everywhere they appear: SVG text, attributes and the panel data", () => {
    expect(escapeHtml(`<a href='x'>&"`)).toBe("&#60;a href=&#39;x&#39;&#62;&#38;&#34;");
    expect(page).not.toContain(HOSTILE_NAME);
    expect(page).not.toContain("<img");
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    const data = /<script type="application\/json" id="map-data">(.*?)<\/script>/s.exec(page)![1]!;
    expect(data).not.toMatch(/[<>&]/);
    const parsed = JSON.parse(data) as { nodes: { label: string }[] };
    expect(parsed.nodes.map((node) => node.label)).toContain(HOSTILE_NAME);
    expect(page).toContain("point-in-time recovery is off \\u003cb\\u003ebold\\u003c/b\\u003e");
  });
});
