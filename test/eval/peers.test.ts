/**
 * The peers as the evaluation runs them: the mapping table names only rules that exist, and each peer reports on
 * added lines only, in the category the table gives.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { parseUnifiedDiff } from "../../src/core/diff.js";
import type { CorpusPr } from "../../src/eval/corpus.js";
import { sameInputAs } from "../../src/eval/evaluate.js";
import { PEER_MAPPING } from "../../src/eval/peer-mapping.js";
import { dockerfilelintPeer } from "../../src/eval/peers/dockerfilelint.js";
import { eslintPeer } from "../../src/eval/peers/eslint.js";
import { secretlintPeer } from "../../src/eval/peers/secretlint.js";

const require = createRequire(import.meta.url);

/** A PR that modifies each file: `before` lines are context, `after` lines are added, as one hunk. */
function prOf(files: Record<string, { context: string[]; added: string[] }>): CorpusPr {
  const diff = Object.entries(files)
    .map(([path, { context, added }]) => {
      const header = [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, `@@ -1,${context.length} +1,${context.length + added.length} @@`];
      return [...header, ...context.map((l) => ` ${l}`), ...added.map((l) => `+${l}`)].join("\n");
    })
    .join("\n");
  const changes = parseUnifiedDiff(`${diff}\n`);
  for (const file of changes.files) file.newText = [...files[file.path]!.context, ...files[file.path]!.added].join("\n");
  return { id: "test-pr", labels: { title: "t", description: "d", expected: [], split: "tuning" }, changes, config: DEFAULT_CONFIG, warnings: [] };
}

describe("peer mapping", () => {
  it("names only ESLint rules that the configured plugins or ESLint itself define", async () => {
    const security = require("eslint-plugin-security") as { rules: Record<string, unknown> };
    const sdl = (await import("@microsoft/eslint-plugin-sdl")).default as { rules: Record<string, unknown> };
    const react = require("eslint-plugin-react") as { rules: Record<string, unknown> };
    const n = require("eslint-plugin-n") as { rules: Record<string, unknown> };
    const { builtinRules } = require("eslint/use-at-your-own-risk") as { builtinRules: Map<string, unknown> };
    const known = new Set([
      ...Object.keys(security.rules).map((r) => `security/${r}`),
      ...Object.keys(sdl.rules).map((r) => `@microsoft/sdl/${r}`),
      ...Object.keys(react.rules).map((r) => `react/${r}`),
      ...Object.keys(n.rules).map((r) => `n/${r}`),
      ...builtinRules.keys(),
    ]);
    expect(Object.keys(PEER_MAPPING.eslint.rules).filter((id) => !known.has(id))).toEqual([]);
  });

  it("names only dockerfilelint rules that exist", () => {
    const reference = require("dockerfilelint/lib/reference.js") as Record<string, unknown>;
    expect(Object.keys(PEER_MAPPING.dockerfilelint.rules).filter((id) => !(id in reference))).toEqual([]);
  });
});

describe("peers on a PR", () => {
  it("ESLint reports child_process use as injection, only on added lines", async () => {
    const peer = await eslintPeer(join(import.meta.dirname, "../../fixtures/corpus"));
    const pr = prOf({
      "src/old.js": { context: ['const cp = require("child_process");'], added: ["module.exports = cp;"] },
      "src/new.js": { context: ["// helpers"], added: ['const { exec } = require("child_process");', "exec(process.argv[2]);"] },
    });
    const run = await peer.run(pr);
    expect(run.findings.map((f) => `${f.path}:${f.line} ${f.category} ${f.ruleId}`)).toEqual(["src/new.js:3 injection security/detect-child-process"]);
  }, 30_000);

  it("ESLint parses TypeScript with the typescript-eslint parser", async () => {
    const peer = await eslintPeer(join(import.meta.dirname, "../../fixtures/corpus"));
    const pr = prOf({ "src/a.ts": { context: ["type Id = string;"], added: ["export function run(code: Id): unknown {", "  return eval(code);", "}"] } });
    const run = await peer.run(pr);
    expect(run.errors).toEqual([]);
    expect(run.findings.map((f) => `${f.line} ${f.category}`)).toContain("3 injection");
  }, 30_000);

  it("secretlint reports a GitHub token as a secret", async () => {
    const peer = await secretlintPeer();
    const token = `ghp_${"aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"}`;
    const pr = prOf({ "config/ci.env": { context: ["NODE_ENV=test"], added: [`GITHUB_TOKEN=${token}`] } });
    const run = await peer.run(pr);
    expect(run.findings.map((f) => `${f.line} ${f.category}`)).toEqual(["2 secret"]);
  });

  it("dockerfilelint maps sudo to iac and leaves style checks unmapped", async () => {
    const peer = await dockerfilelintPeer();
    const pr = prOf({ Dockerfile: { context: ["FROM node:20-slim"], added: ["run echo hi", "RUN sudo apt-get install -y curl"] } });
    const run = await peer.run(pr);
    expect(run.findings.map((f) => `${f.line} ${f.category} ${f.ruleId}`)).toEqual(["3 iac sudo_usage"]);
    expect(run.unmapped).toBeGreaterThan(0);
  });
});

describe("sameInputAs", () => {
  it("gives both sides of the speed ratio only the files the peer reads, and leaves the scored PRs whole", async () => {
    const pr = prOf({
      "src/app.ts": { context: [], added: ["export const a = 1;"] },
      "package.json": { context: ["{"], added: ['  "name": "x"', "}"] },
      Dockerfile: { context: [], added: ["FROM node:20"] },
    });
    const eslint = await eslintPeer(join(import.meta.dirname, "../../fixtures/corpus"));
    const [restricted] = sameInputAs(eslint, [pr]);
    expect(restricted!.changes.files.map((f) => f.path)).toEqual(["src/app.ts"]);
    expect(pr.changes.files.map((f) => f.path)).toEqual(["src/app.ts", "package.json", "Dockerfile"]);
    expect(sameInputAs({ name: "reads everything", run: async () => ({ findings: [], unmapped: 0, errors: [] }) }, [pr])[0]!.changes.files).toHaveLength(3);
  });
});
