/**
 * Loads the bundled CLI (a CommonJS file) with V8's code cache, the way Node 22's `module.enableCompileCache()`
 * does for any module, on the Node 20 the CLI also supports. Compiling the 1.8 MB bundle cost the CLI about
 * 60-80 ms of every start; the cache holds that work from an earlier run.
 *
 * The bundle is compiled with `vm.compileFunction`, as Node's own `require` does. A `vm.Script` (whose cache
 * can be made after the command, so it also holds the functions compiled while running) was tried first:
 * start-up was the same, but peak memory on the 10 MB bench diff rose from 252-273 MiB to 285-293 MiB, with or
 * without cached data.
 *
 * The cache lives beside the bundle (whoever can write it can already change the bundle) and starts with the
 * SHA-256 of the bundle's text: V8 itself checks only the text's length, so a rebuilt bundle of the same length
 * would otherwise run stale bytecode. A cache that is missing, stale or rejected by this V8 is made again and
 * written after the command; a folder that cannot be written (a read-only install) only means no cache.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { compileFunction } from "node:vm";

const HEADER_BYTES = 64; // hex SHA-256 of the bundle's text
const PARAMETERS = ["exports", "require", "module", "__filename", "__dirname"];

type CompiledBundle = ((exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void) & {
  cachedData?: Buffer;
  cachedDataRejected?: boolean;
};

export interface LoadedBundle {
  exports: Record<string, unknown>;
  /** Whether the cache was read and accepted by V8. */
  cacheUsed: boolean;
  /** Writes the cache when this run could not use it; call after the command, so writing it never delays one. */
  saveCodeCache(): void;
}

export function loadWithCodeCache(bundlePath: string, cachePath = `${bundlePath}.code-cache`): LoadedBundle {
  const source = readFileSync(bundlePath, "utf8");
  const digest = createHash("sha256").update(source).digest("hex");
  // No dynamic import() in the bundle (scripts/build-cli.mjs turns it into require()): code compiled from the
  // cache loses the handler that import() needs.
  const compile = (cachedData: Buffer | undefined) =>
    compileFunction(source, PARAMETERS, { filename: bundlePath, ...(cachedData ? { cachedData } : { produceCachedData: true }) }) as CompiledBundle;
  const cachedData = readCache(cachePath, digest);
  let bundle = compile(cachedData);
  const cacheUsed = cachedData !== undefined && bundle.cachedDataRejected !== true;
  if (cachedData !== undefined && !cacheUsed) bundle = compile(undefined);
  const module = { exports: {} as Record<string, unknown> };
  bundle(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return {
    exports: module.exports,
    cacheUsed,
    saveCodeCache() {
      if (cacheUsed || !bundle.cachedData) return;
      const temporary = `${cachePath}.${process.pid}.tmp`;
      try {
        // Written aside and renamed, so a run started meanwhile reads the old cache or the new one, never half of one.
        writeFileSync(temporary, Buffer.concat([Buffer.from(digest, "latin1"), bundle.cachedData]));
        renameSync(temporary, cachePath);
      } catch {
        removeQuietly(temporary);
      }
    },
  };
}

function readCache(cachePath: string, digest: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cachePath);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER_BYTES || bytes.toString("latin1", 0, HEADER_BYTES) !== digest) return undefined;
  return bytes.subarray(HEADER_BYTES);
}

/** A cache that could not be written is no error: the command has already done its work. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing more to do: at worst a stray temporary file beside the bundle.
  }
}
