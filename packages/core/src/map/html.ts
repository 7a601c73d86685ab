import { SEVERITIES, type Severity } from "../engine/rule.ts";
import { type AppMap, activeFindings, type MapEdge, type NodeFinding } from "./app-map.ts";
import { ACCESS_LABELS, COLUMN_TITLES, kindLabel } from "./labels.ts";
import { layoutAppMap, MAP_LAYOUT, type PlacedEdge, type PlacedNode } from "./layout.ts";

export interface HtmlMapOptions {
  /** Shown in the page title and header, e.g. the paths the map was read from. */
  readonly title?: string;
}

/** Text safe in HTML and SVG element content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * JSON safe inside `<script type="application/json">`: no `</script>`, `<!--` or `&` can end or confuse the
 * element, and U+2028/2029 stay escaped.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Labels longer than a node is wide are cut; the full text is in the node's tooltip and side panel. */
const LABEL_CHARS = 27;
function fitLabel(label: string): string {
  return label.length <= LABEL_CHARS ? label : `${label.slice(0, LABEL_CHARS - 1)}…`;
}

function worstSeverity(findings: readonly NodeFinding[]): Severity | undefined {
  return SEVERITIES.find((severity) => findings.some((finding) => finding.severity === severity));
}

/** One line per edge of a node, as its side panel lists them. */
function describeEdge(edge: MapEdge, self: string, labels: ReadonlyMap<string, string>): string {
  const other = labels.get(edge.from === self ? edge.to : edge.from) ?? "?";
  switch (edge.kind) {
    case "trigger":
      return edge.from === self ? `triggers ${other} (${edge.trigger})` : `triggered by ${other} (${edge.trigger})`;
    case "role":
      return edge.from === self ? `runs as role ${other}` : `execution role of ${other}`;
    case "flow": {
      const access = ACCESS_LABELS[edge.access];
      const detail = `${edge.actions.join(", ")}${edge.policies.length > 0 ? ` via ${edge.policies.join(", ")}` : ""}`;
      return edge.from === self ? `${access} → ${other}: ${detail}` : `${access} ← ${other}: ${detail}`;
    }
  }
}

function renderNode({ node, x, y, copy }: PlacedNode, index: number): string {
  const active = activeFindings(node);
  const worst = worstSeverity(active);
  const badge =
    worst === undefined
      ? ""
      : `<g class="badge ${worst}" transform="translate(${MAP_LAYOUT.nodeWidth - 6},6)"><circle r="11"/>` +
        `<text text-anchor="middle" dy="4">${active.length}</text></g>`;
  const findingsText =
    active.length === 0 ? "no findings" : `${active.length} finding${active.length === 1 ? "" : "s"}`;
  const kind = copy ? `${kindLabel(node.kind)} · also a data store` : kindLabel(node.kind);
  const classes = ["node", node.column];
  if (node.kind === "iam.role-outside-model") classes.push("outside");
  if (copy) classes.push("copy");
  return [
    `<g class="${classes.join(" ")}" data-index="${index}" transform="translate(${x},${y})" tabindex="0" role="button"`,
    ` aria-label="${escapeHtml(`${node.label}, ${kind}, ${findingsText}`)}">`,
    `<title>${escapeHtml(`${node.label}\n${node.arn}`)}</title>`,
    `<rect width="${MAP_LAYOUT.nodeWidth}" height="${MAP_LAYOUT.nodeHeight}" rx="8"/>`,
    `<text class="label" x="12" y="21">${escapeHtml(fitLabel(node.label))}</text>`,
    `<text class="kind" x="12" y="38">${escapeHtml(kind)}</text>`,
    badge,
    "</g>",
  ].join("");
}

function renderEdge(
  { style, from, to, edges, path, label, labelAt }: PlacedEdge,
  labels: ReadonlyMap<string, string>,
): string {
  const name = (id: string) => labels.get(id) ?? id;
  const functions = [...new Set(edges.flatMap((edge) => (edge.kind === "flow" ? [name(edge.from)] : [])))];
  const what = style === "role" ? "execution role" : style === "trigger" ? "trigger" : ACCESS_LABELS[style];
  const title = `${name(from)} → ${name(to)}: ${what}${functions.length > 0 ? ` (for ${functions.join(", ")})` : ""}`;
  const text =
    label === undefined
      ? ""
      : `<text class="edge-label" x="${labelAt.x.toFixed(1)}" y="${(labelAt.y - 5).toFixed(1)}" text-anchor="middle">${escapeHtml(label)}</text>`;
  return `<g class="edge ${style}"><title>${escapeHtml(title)}</title><path d="${path}" marker-end="url(#arrow-${style})"/>${text}</g>`;
}

