/**
 * A line-level walk over TOML (Cargo.toml, pyproject.toml, Pipfile, poetry.lock, Cargo.lock): which table each
 * key sits in, and the strings of multi-line arrays with their own line numbers. Line-based on purpose, so it
 * reads sparse hunk text too; whole files are also checked with smol-toml so a broken file is reported.
 */
import { parse as parseToml } from "smol-toml";
import type { DependencyFileInput } from "./dependency.js";
import { splitLines } from "./dependency.js";

export interface TomlEntry {
  line: number;
  /** `dependencies`, `tool.poetry.group.dev.dependencies`; `undefined` when a sparse hunk starts below its header. */
  table: string | undefined;
  /** `[[package]]` tables repeat: each one gets a new index so their keys are not mixed up. */
  arrayTableIndex: number;
  key: string;
  /** The raw value text for `key = value`; for an item of a multi-line array, the item's string. */
  value: string;
  arrayItem: boolean;
  raw: string;
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const KEY_VALUE = /^\s*("[^"]+"|'[^']+'|[A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$/;
const STRING = /"((?:[^"\\]|\\.)*)"|'([^']*)'/g;

function unquoteKey(key: string): string {
  return key.replace(/^["']|["']$/g, "");
}

export function stringsIn(text: string): string[] {
  return [...text.matchAll(STRING)].map((m) => m[1] ?? m[2] ?? "");
}

export function tomlEntries(input: DependencyFileInput): TomlEntry[] {
  const entries: TomlEntry[] = [];
  let table: string | undefined = input.full ? "" : undefined;
  let arrayTableIndex = 0;
  let openArray: string | undefined;
  splitLines(input.text).forEach((raw, index) => {
    const line = index + 1;
    if (!input.full && input.segmentStarts.has(line)) {
      table = undefined;
      openArray = undefined;
    }
    const header = HEADER.exec(raw);
    if (header && !openArray) {
      table = (header[1] ?? "").replace(/\s*\.\s*/g, ".").replace(/["']/g, "");
      if (raw.trim().startsWith("[[")) arrayTableIndex++;
      return;
    }
    if (openArray !== undefined) {
      const code = raw.replace(/#.*$/, "");
      for (const value of stringsIn(code)) entries.push({ line, table, arrayTableIndex, key: openArray, value, arrayItem: true, raw: raw.trim() });
      if (code.includes("]")) openArray = undefined;
      return;
    }
    const kv = KEY_VALUE.exec(raw);
    if (!kv) return;
    const key = unquoteKey(kv[1] ?? "");
    const value = (kv[2] ?? "").replace(/\s+#[^"']*$/, "");
    entries.push({ line, table, arrayTableIndex, key, value, arrayItem: false, raw: raw.trim() });
    if (value.startsWith("[") && !value.includes("]")) {
      openArray = key;
      for (const item of stringsIn(value)) entries.push({ line, table, arrayTableIndex, key, value: item, arrayItem: true, raw: raw.trim() });
    } else if (value.startsWith("[")) {
      for (const item of stringsIn(value)) entries.push({ line, table, arrayTableIndex, key, value: item, arrayItem: true, raw: raw.trim() });
    }
  });
  return entries;
}

/** A problem message when a whole TOML file does not parse, so a broken manifest is not silently half-read. */
export function tomlProblem(input: DependencyFileInput): string[] {
  if (!input.full) return [];
  try {
    parseToml(input.text);
    return [];
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return [`${input.path} is not valid TOML (${first}); dependencies were read line by line.`];
  }
}

/** The `version` of an inline table value (`{ version = "1.2", features = [...] }`), or the plain string. */
export function inlineField(value: string, field: string): string | undefined {
  if (value.startsWith('"') || value.startsWith("'")) return field === "version" ? stringsIn(value)[0] : undefined;
  const match = new RegExp(`(?:^|[{,\\s])${field}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|(true|false))`).exec(value);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}
