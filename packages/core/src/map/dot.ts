import { type AppMap, activeFindings, MAP_COLUMNS, type MapColumn, type MapEdge } from "./app-map.ts";
import { ACCESS_LABELS, COLUMN_TITLES, kindLabel, renderIds, TRIGGER_LABELS } from "./labels.ts";

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n`. */
export function dotString(text: string): string {
  return `"${text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\r?\n|\r/g, "\\n")}"`;
}

const FILLS: Readonly<Record<MapColumn, string>> = {
  trigger: "#fef7e0",
  function: "#e8f0fe",
  role: "#f3e8fd",
  "data-store": "#e6f4ea",
};

function edgeAttributes(edge: MapEdge): string {
  switch (edge.kind) {
    case "trigger":
      return `label="${TRIGGER_LABELS[edge.trigger]}", color="#5f6368"`;
    case "role":
      return `label="role", style=dashed, color="#9334e6"`;
    case "flow":
      if (edge.access === "write") return `label="${ACCESS_LABELS.write}", color="#d93025", penwidth=2`;
      if (edge.access === "read") return `label="${ACCESS_LABELS.read}", color="#1a73e8"`;
      return `label="${ACCESS_LABELS["permissions-management"]}", color="#9334e6", style=dashed, penwidth=2`;
  }
}

/** The map as a Graphviz digraph, left to right, one cluster per column. */
export function renderDot(map: AppMap): string {
  const ids = renderIds(map.nodes);
  const lines = [
    "digraph vigil_app_map {",
    "  rankdir=LR;",
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const column of MAP_COLUMNS) {
    const nodes = map.nodes.filter((node) => node.column === column);
    if (nodes.length === 0) continue;
    lines.push(`  subgraph ${dotString(`cluster_${column}`)} {`, `    label=${dotString(COLUMN_TITLES[column])};`);
    for (const node of nodes) {
      const count = activeFindings(node).length;
      const findings = count === 0 ? "" : `\n${count} finding${count === 1 ? "" : "s"}`;
      const border = count === 0 ? "" : ', color="#d93025", penwidth=2';
      const label = `${node.label}\n${kindLabel(node.kind)}${findings}`;
      lines.push(
        `    ${dotString(ids.get(node.id)!)} [label=${dotString(label)}, fillcolor="${FILLS[column]}"${border}];`,
      );
    }
    lines.push("  }");
  }
  for (const edge of map.edges) {
    lines.push(`  ${dotString(ids.get(edge.from)!)} -> ${dotString(ids.get(edge.to)!)} [${edgeAttributes(edge)}];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
