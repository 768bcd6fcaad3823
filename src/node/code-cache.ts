/**
 * Loads the bundled CLI (a CommonJS file) with V8's code cache, the way Node 22's `module.enableCompileCache()`
 * does for any module, on the Node 20 the CLI also supports. Compiling the 1.8 MB bundle, and then each
 * function the first time it runs, cost the CLI about 60-80 ms of every start and 60-90 ms of a corpus-sized
 * scan; the cache holds that work from an earlier run.
 *
 * The cache lives beside the bundle (whoever can write it can already change the bundle) and starts with the
 * SHA-256 of the bundle's text: V8 itself checks only the text's length, so a rebuilt bundle of the same length
 * would otherwise run stale bytecode. A cache that is missing, stale or rejected by this V8 is written again
 * after the command; a folder that cannot be written (a read-only install) only means no cache.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";

const HEADER_BYTES = 64; // hex SHA-256 of the bundle's text

export interface LoadedBundle {
  exports: Record<string, unknown>;
  /** Whether the cache was read and accepted by V8. */
  cacheUsed: boolean;
  /** Writes the cache when this run could not use it; call after the command, so the functions it ran are in it. */
  saveCodeCache(): void;
}

export function loadWithCodeCache(bundlePath: string, cachePath = `${bundlePath}.code-cache`): LoadedBundle {
  const source = readFileSync(bundlePath, "utf8");
  const requireFromBundle = createRequire(bundlePath);
  const digest = createHash("sha256").update(source).digest("hex");
  const cachedData = readCache(cachePath, digest);
  // No dynamic import() in the bundle (scripts/build-cli.mjs turns it into require()): a script compiled from the
  // cache loses the handler that import() needs.
  const script = new Script(Module.wrap(source), { filename: bundlePath, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run(module.exports, requireFromBundle, module, bundlePath, dirname(bundlePath));
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    cacheUsed,
    saveCodeCache() {
      if (cacheUsed) return;
      const temporary = `${cachePath}.${process.pid}.tmp`;
      try {
        // Written aside and renamed, so a run started meanwhile reads the old cache or the new one, never half of one.
        writeFileSync(temporary, Buffer.concat([Buffer.from(digest, "latin1"), script.createCachedData()]));
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
