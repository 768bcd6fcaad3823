/**
 * The CLI's loader (src/node/code-cache.ts, built to dist/code-cache.mjs by `npm test`): the bundle runs the same
 * with or without a cache, a cache is used only for the exact text it was made from, and a cache that cannot be
 * read or written never stops the CLI. Each load runs in a fresh Node process, as the CLI does: inside one
 * process V8 reuses what it compiled before and never looks at the cache.
 */
import { isAscii } from "node:buffer";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const LOADER = fileURLToPath(new URL("../../dist/code-cache.mjs", import.meta.url));

function bundle(answer: number): string {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-code-cache-"));
  const path = join(dir, "cli.cjs");
  writeFileSync(path, bundleText(answer));
  return path;
}

// The same length for every one-digit answer: V8's own check would take one bundle's cache for the other.
function bundleText(answer: number): string {
  return `exports.answer = () => ${answer};\nexports.required = () => require("node:path").sep;\nexports.file = __filename;\n${LATER}`;
}

/** A function no quick run calls: V8 compiles it only when a run does, and a cache made after that run holds it. */
const LATER = `exports.busy = (ms) => {\n  const until = Date.now() + ms;\n  let spins = 0;\n  while (Date.now() < until) spins += [1, 2, 3].map((n) => n * 2).reduce((a, b) => a + b, 0);\n  return spins;\n};\n`;

/** The cache's header: the bundle's SHA-256 in hex, then the milliseconds its run took, in hex. */
const HEADER_BYTES = 72;

interface Run {
  cacheUsed: boolean;
  answer: number;
  sep: string;
  file: string;
}

/** Loads the bundle in a new Node process, runs it (`busyMs` in `busy` when given), then saves the cache as bin/gatehouse.mjs does. */
function run(path: string, cachePath?: string, busyMs?: number): Run {
  const script = `
    const { loadWithCodeCache } = await import(${JSON.stringify(LOADER)});
    const loaded = loadWithCodeCache(${JSON.stringify(path)}${cachePath ? `, ${JSON.stringify(cachePath)}` : ""});
    ${busyMs === undefined ? "" : `loaded.exports.busy(${busyMs});`}
    const result = { cacheUsed: loaded.cacheUsed, answer: loaded.exports.answer(), sep: loaded.exports.required(), file: loaded.exports.file };
    loaded.saveCodeCache();
    process.stdout.write(JSON.stringify(result));`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`the loader failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Run;
}

describe("loading the CLI bundle through V8's code cache", () => {
  it("runs without a cache, writes one after the command, and uses it on the next run", () => {
    const path = bundle(4);
    expect(run(path)).toEqual({ cacheUsed: false, answer: 4, sep: "/", file: path });
    expect(readFileSync(`${path}.code-cache`, "latin1").slice(0, HEADER_BYTES)).toMatch(/^[0-9a-f]{72}$/);
    expect(run(path)).toEqual({ cacheUsed: true, answer: 4, sep: "/", file: path });
  });

  it("ignores the cache of a rebuilt bundle of the same length, and replaces it", () => {
    const path = bundle(4);
    run(path);
    writeFileSync(path, bundleText(7));
    expect(run(path)).toMatchObject({ cacheUsed: false, answer: 7 });
    expect(run(path)).toMatchObject({ cacheUsed: true, answer: 7 });
  });

  it("runs the bundle when the cache is damaged, and writes a good one", () => {
    const path = bundle(5);
    run(path);
    const cache = readFileSync(`${path}.code-cache`);
    // A good header over bad data: V8 itself rejects it.
    writeFileSync(`${path}.code-cache`, Buffer.concat([cache.subarray(0, HEADER_BYTES), Buffer.alloc(cache.length - HEADER_BYTES, 0x5a)]));
    expect(run(path)).toMatchObject({ cacheUsed: false, answer: 5 });
    expect(run(path)).toMatchObject({ cacheUsed: true, answer: 5 });
  });

  it("writes the cache again after a run more than twice (and 100 ms) as long, holding the functions that run compiled", () => {
    const path = bundle(3);
    const cachePath = `${path}.code-cache`;
    run(path);
    const quick = readFileSync(cachePath);
    expect(run(path, undefined, 0)).toMatchObject({ cacheUsed: true, answer: 3 });
    expect(readFileSync(cachePath).equals(quick)).toBe(true);
    expect(run(path, undefined, 600)).toMatchObject({ cacheUsed: true, answer: 3 });
    const long = readFileSync(cachePath);
    expect(long.length).toBeGreaterThan(quick.length);
    expect(Number.parseInt(long.toString("latin1", 64, HEADER_BYTES), 16)).toBeGreaterThanOrEqual(600);
    // Now the quick run is the shorter one: it uses the longer run's cache and leaves it alone.
    expect(run(path)).toMatchObject({ cacheUsed: true, answer: 3 });
    expect(readFileSync(cachePath).equals(long)).toBe(true);
  });

  it("runs the bundle when the header is not its own, and writes a good one", () => {
    const path = bundle(2);
    run(path);
    const cache = readFileSync(`${path}.code-cache`);
    writeFileSync(`${path}.code-cache`, Buffer.concat([cache.subarray(0, 64), Buffer.from("not-hex!", "latin1"), cache.subarray(HEADER_BYTES)]));
    expect(run(path)).toMatchObject({ cacheUsed: false, answer: 2 });
    expect(run(path)).toMatchObject({ cacheUsed: true, answer: 2 });
  });

  it("reads a bundle that is not ASCII as UTF-8, with or without its cache", () => {
    const path = bundle(1);
    writeFileSync(path, `${bundleText(1)}exports.word = () => /don[’']t/.source + "\u00e9";\n`);
    const word = (cacheUsed: boolean) => {
      const script = `
        const { loadWithCodeCache } = await import(${JSON.stringify(LOADER)});
        const loaded = loadWithCodeCache(${JSON.stringify(path)});
        if (loaded.cacheUsed !== ${cacheUsed}) throw new Error("cacheUsed is " + loaded.cacheUsed);
        process.stdout.write(loaded.exports.word());
        loaded.saveCodeCache();`;
      const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
      expect(child.status, child.stderr).toBe(0);
      return child.stdout;
    };
    expect(word(false)).toBe("don[’']té");
    expect(word(true)).toBe("don[’']té");
  });

  it("gets an ASCII bundle from the build, which it reads as latin1", () => {
    const built = readFileSync(fileURLToPath(new URL("../../dist/cli.cjs", import.meta.url)));
    expect(isAscii(built)).toBe(true);
  });

  it("runs, and saves nothing, where the cache cannot be written", () => {
    const path = bundle(6);
    const unwritable = join(path, "..", "missing-folder", "cli.cjs.code-cache");
    expect(run(path, unwritable)).toMatchObject({ cacheUsed: false, answer: 6 });
    expect(existsSync(unwritable)).toBe(false);
  });
});
