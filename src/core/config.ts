/**
 * `.github/gatehouse.yml`: the one zod schema that yields the only Config type. A broken file is reported
 * with its line and key ("line 7: `threshold` must be one of critical, high, medium, low (got `hgh`)"),
 * never replaced by a silent default.
 */
import { z } from "./zod.js";
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { categorySchema, severitySchema } from "./finding.js";

export const CONFIG_PATH = ".github/gatehouse.yml";

export const configSchema = z.strictObject({
  version: z._default(z.literal(1), 1),
  /** Head-branch globs whose PRs are gated; `**` gates every PR. */
  branches: z._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), ["codex/*", "fix/*"]),
  /** Findings at or above this severity fail the check. */
  threshold: z._default(severitySchema, "high"),
  /** What an incomplete scan (a file too large, a registry down) does: block is the fail-closed default. */
  incomplete: z._default(z.enum(["block", "warn"]), "block"),
  rules: z._default(
    z.strictObject({
      disable: z._default(z.array(z.string()), []),
      severity: z._default(z.record(z.string(), severitySchema), {}),
    }),
    { disable: [], severity: {} },
  ),
  categories: z._default(z.partialRecord(categorySchema, z.enum(["on", "off"])), {}),
  /** Path globs never scanned (vendored code, fixtures). */
  ignore: z._default(z.array(z.string()), []),
  packages: z._default(
    z.strictObject({
      allow: z._default(z.array(z.string()), []),
      internalScopes: z._default(z.array(z.string()), []),
      unverifiable: z._default(z.enum(["block", "warn"]), "block"),
    }),
    { allow: [], internalScopes: [], unverifiable: "block" },
  ),
  secrets: z._default(z.strictObject({ allow: z._default(z.array(z.string()), []) }), { allow: [] }),
  auth: z._default(
    z.strictObject({
      gates: z._default(z.array(z.string()), []),
      public: z._default(z.array(z.string()), []),
    }),
    { gates: [], public: [] },
  ),
  commands: z._default(z.strictObject({ allowRole: z._default(z.enum(["write", "maintain", "admin"]), "maintain") }), { allowRole: "maintain" }),
  remediation: z._default(
    z.strictObject({
      mode: z._default(z.enum(["off", "issue", "comment", "user-token"]), "comment"),
      dailyCap: z._default(z.int().check(z.minimum(0), z.maximum(1000)), 10),
      pauseLabel: z._default(z.string(), "codex-paused"),
    }),
    { mode: "comment", dailyCap: 10, pauseLabel: "codex-paused" },
  ),
});

export type Config = z.output<typeof configSchema>;

export const DEFAULT_CONFIG: Config = configSchema.parse({});

export interface ConfigProblem {
  file: string;
  line?: number;
  key?: string;
  message: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

export function formatConfigProblem(problem: ConfigProblem): string {
  const where = problem.line ? `\`${problem.file}\` line ${problem.line}` : `\`${problem.file}\``;
  return `${where}: ${problem.message}`;
}

/** Parses and validates a config file's text; an empty file means the defaults. */
export function parseConfig(text: string, file = CONFIG_PATH): ConfigResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        file,
        line: lineCounter.linePos(error.pos[0]).line,
        message: `not valid YAML: ${error.message.split("\n")[0]}`,
      })),
    };
  }
  let raw: unknown;
  try {
    raw = document.toJS() ?? {};
  } catch (error) {
    // toJS resolves aliases, and refuses a document that expands them past `maxAliasCount` (a "billion laughs").
    return { ok: false, problems: [{ file, message: `not valid YAML: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}` }] };
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const keyPath = issue.path.map(String);
      const node = nodeAt(document.contents, keyPath);
      const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
      const key = keyPath.join(".") || "(top level)";
      return { file, line, key, message: `\`${key}\` ${describeIssue(issue, node)}` };
    }),
  };
}

function describeIssue(issue: z.core.$ZodIssue, node: YamlNode | undefined): string {
  const got = node && "source" in node && typeof node.source === "string" ? ` (got \`${node.source}\`)` : "";
  if (issue.code === "invalid_value" && "values" in issue) return `must be one of ${issue.values.join(", ")}${got}`;
  if (issue.code === "unrecognized_keys") return `has unknown key(s) ${issue.keys.map((k) => `\`${k}\``).join(", ")}`;
  return `${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}${got}`;
}

/** The YAML node at a key path, to turn a zod issue into a line number. Falls back to the nearest parent. */
function nodeAt(root: unknown, path: string[]): YamlNode | undefined {
  let current = root as YamlNode | undefined;
  for (const key of path) {
    if (isMap(current)) {
      const pair = current.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === key);
      if (!pair) return current;
      current = (pair.value ?? pair.key) as YamlNode;
    } else if (isSeq(current)) {
      const item = current.items[Number(key)];
      if (!item) return current;
      current = item as YamlNode;
    } else return current;
  }
  return current;
}
