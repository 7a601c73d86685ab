import { type AppMap, activeFindings, MAP_COLUMNS, type MapColumn, type MapEdge } from "./app-map.ts";
import { ACCESS_LABELS, COLUMN_TITLES, renderIds, TRIGGER_LABELS } from "./labels.ts";

/**
 * Text for a quoted Mermaid label. Every character outside a small safe set becomes a numeric entity (`#35;`),
 * which Mermaid decodes for display: quotes, brackets, `<`, `#` and backticks in names cannot break the diagram
 * or reach the page as markup.
 */
export function escapeMermaidLabel(text: string): string {
  return Array.from(text.replace(/\s+/g, " "))
    .map((char) => (/[A-Za-z0-9 _.,:/*@+=-]/.test(char) ? char : `#${char.codePointAt(0)};`))
    .join("");
}

const CLASS_STYLES: Readonly<Record<MapColumn | "findings", string>> = {
  trigger: "fill:#fef7e0,stroke:#b06000,color:#202124",
  function: "fill:#e8f0fe,stroke:#1a73e8,color:#202124",
  role: "fill:#f3e8fd,stroke:#9334e6,color:#202124",
  "data-store": "fill:#e6f4ea,stroke:#188038,color:#202124",
  findings: "stroke:#d93025,stroke-width:3px",
};

/** Mermaid class names: one per column (the node's kind of part), plus `findings`. */
const CLASS_NAMES: Readonly<Record<MapColumn, string>> = {
  trigger: "trigger",
  function: "function",
  role: "role",
  "data-store": "datastore",
};

function arrow(edge: MapEdge): string {
  switch (edge.kind) {
    case "trigger":
      return `-->|"${TRIGGER_LABELS[edge.trigger]}"|`;
    case "role":
      return `-.->|"role"|`;
    case "flow":
      if (edge.access === "write") return `==>|"${ACCESS_LABELS.write}"|`;
      if (edge.access === "read") return `-->|"${ACCESS_LABELS.read}"|`;
      return `-.->|"${ACCESS_LABELS["permissions-management"]}"|`;
  }
}

/** The map as a Mermaid `flowchart LR`: a subgraph per column, a class per column, labelled edges. */
export function renderMermaid(map: AppMap): string {
  const ids = renderIds(map.nodes);
  const lines = ["flowchart LR"];
  for (const column of MAP_COLUMNS) {
    const nodes = map.nodes.filter((node) => node.column === column);
    if (nodes.length === 0) continue;
    lines.push(`  subgraph col_${CLASS_NAMES[column]}["${COLUMN_TITLES[column]}"]`, "    direction TB");
    for (const node of nodes) {
      const count = activeFindings(node).length;
      const findings = count === 0 ? "" : `<br/>${count} finding${count === 1 ? "" : "s"}`;
      lines.push(`    ${ids.get(node.id)}["${escapeMermaidLabel(node.label)}${findings}"]`);
    }
    lines.push("  end");
  }
  for (const edge of map.edges) lines.push(`  ${ids.get(edge.from)} ${arrow(edge)} ${ids.get(edge.to)}`);
  for (const column of MAP_COLUMNS) lines.push(`  classDef ${CLASS_NAMES[column]} ${CLASS_STYLES[column]}`);
  lines.push(`  classDef findings ${CLASS_STYLES.findings}`);
  for (const column of MAP_COLUMNS) {
    const members = map.nodes.filter((node) => node.column === column).map((node) => ids.get(node.id));
    if (members.length > 0) lines.push(`  class ${members.join(",")} ${CLASS_NAMES[column]}`);
  }
  const withFindings = map.nodes.filter((node) => activeFindings(node).length > 0).map((node) => ids.get(node.id));
  if (withFindings.length > 0) lines.push(`  class ${withFindings.join(",")} findings`);
  return `${lines.join("\n")}\n`;
}
