/**
 * Loads the bundled CLI (a CommonJS file) with V8's code cache, the way Node 22's `module.enableCompileCache()`
 * does for any module, on the Node 20 the CLI also supports. Compiling the 2.2 MB bundle cost the CLI about
 * 60-80 ms of every start; the cache holds that work from an earlier run.
 *
 * The cache is made after the command, from a `vm.Script`, so it holds every function the command compiled and
 * not only the bundle's top level: V8 compiles a function when it first runs, and a cache made at compile time
 * (as `vm.compileFunction` makes it) left a scan of the corpus's JS/TS files compiling the scanner's functions
 * on every run. With them cached (1.5 MB against 1.0 MB), main-thread CPU fell from 894 to 835 ms (medians of 15
 * interleaved runs) and a two-line scan from 179 to 152 ms. A cache made after a scan used to be rejected by
 * every later start: V8 keeps its flags' hash in the cache, and the scan had set `--liftoff-only` by then
 * (wasm-tiering.ts now restores the flags after the scan). Peak memory on the 10 MB diff did not move.
 *
 * The cache lives beside the bundle (whoever can write it can already change the bundle) and starts with the
 * SHA-256 of the bundle's bytes: V8 itself checks only the text's length, so a rebuilt bundle of the same length
 * would otherwise run stale bytecode. A cache that is missing, stale or rejected by this V8 is made again and
 * written after the command; a folder that cannot be written (a read-only install) only means no cache.
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";

const DIGEST_CHARS = 64; // hex SHA-256 of the bundle's bytes
const ELAPSED_CHARS = 8; // hex milliseconds from load to save of the run that made the cache
const HEADER_BYTES = DIGEST_CHARS + ELAPSED_CHARS;
const MAX_ELAPSED_MS = 0xffffffff;

/**
 * A run that takes more than twice as long as the run that made the cache, and 100 ms more, did more work and
 * most likely compiled functions the cache lacks (the cache of a two-line scan holds no route discovery): it
 * writes the cache again. Each rewrite at least doubles the time on record, so a cache is rewritten only a few
 * times, and never for the jitter between short runs.
 */
function ranLonger(elapsedMs: number, recordedMs: number): boolean {
  return elapsedMs > 2 * recordedMs && elapsedMs > recordedMs + 100;
}

/** Node's CommonJS wrapper: the bundle sees the same five names as a module loaded by `require`. */
const WRAPPER_START = "(function (exports, require, module, __filename, __dirname) { ";
const WRAPPER_END = "\n})";

type BundleFunction = (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;

export interface LoadedBundle {
  exports: Record<string, unknown>;
  /** Whether the cache was read and accepted by V8. */
  cacheUsed: boolean;
  /**
   * Writes the cache when this run could not use one, or ran much longer than the run that made it (see
   * ranLonger); call after the command, so writing it never delays the command's output.
   */
  saveCodeCache(): void;
}

interface CacheFile {
  data: Buffer;
  /** How long the run that made it took from load to save. */
  elapsedMs: number;
}

export function loadWithCodeCache(bundlePath: string, cachePath = `${bundlePath}.code-cache`): LoadedBundle {
  const loadedAt = performance.now();
  const bytes = readFileSync(bundlePath);
  const digest = createHash("sha256").update(bytes).digest("hex");
  // The build writes the bundle in ASCII (scripts/build-cli.mjs): latin1 reads it ~6x faster than UTF-8 (7 ms of
  // every start), with the same text.
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  const wrapped = WRAPPER_START + source + WRAPPER_END;
  // No dynamic import() in the bundle (scripts/build-cli.mjs turns it into require()): code compiled from the
  // cache loses the handler that import() needs.
  const compile = (cachedData: Buffer | undefined) => new Script(wrapped, { filename: bundlePath, ...(cachedData ? { cachedData } : {}) });
  const cache = readCache(cachePath, digest);
  let script = compile(cache?.data);
  const cacheUsed = cache !== undefined && script.cachedDataRejected !== true;
  if (cache !== undefined && !cacheUsed) script = compile(undefined);
  const bundle = script.runInThisContext() as BundleFunction;
  const module = { exports: {} as Record<string, unknown> };
  bundle(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return {
    exports: module.exports,
    cacheUsed,
    saveCodeCache() {
      const elapsedMs = Math.min(MAX_ELAPSED_MS, Math.round(performance.now() - loadedAt));
      if (cacheUsed && !ranLonger(elapsedMs, cache.elapsedMs)) return;
      const temporary = `${cachePath}.${process.pid}.tmp`;
      try {
        const header = digest + elapsedMs.toString(16).padStart(ELAPSED_CHARS, "0");
        // Written aside and renamed, so a run started meanwhile reads the old cache or the new one, never half of one.
        writeFileSync(temporary, Buffer.concat([Buffer.from(header, "latin1"), script.createCachedData()]));
        renameSync(temporary, cachePath);
      } catch {
        removeQuietly(temporary);
      }
    },
  };
}

function readCache(cachePath: string, digest: string): CacheFile | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cachePath);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER_BYTES || bytes.toString("latin1", 0, DIGEST_CHARS) !== digest) return undefined;
  const elapsed = bytes.toString("latin1", DIGEST_CHARS, HEADER_BYTES);
  if (!/^[0-9a-f]+$/.test(elapsed)) return undefined;
  return { data: bytes.subarray(HEADER_BYTES), elapsedMs: Number.parseInt(elapsed, 16) };
}

/** A cache that could not be written is no error: the command has already done its work. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing more to do: at worst a stray temporary file beside the bundle.
  }
}
