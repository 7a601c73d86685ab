import type { FlowAccess } from "../model/flows.ts";
import { type AppMap, MAP_COLUMNS, type MapColumn, type MapEdge, type MapNode } from "./app-map.ts";
import { ACCESS_LABELS, TRIGGER_LABELS } from "./labels.ts";

/** Sizes of the drawn map, in SVG user units (pixels at zoom 1). */
export const MAP_LAYOUT = {
  nodeWidth: 230,
  nodeHeight: 50,
  /** Gaps after the trigger, function and role columns: the widest holds the `read · write · permissions` labels. */
  columnGaps: [120, 100, 190],
  rowGap: 22,
  margin: 30,
  /** Space above the first row for the column titles. */
  header: 44,
} as const;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode {
  readonly node: MapNode;
  readonly x: number;
  readonly y: number;
  /** A data store that also triggers functions is drawn a second time among the triggers. */
  readonly copy: boolean;
}

export type EdgeStyle = "trigger" | "role" | FlowAccess;

export interface PlacedEdge {
  readonly style: EdgeStyle;
  /** Drawn ends (node ids): a flow is drawn from the function's role, which is what grants it. */
  readonly from: string;
  readonly to: string;
  /** The map edges this line stands for: one trigger or role edge, or the flows of every function of the role. */
  readonly edges: readonly MapEdge[];
  /** SVG path data: a cubic curve from the right side of `from` to the left side of `to`. */
  readonly path: string;
  /** Text on the line (`sqs`, `read · write`); absent when another line between the same nodes carries it. */
  readonly label?: string;
  readonly labelAt: Point;
}

export interface MapLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly columns: readonly { readonly column: MapColumn; readonly x: number }[];
  readonly width: number;
  readonly height: number;
}

const rowPitch = MAP_LAYOUT.nodeHeight + MAP_LAYOUT.rowGap;
const columnIndex = (column: MapColumn) => MAP_COLUMNS.indexOf(column);
const columnX = (column: MapColumn) =>
  MAP_LAYOUT.margin +
  columnIndex(column) * MAP_LAYOUT.nodeWidth +
  MAP_LAYOUT.columnGaps.slice(0, columnIndex(column)).reduce((sum, gap) => sum + gap, 0);

interface DisplayNode {
  readonly key: string;
  readonly node: MapNode;
  readonly column: MapColumn;
  readonly copy: boolean;
}

interface DisplayEdge {
  readonly style: EdgeStyle;
  readonly from: string;
  readonly to: string;
  readonly edges: MapEdge[];
}

const copyKey = (id: string) => `copy ${id}`;

/**
 * What is drawn, so that every line runs left to right between neighbouring columns: trigger → function →
 * role → data store. A flow (function → store) is drawn from the function's role, once per role, store and access;
 * a store that triggers a function is drawn again in the trigger column.
 */
function displayGraph(map: AppMap): { nodes: DisplayNode[]; edges: DisplayEdge[] } {
  const byId = new Map(map.nodes.map((node) => [node.id, node]));
  const nodes: DisplayNode[] = map.nodes.map((node) => ({ key: node.id, node, column: node.column, copy: false }));
  const roleOf = new Map(map.edges.flatMap((edge) => (edge.kind === "role" ? [[edge.from, edge.to] as const] : [])));
  const edges = new Map<string, DisplayEdge>();
  const draw = (style: EdgeStyle, from: string, to: string, edge: MapEdge) => {
    const key = `${style}|${from}|${to}`;
    const existing = edges.get(key);
    if (existing) existing.edges.push(edge);
    else edges.set(key, { style, from, to, edges: [edge] });
  };
  for (const edge of map.edges) {
    if (edge.kind === "role") draw("role", edge.from, edge.to, edge);
    else if (edge.kind === "flow") draw(edge.access, roleOf.get(edge.from) ?? edge.from, edge.to, edge);
    else {
      const source = byId.get(edge.from);
      if (source?.column === "data-store") {
        if (!nodes.some((n) => n.key === copyKey(source.id))) {
          nodes.push({ key: copyKey(source.id), node: source, column: "trigger", copy: true });
        }
        draw("trigger", copyKey(source.id), edge.to, edge);
      } else draw("trigger", edge.from, edge.to, edge);
    }
  }
  return { nodes, edges: [...edges.values()] };
}

