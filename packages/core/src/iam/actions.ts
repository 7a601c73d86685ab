import type { ElementList, Statement } from "../model/policy.ts";
import { isKnown, isUnknown, type Unknown, type Value } from "../model/value.ts";
import {
  type AccessLevel,
  actionsOfService,
  allCataloguedActions,
  type CataloguedAction,
  isCataloguedService,
} from "./catalogue.ts";
import { anyValueMatches, not } from "./logic.ts";
import { actionMatches, hasWildcard } from "./patterns.ts";

/** What an Action / NotAction element grants, as far as the catalogue can tell. */
export interface ActionGrant {
  /** Catalogued actions granted. */
  readonly actions: readonly CataloguedAction[];
  /**
   * Patterns that (may) grant actions of services outside the catalogue, access level unknown: `lambda-edge:*`,
   * `*`, or `*` for the other services a NotAction leaves allowed.
   */
  readonly uncatalogued: readonly string[];
  /** Element values that could not be resolved: the real grant may differ from `actions`. */
  readonly unresolved: readonly Unknown[];
}

function splitAction(pattern: string): { service: string; name: string } {
  const colon = pattern.indexOf(":");
  return colon < 0
    ? { service: pattern, name: "" }
    : { service: pattern.slice(0, colon), name: pattern.slice(colon + 1) };
}

interface PatternMatch {
  readonly actions: readonly CataloguedAction[];
  readonly beyondCatalogue: boolean;
}

/** Roles repeat the same few patterns (AWS-managed policies above all): each is matched against the catalogue once. */
const patternMatches = new Map<string, PatternMatch>();

/** Catalogued actions a pattern matches, and whether it may reach services outside the catalogue. */
function matchPattern(pattern: string): PatternMatch {
  const key = pattern.toLowerCase();
  let match = patternMatches.get(key);
  if (!match) {
    match = matchCatalogue(pattern);
    patternMatches.set(key, match);
  }
  return match;
}

function matchCatalogue(pattern: string): PatternMatch {
  const { service } = splitAction(pattern);
  if (hasWildcard(service)) {
    return { actions: allCataloguedActions().filter((a) => actionMatches(pattern, a.action)), beyondCatalogue: true };
  }
  if (!isCataloguedService(service)) return { actions: [], beyondCatalogue: true };
  return { actions: actionsOfService(service).filter((a) => actionMatches(pattern, a.action)), beyondCatalogue: false };
}

/** Expands an Action or NotAction element to the actions it grants. */
export function expandActions(element: ElementList): ActionGrant {
  const unresolved = element.values.filter(isUnknown);
  const patterns = element.values.filter(isKnown);
  if (!element.negated) {
    const granted = new Map<string, CataloguedAction>();
    const uncatalogued: string[] = [];
    for (const pattern of patterns) {
      const { actions, beyondCatalogue } = matchPattern(pattern);
      for (const action of actions) granted.set(action.action, action);
      if (beyondCatalogue) uncatalogued.push(pattern);
    }
    return { actions: [...granted.values()], uncatalogued, unresolved };
  }
  const excluded = (action: string) => patterns.some((pattern) => actionMatches(pattern, action));
  return {
    actions: allCataloguedActions().filter((a) => !excluded(a.action)),
    // Only a bare `*` exclusion closes off the services Vigil does not know.
    uncatalogued: patterns.some((p) => /^\*+(:\*+)?$/.test(p)) ? [] : ["*"],
    unresolved,
  };
}

/** Whether the element grants one exact action; unknown when an unresolved value could decide it. */
export function grantsAction(element: ElementList, action: string): Value<boolean> {
  const listed = anyValueMatches(element.values, (pattern) => actionMatches(pattern, action));
  return element.negated ? not(listed) : listed;
}

/** The part of a grant at the given access levels; uncatalogued patterns stay, as their level is unknown. */
export function atLevels(grant: ActionGrant, levels: readonly AccessLevel[]): ActionGrant {
  return { ...grant, actions: grant.actions.filter((a) => levels.includes(a.level)) };
}

/** Actions an Allow statement grants at write or permissions-management level (empty for Deny). */
export function writeActionsGranted(statement: Statement): ActionGrant {
  if (statement.effect !== "Allow") return { actions: [], uncatalogued: [], unresolved: [] };
  return atLevels(expandActions(statement.action), ["write", "permissions-management"]);
}

const SERVICE_WIDE = /^[^*?:]+:\*+$/;
const EVERY_ACTION = /^\*+(:\*+)?$/;

/**
 * Wildcards in an Allow statement that grant a whole service or more: `s3:*`, `*`, and an Allow with NotAction
 * (everything except the listed actions). Prefix wildcards such as `s3:GetObject*` or `s3:List*`, as CDK grants
 * write, are not service-wide.
 */
export function serviceWideWildcards(statement: Statement): readonly string[] {
  if (statement.effect !== "Allow") return [];
  const patterns = statement.action.values.filter(isKnown);
  if (statement.action.negated) return [`NotAction ${JSON.stringify(patterns)}`];
  return patterns.filter((p) => SERVICE_WIDE.test(p) || EVERY_ACTION.test(p));
}

/** Whether a pattern grants every action of every service. */
export function isEveryAction(pattern: string): boolean {
  return EVERY_ACTION.test(pattern);
}
