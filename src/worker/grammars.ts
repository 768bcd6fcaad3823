/**
 * The grammar loader for workerd. Workers forbid compiling WebAssembly from bytes, so every .wasm arrives as a
 * `WebAssembly.Module` imported through the bundler (wrangler's CompiledWasm rule); the tree-sitter core is
 * started through Emscripten's `instantiateWasm` hook. Grammars are imported dynamically, so a grammar's
 * module is only instantiated when a file needs it.
 */
import { Language, Parser } from "web-tree-sitter";
import treeSitterCore from "web-tree-sitter/web-tree-sitter.wasm";
import type { GrammarLanguage } from "../core/languages.js";
import type { GrammarLoader } from "../ports.js";

const GRAMMAR_MODULES: Record<GrammarLanguage, () => Promise<{ default: WebAssembly.Module }>> = {
  typescript: () => import("../../grammars/typescript.wasm"),
  tsx: () => import("../../grammars/tsx.wasm"),
  javascript: () => import("../../grammars/javascript.wasm"),
  python: () => import("../../grammars/python.wasm"),
  bash: () => import("../../grammars/bash.wasm"),
  json: () => import("../../grammars/json.wasm"),
  yaml: () => import("../../grammars/yaml.wasm"),
  hcl: () => import("../../grammars/hcl.wasm"),
};

let initialized: Promise<void> | undefined;

function initTreeSitter(): Promise<void> {
  initialized ??= Parser.init({
    instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
      const instance = new WebAssembly.Instance(treeSitterCore, imports);
      receive(instance, treeSitterCore);
      return instance.exports;
    },
  });
  return initialized;
}

const loaded = new Map<GrammarLanguage, Promise<Language>>();

export const workerGrammarLoader: GrammarLoader = {
  load(language) {
    let pending = loaded.get(language);
    if (!pending) {
      pending = (async () => {
        await initTreeSitter();
        const module = await GRAMMAR_MODULES[language]();
        return Language.loadSync(module.default);
      })();
      loaded.set(language, pending);
    }
    return pending;
  },
};
