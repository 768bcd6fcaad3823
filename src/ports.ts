/**
 * The I/O the pure scan core needs, as tiny interfaces. The Worker, the CLI and the tests each pass their own
 * implementation, the way Hono takes a router.
 */
import type { Language as TreeSitterLanguage } from "web-tree-sitter";
import type { GrammarLanguage } from "./core/languages.js";
import type { RegistryClient } from "./core/packages/registry-port.js";

/** Loads tree-sitter languages lazily: a grammar is instantiated the first time a file needs it. */
export interface GrammarLoader {
  load(language: GrammarLanguage): Promise<TreeSitterLanguage>;
}

export type {
  Advisory,
  AdvisoryAnswer,
  AdvisoryQuery,
  Ecosystem,
  PackageMetadata,
  RegistryAnswer,
  RegistryClient,
  VersionMetadata,
} from "./core/packages/registry-port.js";

export interface ScanPorts {
  grammars: GrammarLoader;
  registry?: RegistryClient;
}