/**
 * A layered layout, one column per {@link MapColumn}. Rows are ordered by barycentre sweeps (each node near the
 * mean row of its neighbours), then placed as near their neighbours' height as the nodes above allow: short,
 * mostly horizontal lines and few crossings for the maps of real apps.
 */
export function layoutAppMap(map: AppMap): MapLayout {
  const graph = displayGraph(map);
  const columns = new Map<MapColumn, DisplayNode[]>(
    MAP_COLUMNS.map((column) => [column, graph.nodes.filter((node) => node.column === column)]),
  );
  const neighbours = new Map<string, string[]>();
  for (const { from, to } of graph.edges) {
    neighbours.set(from, [...(neighbours.get(from) ?? []), to]);
    neighbours.set(to, [...(neighbours.get(to) ?? []), from]);
  }
  const rows = orderRows(columns, neighbours);
  const heights = placeRows(columns, rows, neighbours);

  const placed = graph.nodes.map((display) => ({
    key: display.key,
    node: display.node,
    copy: display.copy,
    x: columnX(display.column),
    y: heights.get(display.key) ?? MAP_LAYOUT.header,
  }));
  const at = new Map(placed.map((p) => [p.key, p]));
  const bottom = Math.max(MAP_LAYOUT.header, ...placed.map((p) => p.y + MAP_LAYOUT.nodeHeight));
  const lastColumn = MAP_COLUMNS[MAP_COLUMNS.length - 1]!;
  return {
    nodes: placed.map(({ key: _key, ...node }) => node),
    edges: routeEdges(graph.edges, at),
    columns: MAP_COLUMNS.map((column) => ({ column, x: columnX(column) })),
    width: columnX(lastColumn) + MAP_LAYOUT.nodeWidth + MAP_LAYOUT.margin,
    height: bottom + MAP_LAYOUT.margin,
  };
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Row order per column: start in map order (by label), then sweep right and left a few times, ordering each
 * column by the mean row of its neighbours in the column it was reached from (Sugiyama's barycentre heuristic).
 */
function orderRows(
  columns: ReadonlyMap<MapColumn, readonly DisplayNode[]>,
  neighbours: ReadonlyMap<string, readonly string[]>,
): Map<string, number> {
  const rank = new Map<string, number>();
  const columnOf = new Map<string, MapColumn>();
  const setRows = (nodes: readonly DisplayNode[]) => {
    for (const [row, node] of nodes.entries()) rank.set(node.key, row);
  };
  for (const [column, nodes] of columns) {
    setRows(nodes);
    for (const node of nodes) columnOf.set(node.key, column);
  }
  const orderBy = (column: MapColumn, reference: MapColumn) => {
    const nodes = [...(columns.get(column) ?? [])].sort((a, b) => rank.get(a.key)! - rank.get(b.key)!);
    const centre = new Map(
      nodes.map((node) => {
        const rows = (neighbours.get(node.key) ?? []).filter((other) => columnOf.get(other) === reference);
        return [node.key, mean(rows.map((other) => rank.get(other)!)) ?? rank.get(node.key)!];
      }),
    );
    nodes.sort((a, b) => centre.get(a.key)! - centre.get(b.key)! || rank.get(a.key)! - rank.get(b.key)!);
    setRows(nodes);
  };
  const last = MAP_COLUMNS.length - 1;
  for (let round = 0; round < 4; round++) {
    for (let index = last - 1; index >= 0; index--) orderBy(MAP_COLUMNS[index]!, MAP_COLUMNS[index + 1]!);
    for (let index = 1; index <= last; index++) orderBy(MAP_COLUMNS[index]!, MAP_COLUMNS[index - 1]!);
  }
  return rank;
}

/**
 * Heights: the fullest column is spaced evenly, then the columns to its right and left in turn, each node at the
 * mean height of its placed neighbours, pushed down just enough not to overlap the node above.
 */
function placeRows(
  columns: ReadonlyMap<MapColumn, readonly DisplayNode[]>,
  rows: ReadonlyMap<string, number>,
  neighbours: ReadonlyMap<string, readonly string[]>,
): Map<string, number> {
  const heights = new Map<string, number>();
  const sorted = (column: MapColumn) =>
    [...(columns.get(column) ?? [])].sort((a, b) => rows.get(a.key)! - rows.get(b.key)!);
  // The function column is the spine unless another is longer.
  const fullest = MAP_COLUMNS.reduce<MapColumn>(
    (best, column) => ((columns.get(column)?.length ?? 0) > (columns.get(best)?.length ?? 0) ? column : best),
    "function",
  );
  for (const [row, node] of sorted(fullest).entries()) heights.set(node.key, MAP_LAYOUT.header + row * rowPitch);
  const start = columnIndex(fullest);
  const order = [...MAP_COLUMNS.slice(start + 1), ...MAP_COLUMNS.slice(0, start).reverse()];
  for (const column of order) {
    let next: number = MAP_LAYOUT.header;
    for (const node of sorted(column)) {
      const wanted = mean((neighbours.get(node.key) ?? []).flatMap((other) => heights.get(other) ?? [])) ?? next;
      const height = Math.max(wanted, next);
      heights.set(node.key, height);
      next = height + rowPitch;
    }
  }
  return heights;
}

/** Where lines meet a node's side: spread over its height in the order of their other ends, so they stay apart. */
function portOffsets(edges: readonly DisplayEdge[], at: ReadonlyMap<string, Point>) {
  const sides = new Map<string, { index: number; otherY: number }[]>();
  const add = (side: string, index: number, other: string) =>
    sides.set(side, [...(sides.get(side) ?? []), { index, otherY: at.get(other)?.y ?? 0 }]);
  edges.forEach((edge, index) => {
    add(`out ${edge.from}`, index, edge.to);
    add(`in ${edge.to}`, index, edge.from);
  });
  const offsets = { out: new Map<number, number>(), in: new Map<number, number>() };
  for (const [side, ends] of sides) {
    const direction = side.startsWith("out ") ? offsets.out : offsets.in;
    ends.sort((a, b) => a.otherY - b.otherY || a.index - b.index);
    const spread = Math.min(MAP_LAYOUT.nodeHeight - 16, (ends.length - 1) * 8);
    ends.forEach(({ index }, rank) => {
      direction.set(index, ends.length === 1 ? 0 : -spread / 2 + (rank * spread) / (ends.length - 1));
    });
  }
  return offsets;
}

function styleLabel(edge: DisplayEdge): string | undefined {
  if (edge.style === "role") return undefined;
  if (edge.style === "trigger") {
    const [first] = edge.edges;
    return first?.kind === "trigger" ? TRIGGER_LABELS[first.trigger] : undefined;
  }
  return ACCESS_LABELS[edge.style];
}

function routeEdges(edges: readonly DisplayEdge[], at: ReadonlyMap<string, Point & { node: MapNode }>): PlacedEdge[] {
  const offsets = portOffsets(edges, at);
  // One label per pair of nodes, naming every access between them: `read · write`.
  const pairLabels = new Map<string, string[]>();
  for (const edge of edges) {
    const label = styleLabel(edge);
    if (label === undefined) continue;
    const pair = `${edge.from}|${edge.to}`;
    pairLabels.set(pair, [...(pairLabels.get(pair) ?? []), label]);
  }
  const labelled = new Set<string>();
  return edges.flatMap((edge, index) => {
    const from = at.get(edge.from);
    const to = at.get(edge.to);
    if (!from || !to) return [];
    const start = {
      x: from.x + MAP_LAYOUT.nodeWidth,
      y: from.y + MAP_LAYOUT.nodeHeight / 2 + (offsets.out.get(index) ?? 0),
    };
    const end = { x: to.x, y: to.y + MAP_LAYOUT.nodeHeight / 2 + (offsets.in.get(index) ?? 0) };
    const bend = Math.max(40, (end.x - start.x) / 2);
    const control1 = { x: start.x + bend, y: start.y };
    const control2 = { x: end.x - bend, y: end.y };
    const path = `M${start.x},${start.y} C${control1.x},${control1.y} ${control2.x},${control2.y} ${end.x},${end.y}`;
    const pair = `${edge.from}|${edge.to}`;
    const words = pairLabels.get(pair);
    const label = words && !labelled.has(pair) ? words.join(" · ") : undefined;
    if (label !== undefined) labelled.add(pair);
    return [
      {
        style: edge.style,
        from: from.node.id,
        to: to.node.id,
        edges: edge.edges,
        path,
        ...(label !== undefined && { label }),
        // Lines leaving one role fan out towards their stores: label them where they are already apart.
        labelAt: cubicPoint(
          start,
          control1,
          control2,
          end,
          edge.style === "trigger" || edge.style === "role" ? 0.5 : 0.56,
        ),
      },
    ];
  });
}

function cubicPoint(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t;
  const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return { x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y };
}
