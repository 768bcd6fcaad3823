/**
 * A short CLI scan keeps the grammars' WebAssembly on V8's baseline compiler (src/node/wasm-tiering.ts): the
 * optimizing compiles cost more than they save before such a scan ends. Checked in a fresh process, as the
 * CLI runs, through V8's own trace of each function it compiles.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { OPTIMIZE_WASM_MIN_BYTES, OPTIMIZE_WASM_MIN_CORES, WASM_TIERING_DEFAULTS, wasmTieringFlags } from "../../src/node/wasm-tiering.js";
import { cachedCodeAcceptedAfter } from "../support/v8-flags.js";

const BIN = fileURLToPath(new URL("../../bin/gatehouse.mjs", import.meta.url));

/** A diff adding `files` Express route modules of about 2 KB each. */
function routesDiff(files: number): string {
  const body = Array.from({ length: 40 }, (_, i) => `router.get("/items/${i}", async (req, res) => {\n  res.json(await db.items.find({ id: req.params.id, page: ${i} }));\n});`).join("\n");
  const lines = `import { Router } from "express";\nconst router = Router();\n${body}\nexport default router;`.split("\n");
  return Array.from({ length: files }, (_, n) => [`--- /dev/null`, `+++ b/src/routes/items-${n}.ts`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join("\n")).join("\n") + "\n";
}

/** The functions V8 compiled with TurboFan while the CLI scanned `diff`. */
function optimizedWasmFunctions(diff: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-tiering-"));
  const path = join(dir, "change.diff");
  writeFileSync(path, diff);
  const run = spawnSync(process.execPath, ["--trace-wasm-compilation-times", BIN, "scan", path, "--offline", "--format", "json"], { encoding: "utf8", maxBuffer: 64 << 20 });
  expect(run.status, run.stderr).toBeLessThanOrEqual(1);
  const compiled = run.stdout.split("\n").filter((line) => line.startsWith("Compiled function"));
  expect(compiled.length, "the trace lists the functions V8 compiled").toBeGreaterThan(0);
  return compiled.filter((line) => line.includes("using TurboFan"));
}

describe("WebAssembly tiering in the CLI", () => {
  it("turns optimizing compiles off for short scans on machines with few cores only", () => {
    expect(wasmTieringFlags(0, 1)).toEqual(["--liftoff-only"]);
    expect(wasmTieringFlags(OPTIMIZE_WASM_MIN_BYTES - 1, 2)).toEqual(["--liftoff-only"]);
    expect(wasmTieringFlags(OPTIMIZE_WASM_MIN_BYTES, 2)).toEqual([]);
    expect(wasmTieringFlags(0, OPTIMIZE_WASM_MIN_CORES)).toEqual([]);
  });

  // The CLI asks the machine for its cores; on a larger machine this scan is meant to be optimized.
  it.runIf(wasmTieringFlags(0).length > 0)("scans 200 KB of TypeScript without optimizing any WebAssembly function", () => {
    // With V8's default tiering, this much parsing sends tree-sitter's parse loop and the lexer to TurboFan.
    expect(optimizedWasmFunctions(routesDiff(100))).toEqual([]);
  });

  it("sets V8's flags back after a scan, so the code cache written after the command is used by the next start", () => {
    const tuned = wasmTieringFlags(0, 1);
    expect(tuned.length).toBeGreaterThan(0);
    const setAll = (flags: readonly string[]) => {
      for (const flag of flags) setFlagsFromString(flag);
    };
    expect(cachedCodeAcceptedAfter(() => setAll([...tuned, ...WASM_TIERING_DEFAULTS]))).toBe(true);
    // Why the flags go back: a cache written while they are set is rejected by every later start.
    try {
      expect(cachedCodeAcceptedAfter(() => setAll(tuned))).toBe(false);
    } finally {
      setAll(WASM_TIERING_DEFAULTS);
    }
  });
});
