/**
 * The I/O the pure scan core needs, as tiny interfaces. The Worker, the CLI and the tests each pass their own
 * implementation, the way Hono takes a router.
 */
import type { Language as TreeSitterLanguage } from "web-tree-sitter";
import type { GrammarLanguage } from "./core/languages.js";

/** Loads tree-sitter languages lazily: a grammar is instantiated the first time a file needs it. */
export interface GrammarLoader {
  load(language: GrammarLanguage): Promise<TreeSitterLanguage>;
}

/** A package registry as the packages analyzer sees it. */
export interface RegistryClient {
  lookup(ecosystem: "npm" | "pypi" | "go" | "crates", name: string): Promise<RegistryAnswer>;
}

export type RegistryAnswer =
  | { status: "found"; metadata: unknown }
  | { status: "missing" }
  | { status: "unreachable"; reason: string };

export interface ScanPorts {
  grammars: GrammarLoader;
  registry?: RegistryClient;
}
