/**
 * How the scan core splits work: every file is analyzed exactly once whether the scan runs as one pass, in
 * batches or in shards, each file is parsed once for all the analyzers that read its tree, and the findings
 * and their ids do not depend on the split.
 */
import { describe, expect, it } from "vitest";
import type { AnalyzerFile } from "../../src/core/analyzers/analyzer.js";
import type { ChangedFile, ChangeSet } from "../../src/core/changes.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { RuleEngine } from "../../src/core/rules/engine.js";
import { detect, finishScan, scan, shardOf } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";
import { BUNDLED_RULES } from "../../src/rules.js";

const grammars = nodeGrammarLoader();

function added(path: string, lines: string[]): ChangedFile {
  return { path, status: "added", addedLines: lines.map((_, i) => i + 1), hunks: [{ newStart: 1, lines }], newText: `${lines.join("\n")}\n` };
}

const ROUTES = (n: number) => [
  `import { Router } from "express";`,
  `import { pool } from "./db";`,
  `export const router${n} = Router();`,
  `router${n}.get("/items/:id", async (req, res) => {`,
  "  const { rows } = await pool.query(`SELECT * FROM items WHERE id = ${req.params.id}`);",
  `  res.json(rows[0]);`,
  `});`,
];
const TERRAFORM = [`resource "aws_security_group" "db" {`, `  ingress {`, `    from_port   = 5432`, `    to_port     = 5432`, `    protocol    = "tcp"`, `    cidr_blocks = ["0.0.0.0/0"]`, `  }`, `}`];

function change(): ChangeSet {
  const files: ChangedFile[] = [];
  for (let i = 0; i < 12; i++) files.push(added(`src/routes/r${i}.ts`, ROUTES(i).concat(Array.from({ length: i * 40 }, (_, k) => `// filler ${k}`))));
  files.push(added("infra/db.tf", TERRAFORM));
  return { files, notes: [] };
}

describe("scan batching and shards", () => {
  it("parses each file once for the rules, the auth analyzer and the Terraform checks together", async () => {
    const engine = new RuleEngine(BUNDLED_RULES, grammars);
    const parsed: string[] = [];
    const parse = engine.parse.bind(engine);
    engine.parse = (language, text) => {
      parsed.push(language);
      return parse(language, text);
    };
    const result = await scan(change(), DEFAULT_CONFIG, { grammars }, { rules: BUNDLED_RULES, engine });
    const categories = new Set(result.findings.map((f) => f.category));
    // The three analyzers all found something, so all three read trees; still one parse per file.
    expect(categories).toEqual(new Set(["sql", "auth", "iac"]));
    expect(parsed.filter((l) => l === "typescript")).toHaveLength(12);
    expect(parsed.filter((l) => l === "hcl")).toHaveLength(1);
  });

  it("shards partition the files, and shares are close in size", () => {
    const files: AnalyzerFile[] = change().files.map((file) => ({ file, text: file.newText ?? "", added: new Set(file.addedLines) }));
    for (const count of [1, 2, 3, 5]) {
      const shards = Array.from({ length: count }, (_, index) => shardOf(files, { index, count }));
      const seen = shards.flat().map((f) => f.file.path);
      expect(seen.sort()).toEqual(files.map((f) => f.file.path).sort());
      if (count === 2) {
        const [a, b] = shards.map((s) => s.reduce((sum, f) => sum + f.text.length, 0));
        expect(Math.abs(a! - b!) / (a! + b!)).toBeLessThan(0.1);
      }
    }
  });

  it("gives the same findings and ids when the work is split into shards and parts", async () => {
    const whole = await scan(change(), DEFAULT_CONFIG, { grammars }, { rules: BUNDLED_RULES });
    const changes = change();
    const parts = [await detect(changes, DEFAULT_CONFIG, { grammars }, { rules: BUNDLED_RULES, part: "whole-change" })];
    for (let index = 0; index < 3; index++) parts.push(await detect(changes, DEFAULT_CONFIG, { grammars }, { rules: BUNDLED_RULES, part: "per-file", shard: { index, count: 3 } }));
    const split = await finishScan(changes, DEFAULT_CONFIG, { detections: parts.reverse().flatMap((p) => p.detections), notes: parts.flatMap((p) => p.notes) }, Date.now());
    expect(whole.findings.length).toBeGreaterThan(20);
    expect(split.findings).toEqual(whole.findings);
  });
});

describe("cross-file facts across batches", () => {
  it("sees a router mounted behind a gate in a file of another batch", async () => {
    const filler = Array.from({ length: 3000 }, (_, k) => `// generated table row ${k} ..............`);
    const router = added("src/routes/admin.ts", [`import { Router } from "express";`, `export const reports = Router();`, `reports.get("/reports", async (req, res) => res.json(await listReports()));`, ...filler]);
    const app = added("src/app.ts", [`import express from "express";`, `import { requireAuth } from "./auth.js";`, `import { reports } from "./routes/admin.js";`, `const app = express();`, `app.use("/api", requireAuth, reports);`, ...filler]);
    const auth = added("src/auth.ts", [`export function requireAuth(req, res, next) {`, `  if (!req.user) return res.status(401).end();`, `  next();`, `}`]);
    const gated = await scan({ files: [router, app, auth], notes: [] }, DEFAULT_CONFIG, { grammars }, { rules: [] });
    expect(gated.findings.filter((f) => f.category === "auth").map((f) => `${f.path}:${f.line} ${f.message}`)).toEqual([]);
    // The same router with the mount's gate removed is reported: the test can fail.
    const ungatedApp = added("src/app.ts", app.hunks[0]!.lines.map((l) => l.replace("requireAuth, ", "")));
    const ungated = await scan({ files: [router, ungatedApp, auth], notes: [] }, DEFAULT_CONFIG, { grammars }, { rules: [] });
    expect(ungated.findings.filter((f) => f.category === "auth").map((f) => `${f.path}:${f.line}`)).toEqual(["src/routes/admin.ts:3"]);
  });
});

describe("afterBatch", () => {
  it("is called once after each batch, when the batch's trees are freed", async () => {
    // Three files of ~300 KB: over the one-batch limit (512 KB), so each is a batch of its own.
    const big = (i: number) => added(`src/generated/table${i}.ts`, Array.from({ length: 6000 }, (_, k) => `export const row${k} = "${"x".repeat(40)}";`));
    let batches = 0;
    await scan({ files: [big(0), big(1), big(2)], notes: [] }, DEFAULT_CONFIG, { grammars }, { rules: [], afterBatch: () => (batches += 1) });
    expect(batches).toBe(3);
    let small = 0;
    await scan(change(), DEFAULT_CONFIG, { grammars }, { rules: [], afterBatch: () => (small += 1) });
    expect(small).toBe(1);
  });
});