const EDGE_COLOURS = {
  trigger: "#5f6368",
  role: "#9334e6",
  read: "#1a73e8",
  write: "#d93025",
  "permissions-management": "#a142f4",
} as const;

const STYLE = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#202124;background:#f8f9fa}
body{display:flex;flex-direction:column}
header{display:flex;flex-wrap:wrap;align-items:center;gap:8px 20px;padding:10px 16px;background:#fff;border-bottom:1px solid #dadce0}
h1{font-size:17px;margin:0}
.summary{color:#5f6368}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:#3c4043}
.legend span{display:inline-flex;align-items:center;gap:5px}
.legend i{display:inline-block;width:22px;height:0;border-top:2px solid}
.legend i.dashed{border-top-style:dashed}
.controls{margin-left:auto;display:flex;gap:6px}
button{font:inherit;border:1px solid #dadce0;background:#fff;border-radius:6px;padding:3px 10px;cursor:pointer}
button:hover{background:#f1f3f4}
main{flex:1;display:flex;min-height:0}
#map{flex:1;min-width:0;height:100%;cursor:grab;touch-action:none;user-select:none}
#map.dragging{cursor:grabbing}
.column-title{font-size:12px;font-weight:600;letter-spacing:.08em;fill:#5f6368;text-transform:uppercase}
.node{cursor:pointer}
.node rect{stroke-width:1.5}
.node.trigger rect{fill:#fef7e0;stroke:#b06000}
.node.function rect{fill:#e8f0fe;stroke:#1a73e8}
.node.role rect{fill:#f3e8fd;stroke:#9334e6}
.node.outside rect,.node.copy rect{stroke-dasharray:5 3}
.node.data-store rect{fill:#e6f4ea;stroke:#188038}
.node:hover rect,.node:focus rect{stroke-width:3}
.node:focus{outline:none}
.node.selected rect{stroke:#202124;stroke-width:3}
.node .label{font-size:13px;font-weight:600;fill:#202124}
.node .kind{font-size:11px;fill:#5f6368}
.badge circle{stroke:#fff;stroke-width:2}
.badge text{font-size:11px;font-weight:700;fill:#fff}
.badge.critical circle{fill:#a50e0e}.badge.high circle{fill:#d93025}.badge.medium circle{fill:#e37400}
.badge.low circle{fill:#f9ab00}.badge.info circle{fill:#5f6368}
.edge path{fill:none;stroke-width:1.6}
.edge.trigger path{stroke:${EDGE_COLOURS.trigger}}
.edge.role path{stroke:${EDGE_COLOURS.role};stroke-dasharray:5 4;stroke-width:1.2}
.edge.read path{stroke:${EDGE_COLOURS.read}}
.edge.write path{stroke:${EDGE_COLOURS.write};stroke-width:2.4}
.edge.permissions-management path{stroke:${EDGE_COLOURS["permissions-management"]};stroke-dasharray:7 4;stroke-width:2.4}
.edge-label{font-size:11px;fill:#3c4043;paint-order:stroke;stroke:#f8f9fa;stroke-width:4px;stroke-linejoin:round}
.dim{opacity:.25}
#panel{width:360px;max-width:45vw;overflow:auto;background:#fff;border-left:1px solid #dadce0;padding:14px 16px}
#panel[hidden]{display:none}
#panel h2{font-size:16px;margin:0 28px 2px 0;word-break:break-word}
#panel h3{font-size:13px;margin:16px 0 6px;text-transform:uppercase;letter-spacing:.05em;color:#5f6368}
#panel .muted{color:#5f6368;margin:0}
#panel code{font-size:12px;word-break:break-all}
#panel ul{list-style:none;margin:0;padding:0}
#panel li{padding:7px 0;border-top:1px solid #f1f3f4}
#panel-close{float:right}
.severity{display:inline-block;min-width:58px;text-align:center;border-radius:10px;padding:0 6px;margin-right:6px;font-size:11px;font-weight:700;color:#fff;background:#5f6368}
.severity.critical{background:#a50e0e}.severity.high{background:#d93025}.severity.medium{background:#e37400}
.severity.low{background:#f9ab00;color:#202124}
.exempted{opacity:.6}
.finding-message{margin:3px 0 0}
`;

/** Pan (drag), zoom (wheel, buttons, +/- keys), fit, and the side panel of a clicked node. No network, no eval. */
const SCRIPT = `
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("map-data").textContent);
  const svg = document.getElementById("map");
  const viewport = document.getElementById("viewport");
  const panel = document.getElementById("panel");
  const width = Number(svg.dataset.width);
  const height = Number(svg.dataset.height);
  let view = { x: 0, y: 0, k: 1 };
  const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
  const apply = () =>
    viewport.setAttribute("transform", "translate(" + view.x.toFixed(1) + "," + view.y.toFixed(1) + ") scale(" + view.k.toFixed(3) + ")");
  const zoomAt = (factor, cx, cy) => {
    const k = clamp(view.k * factor, 0.2, 4);
    view = { k, x: cx - ((cx - view.x) * k) / view.k, y: cy - ((cy - view.y) * k) / view.k };
    apply();
  };
  const centre = () => { const r = svg.getBoundingClientRect(); return [r.width / 2, r.height / 2]; };
  const fit = () => {
    const r = svg.getBoundingClientRect();
    const k = clamp(Math.min(r.width / width, r.height / height), 0.35, 1.25);
    view = { k, x: Math.max(0, (r.width - width * k) / 2), y: 0 };
    apply();
  };
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const r = svg.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - r.left, event.clientY - r.top);
  }, { passive: false });
  let drag = null;
  let dragged = false;
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y };
    dragged = false;
  });
  window.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
    dragged = true;
    svg.classList.add("dragging");
    view = { ...view, x: drag.vx + dx, y: drag.vy + dy };
    apply();
  });
  window.addEventListener("pointerup", () => { drag = null; svg.classList.remove("dragging"); });
  document.getElementById("zoom-in").addEventListener("click", () => zoomAt(1.25, ...centre()));
  document.getElementById("zoom-out").addEventListener("click", () => zoomAt(0.8, ...centre()));
  document.getElementById("zoom-fit").addEventListener("click", fit);

  const element = (tag, className, text) => {
    const created = document.createElement(tag);
    if (className) created.className = className;
    if (text !== undefined) created.textContent = text;
    return created;
  };
  const nodes = Array.from(svg.querySelectorAll(".node"));
  const edges = Array.from(svg.querySelectorAll(".edge"));
  const select = (index) => {
    const node = data.nodes[index];
    nodes.forEach((g) => g.classList.toggle("selected", Number(g.dataset.index) === index));
    edges.forEach((g, position) => g.classList.toggle("dim", !data.edgeEnds[position].includes(index)));
    document.getElementById("panel-title").textContent = node.label;
    document.getElementById("panel-kind").textContent = node.kind;
    document.getElementById("panel-arn").textContent = node.arn;
    const findings = document.getElementById("panel-findings");
    findings.replaceChildren();
    if (node.findings.length === 0) findings.append(element("li", "muted", "No findings."));
    for (const finding of node.findings) {
      const item = element("li", finding.exempted ? "finding exempted" : "finding");
      item.append(element("span", "severity " + finding.severity, finding.severity), element("code", "rule-id", finding.ruleId));
      if (finding.status === "error") item.append(element("span", "muted", " (rule error)"));
      if (finding.exempted) item.append(element("span", "muted", " (exempted)"));
      item.append(element("p", "finding-message", finding.message));
      findings.append(item);
    }
    const links = document.getElementById("panel-edges");
    links.replaceChildren(...(node.edges.length === 0 ? [element("li", "muted", "None.")] : node.edges.map((line) => element("li", "", line))));
    panel.hidden = false;
  };
  const close = () => {
    panel.hidden = true;
    nodes.forEach((g) => g.classList.remove("selected"));
    edges.forEach((g) => g.classList.remove("dim"));
  };
  svg.addEventListener("click", (event) => {
    if (dragged) return;
    const node = event.target.closest(".node");
    if (node) select(Number(node.dataset.index));
  });
  svg.addEventListener("keydown", (event) => {
    const node = event.target.closest(".node");
    if (node && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); select(Number(node.dataset.index)); }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
    if (event.target.closest && event.target.closest("button")) return;
    if (event.key === "+" || event.key === "=") zoomAt(1.25, ...centre());
    if (event.key === "-") zoomAt(0.8, ...centre());
  });
  document.getElementById("panel-close").addEventListener("click", close);
  fit();
})();
`;

/**
 * The map as one self-contained HTML page: inline CSS, inline script, an SVG laid out by {@link layoutAppMap}.
 * It loads nothing (a Content-Security-Policy forbids any fetch); every name is escaped, and the side-panel data
 * travels as JSON that the script writes with `textContent` only.
 */
export function renderHtml(map: AppMap, options: HtmlMapOptions = {}): string {
  const layout = layoutAppMap(map);
  const index = new Map(map.nodes.map((node, position) => [node.id, position]));
  const labels = new Map(map.nodes.map((node) => [node.id, node.label]));
  const data = {
    nodes: map.nodes.map((node) => ({
      label: node.label,
      kind: kindLabel(node.kind),
      arn: node.arn,
      findings: [...node.findings].sort(
        (a, b) =>
          Number(a.exempted) - Number(b.exempted) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
      ),
      edges: map.edges
        .filter((edge) => edge.from === node.id || edge.to === node.id)
        .map((edge) => describeEdge(edge, node.id, labels)),
    })),
    // Nodes a drawn line belongs to, for highlighting: its drawn ends and the ends of the edges it stands for.
    edgeEnds: layout.edges.map((placed) => [
      ...new Set(
        [placed.from, placed.to, ...placed.edges.flatMap((edge) => [edge.from, edge.to])].map((id) => index.get(id)),
      ),
    ]),
  };
  const functions = map.nodes.filter((node) => node.column === "function").length;
  const flows = map.edges.filter((edge) => edge.kind === "flow").length;
  const findings = map.nodes.reduce((sum, node) => sum + activeFindings(node).length, 0);
  const title = options.title ? `Vigil app map — ${options.title}` : "Vigil app map";
  const markers = Object.entries({ ...EDGE_COLOURS })
    .map(
      ([name, colour]) =>
        `<marker id="arrow-${name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" ` +
        `orient="auto" markerUnits="userSpaceOnUse"><path d="M0,0L10,5L0,10z" fill="${colour}"/></marker>`,
    )
    .join("");
  const columnTitles = layout.columns
    .map(
      ({ column, x }) =>
        `<text class="column-title" x="${x + MAP_LAYOUT.nodeWidth / 2}" y="24" text-anchor="middle">${COLUMN_TITLES[column]}</text>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<span class="summary">${functions} function${functions === 1 ? "" : "s"} · ${flows} flow${flows === 1 ? "" : "s"} · ${findings} finding${findings === 1 ? "" : "s"}</span>
<div class="legend" aria-label="Legend">
<span><i style="border-color:${EDGE_COLOURS.trigger}"></i>trigger</span>
<span><i class="dashed" style="border-color:${EDGE_COLOURS.role}"></i>execution role</span>
<span><i style="border-color:${EDGE_COLOURS.read}"></i>read</span>
<span><i style="border-color:${EDGE_COLOURS.write};border-top-width:3px"></i>write</span>
<span><i class="dashed" style="border-color:${EDGE_COLOURS["permissions-management"]};border-top-width:3px"></i>permissions management</span>
</div>
<div class="controls"><button id="zoom-in" type="button" aria-label="Zoom in">+</button><button id="zoom-out" type="button" aria-label="Zoom out">−</button><button id="zoom-fit" type="button">Fit</button></div>
</header>
<main>
<svg id="map" xmlns="http://www.w3.org/2000/svg" data-width="${layout.width}" data-height="${layout.height}" aria-label="App map: click a node for its findings">
<defs>${markers}</defs>
<g id="viewport" transform="translate(0,0) scale(1)">
<g class="columns">${columnTitles}</g>
<g class="edges">${layout.edges.map((edge) => renderEdge(edge, labels)).join("\n")}</g>
<g class="nodes">${layout.nodes.map((placed) => renderNode(placed, index.get(placed.node.id)!)).join("\n")}</g>
</g>
</svg>
<aside id="panel" hidden aria-live="polite">
<button id="panel-close" type="button" aria-label="Close">×</button>
<h2 id="panel-title"></h2>
<p id="panel-kind" class="muted"></p>
<p><code id="panel-arn"></code></p>
<h3>Findings</h3>
<ul id="panel-findings"></ul>
<h3>Edges</h3>
<ul id="panel-edges"></ul>
</aside>
</main>
<script type="application/json" id="map-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
