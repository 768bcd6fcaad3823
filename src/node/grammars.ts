/** The grammar loader for Node (CLI, tests, benchmarks): compiles the .wasm files in grammars/ on first use. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Language, Parser } from "web-tree-sitter";
import type { GrammarLanguage } from "../core/languages.js";
import type { GrammarLoader } from "../ports.js";
import { findAbove } from "./find-above.js";

/** grammars/, beside the package's src/ and dist/. */
export function findGrammarsDir(start = dirname(fileURLToPath(import.meta.url))): string {
  const manifest = findAbove(start, join("grammars", "manifest.json"));
  if (!manifest) throw new Error(`Gatehouse could not find its grammars/ folder above ${start}; reinstall the package.`);
  return dirname(manifest);
}

let initialized: Promise<void> | undefined;

/**
 * web-tree-sitter's own WebAssembly, from the installed package. The CLI bundle includes web-tree-sitter's
 * JavaScript (so it compiles from the code cache), which would otherwise look for the .wasm beside the bundle.
 */
const runtimeWasm = (): string => createRequire(import.meta.url).resolve("web-tree-sitter/web-tree-sitter.wasm");

/**
 * Read and compiled synchronously: V8 compiles a grammar's functions lazily, so this takes a few milliseconds,
 * where the promise APIs left the CLI idle for about 0.1 s waiting on the file read of a 1.4 MB grammar.
 * The project's types are workerd's, which leave out the `WebAssembly.Module` constructor; Node has it.
 */
const compileWasm = (bytes: Uint8Array): WebAssembly.Module =>
  new (WebAssembly as unknown as { Module: new (bytes: Uint8Array) => WebAssembly.Module }).Module(bytes);

type WasmInstanceConstructor = new (module: WebAssembly.Module, imports: WebAssembly.Imports) => WebAssembly.Instance;

/**
 * Starts web-tree-sitter with its WebAssembly (210 KB) read, compiled and instantiated synchronously, through
 * Emscripten's `instantiateWasm` hook: its own loader reads the file and instantiates it with the promise APIs,
 * which left the CLI's main thread idle for 15-20 ms before the first parse.
 */
const initParser = (): Promise<void> =>
  Parser.init({
    instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
      const module = compileWasm(readFileSync(runtimeWasm()));
      receive(new (WebAssembly as unknown as { Instance: WasmInstanceConstructor }).Instance(module, imports), module);
      return {};
    },
  });

export function nodeGrammarLoader(dir = findGrammarsDir()): GrammarLoader {
  const loaded = new Map<GrammarLanguage, Promise<Language>>();
  return {
    load(language) {
      let pending = loaded.get(language);
      if (!pending) {
        pending = (async () => {
          initialized ??= initParser();
          await initialized;
          const module = compileWasm(readFileSync(join(dir, `${language}.wasm`)));
          return Language.loadSync(module);
        })();
        loaded.set(language, pending);
      }
      return pending;
    },
  };
}
