export * from "./app-map.ts";
export { renderDot } from "./dot.ts";
export { type HtmlMapOptions, renderHtml } from "./html.ts";
export * from "./json.ts";
export { kindLabel } from "./labels.ts";
export { layoutAppMap, MAP_LAYOUT, type MapLayout, type PlacedEdge, type PlacedNode } from "./layout.ts";
export { renderMermaid } from "./mermaid.ts";
