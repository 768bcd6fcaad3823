#!/usr/bin/env node
// Refreshes grammars/*.wasm from the grammar packages on the npm registry and rewrites grammars/manifest.json.
// The packages are fetched with `npm pack` on demand rather than installed, because their install scripts
// build native Node bindings we do not use; only the .wasm each package ships is kept.
// Usage: node scripts/refresh-grammars.mjs
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const grammarsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "grammars");

/** language id -> where its grammar comes from. Versions are pinned so a refresh is reproducible. */
const SOURCES = {
  typescript: { pkg: "tree-sitter-typescript", version: "0.23.2", file: "tree-sitter-typescript.wasm" },
  tsx: { pkg: "tree-sitter-typescript", version: "0.23.2", file: "tree-sitter-tsx.wasm" },
  javascript: { pkg: "tree-sitter-javascript", version: "0.25.0", file: "tree-sitter-javascript.wasm" },
  python: { pkg: "tree-sitter-python", version: "0.25.0", file: "tree-sitter-python.wasm" },
  bash: { pkg: "tree-sitter-bash", version: "0.25.1", file: "tree-sitter-bash.wasm" },
  json: { pkg: "tree-sitter-json", version: "0.24.8", file: "tree-sitter-json.wasm" },
  yaml: { pkg: "@tree-sitter-grammars/tree-sitter-yaml", version: "0.7.1", file: "tree-sitter-yaml.wasm" },
  hcl: { pkg: "@tree-sitter-grammars/tree-sitter-hcl", version: "1.2.0", file: "tree-sitter-terraform.wasm" },
};

const work = mkdtempSync(join(tmpdir(), "gatehouse-grammars-"));
const manifest = {
  generatedBy: "scripts/refresh-grammars.mjs",
  note: "Dockerfile has no tree-sitter grammar on the npm registry that ships a web-tree-sitter 0.27 wasm; Dockerfiles are parsed with the dockerfile-ast library instead.",
  grammars: {},
};
try {
  const packed = new Map();
  for (const [language, source] of Object.entries(SOURCES)) {
    const spec = `${source.pkg}@${source.version}`;
    if (!packed.has(spec)) {
      const tarball = execFileSync("npm", ["pack", spec, "--silent"], { cwd: work, encoding: "utf8" }).trim().split("\n").pop();
      const dir = join(work, spec.replace(/[@/]/g, "_"));
      execFileSync("mkdir", ["-p", dir]);
      execFileSync("tar", ["xzf", join(work, tarball), "-C", dir]);
      packed.set(spec, dir);
    }
    const target = join(grammarsDir, `${language}.wasm`);
    copyFileSync(join(packed.get(spec), "package", source.file), target);
    const sha256 = createHash("sha256").update(readFileSync(target)).digest("hex");
    manifest.grammars[language] = { package: source.pkg, version: source.version, file: source.file, sha256 };
    console.log(`${language}: ${spec} ${source.file} sha256=${sha256}`);
  }
  writeFileSync(join(grammarsDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
} finally {
  rmSync(work, { recursive: true, force: true });
}
