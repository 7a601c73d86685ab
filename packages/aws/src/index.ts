export * from "./bus/finding-events.ts";
export * from "./doctor/index.ts";
export {
  readTemplates,
  TemplateParseError,
  type TemplateReadError,
  type TemplateReadOptions,
  type TemplateReadResult,
} from "./readers/cloudformation/index.ts";
export * from "./readers/config/index.ts";
export * from "./readers/live/index.ts";
export {
  type PulumiResourceState,
  PulumiStateError,
  parseStackExport,
  readPulumiResources,
  readStackExport,
  revealSecrets,
} from "./readers/pulumi/index.ts";
export * from "./remediation/index.ts";
export * from "./slack/index.ts";
export * from "./store/index.ts";
