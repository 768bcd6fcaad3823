/**
 * How V8 compiles the grammars' WebAssembly for one CLI scan. V8 first compiles every function with its
 * baseline compiler (Liftoff), then recompiles the hot ones with its optimizing compiler (TurboFan) on
 * background threads. tree-sitter's parse loop and each grammar's lexer are single functions of 10 to 30 KB,
 * and TurboFan takes 90 to 250 ms of CPU over each. A short scan ends before that pays: on a 2-core machine the
 * compiles take the core the scan runs on, and an optimized function serves only calls that start after it is
 * ready (a file's parse is one call).
 *
 * Measured on a 2-core machine, on the corpus's 267 JS/TS files (180 KB): the scan's first parse of them took
 * 250 ms with tiering and 110-140 ms on Liftoff alone, and the main thread waited 180-210 ms less for a CPU. But
 * Liftoff's code is slower: the main thread itself worked about 90 ms more over the whole scan, which is a plain
 * loss where spare cores run the compiles. And a generated 1 MB diff was 20 % slower on Liftoff alone. So only
 * short scans on machines with at most two cores (a common CI runner) stay on Liftoff.
 *
 * Keeping only the grammars on Liftoff, with web-tree-sitter's runtime still tiering up (the flag set between
 * the two compiles), was tried: the median of 14 runs was 1121 ms against 1059 ms, as the parse loop's own
 * TurboFan compile (245 ms) still took the scan's core.
 */
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";

/** Below this much scanned text, the grammars stay on Liftoff (on a machine with few cores). */
export const OPTIMIZE_WASM_MIN_BYTES = 512 * 1024;

/** With more cores than this, V8's background compiles no longer take the scan's core. */
export const OPTIMIZE_WASM_MIN_CORES = 3;

/** The V8 flags for a scan of `scannedBytes` on `cores` cores: none for a large scan or a larger machine. */
export function wasmTieringFlags(scannedBytes: number, cores = availableParallelism()): string[] {
  return scannedBytes < OPTIMIZE_WASM_MIN_BYTES && cores < OPTIMIZE_WASM_MIN_CORES ? ["--liftoff-only"] : [];
}

/**
 * V8's defaults for what `--liftoff-only` changes: the flag itself, and the tier-up it turns off by implication.
 * The CLI's code cache (code-cache.ts) is written after the command and records V8's flags; a start compiles the
 * bundle before any scan sets a flag, so a cache written with `--liftoff-only` still set is rejected by every
 * later start.
 */
export const WASM_TIERING_DEFAULTS: readonly string[] = ["--no-liftoff-only", "--wasm-tier-up", "--wasm-dynamic-tiering"];

/**
 * Applies wasmTieringFlags and returns what sets V8's defaults back once the scan is done. Call before the first
 * WebAssembly module is compiled (the first grammar load): V8 reads the flag when it compiles a module and when
 * it decides to tier up.
 */
export function tuneWasmTiering(scannedBytes: number): () => void {
  const flags = wasmTieringFlags(scannedBytes);
  for (const flag of flags) setFlagsFromString(flag);
  return () => {
    if (flags.length > 0) for (const flag of WASM_TIERING_DEFAULTS) setFlagsFromString(flag);
  };
}
