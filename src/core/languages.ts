/** Which grammar parses which file. Dockerfiles have no web-tree-sitter grammar here (see grammars/manifest.json). */

export const GRAMMAR_LANGUAGES = ["typescript", "tsx", "javascript", "python", "bash", "json", "yaml", "hcl"] as const;
export type GrammarLanguage = (typeof GRAMMAR_LANGUAGES)[number];
export type Language = GrammarLanguage | "dockerfile";

const BY_EXTENSION: Record<string, Language> = {
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  py: "python",
  sh: "bash",
  bash: "bash",
  json: "json",
  yml: "yaml",
  yaml: "yaml",
  tf: "hcl",
  hcl: "hcl",
  tfvars: "hcl",
};

export function languageForPath(path: string): Language | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (/^(Dockerfile|Containerfile)(\..+)?$/i.test(base) || /\.dockerfile$/i.test(base)) return "dockerfile";
  if (base.endsWith(".d.ts")) return undefined; // declarations carry no behaviour to scan
  const dot = base.lastIndexOf(".");
  if (dot < 0) return undefined;
  return BY_EXTENSION[base.slice(dot + 1).toLowerCase()];
}

export function isGrammarLanguage(language: Language): language is GrammarLanguage {
  return (GRAMMAR_LANGUAGES as readonly string[]).includes(language);
}

/** Rule `languages` may name a family; these are the grammars each family covers. */
export const LANGUAGE_FAMILIES: Record<string, readonly Language[]> = {
  typescript: ["typescript", "tsx"],
  javascript: ["javascript"],
  js: ["javascript", "typescript", "tsx"],
  python: ["python"],
  bash: ["bash"],
  json: ["json"],
  yaml: ["yaml"],
  hcl: ["hcl"],
  terraform: ["hcl"],
  dockerfile: ["dockerfile"],
};
