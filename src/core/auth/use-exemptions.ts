/**
 * Which paths a `use()` call's gates run for: under its prefix, or one of the paths it lists
 * (`app.use(['/billing', '/settings'], gate)`), and not among the paths the gate itself skips
 * (`expressjwt({...}).unless({ path: ['/auth/login', /^\/public/] })`, koa-jwt, express-unless).
 */
import type { Node } from "web-tree-sitter";
import { objectProperty } from "./js-registrations.js";
import { prefixCovers } from "./path-params.js";
import { namedChildren, stringValue } from "./syntax.js";

/** The part of a `use()` call that says where it applies. */
export interface PathScope {
  prefix: string | undefined;
  paths?: string[];
  exempt?: PathPattern[];
}

/** A path a gate skips: a literal path or a regular expression. */
export type PathPattern = { literal: string } | { regex: RegExp };

/** `gate.unless({ path: [...] })` (express-jwt, koa-jwt, express-unless): the gate itself, or undefined. */
export function unlessTarget(arg: Node): Node | undefined {
  const fn = arg.type === "call_expression" ? arg.childForFieldName("function") : null;
  return fn?.type === "member_expression" && fn.childForFieldName("property")?.text === "unless" ? (fn.childForFieldName("object") ?? undefined) : undefined;
}

export function unlessPaths(arg: Node): PathPattern[] {
  if (!unlessTarget(arg)) return [];
  const patterns: PathPattern[] = [];
  for (const option of namedChildren(arg.childForFieldName("arguments"))) {
    const value = option.type === "object" ? objectProperty(option, "path") : undefined;
    for (const item of value?.type === "array" ? namedChildren(value) : value ? [value] : []) {
      const literal = stringValue(item.type === "object" ? objectProperty(item, "url") : item);
      if (literal !== undefined) patterns.push({ literal });
      if (item.type === "regex") {
        try {
          patterns.push({ regex: new RegExp(item.childForFieldName("pattern")?.text ?? "", item.childForFieldName("flags")?.text ?? "") });
        } catch {
          // A pattern JavaScript itself would reject exempts nothing.
        }
      }
    }
  }
  return patterns;
}

/** Does this `use` call run its gates for `path`: under its prefix (or one of its paths) and not exempted by `.unless()`? */
export function useCovers(use: PathScope, path: string): boolean {
  const covered = use.paths ? use.paths.some((p) => prefixCovers(p, path)) : prefixCovers(use.prefix, path);
  const exempted = use.exempt?.some((p) => ("literal" in p ? p.literal === path || p.literal === `${path}/` : p.regex.test(path))) ?? false;
  return covered && !exempted;
}
