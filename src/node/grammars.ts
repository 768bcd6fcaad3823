/** The grammar loader for Node (CLI, tests, benchmarks): compiles the .wasm files in grammars/ on first use. */
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Language, Parser } from "web-tree-sitter";
import type { GrammarLanguage } from "../core/languages.js";
import type { GrammarLoader } from "../ports.js";

/** grammars/ is found by walking up from this module, so it works from src/ (tests) and from dist/ (CLI). */
export function findGrammarsDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "grammars", "manifest.json"))) return join(dir, "grammars");
    if (dirname(dir) === dir) throw new Error(`Gatehouse could not find its grammars/ folder above ${start}; reinstall the package.`);
  }
}

let initialized: Promise<void> | undefined;

/** The project's types are workerd's, which leave out `WebAssembly.compile`; Node has it. */
const compileWasm = (bytes: Uint8Array): Promise<WebAssembly.Module> =>
  (WebAssembly as unknown as { compile(bytes: Uint8Array): Promise<WebAssembly.Module> }).compile(bytes);

export function nodeGrammarLoader(dir = findGrammarsDir()): GrammarLoader {
  const loaded = new Map<GrammarLanguage, Promise<Language>>();
  return {
    load(language) {
      let pending = loaded.get(language);
      if (!pending) {
        pending = (async () => {
          initialized ??= Parser.init();
          await initialized;
          const module = await compileWasm(await readFile(join(dir, `${language}.wasm`)));
          return Language.loadSync(module);
        })();
        loaded.set(language, pending);
      }
      return pending;
    },
  };
}
