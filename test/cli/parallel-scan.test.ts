/**
 * The CLI's multi-threaded scan (dist/scan-worker.mjs, built by `npm test`) against the single-threaded one:
 * same findings, same ids, same notes; and a thread that fails has its files scanned again, not dropped.
 */
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChangedFile, ChangeSet } from "../../src/core/changes.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { scan } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";
import { findScanWorker, scanInParallel } from "../../src/node/parallel-scan.js";
import { BUNDLED_RULES } from "../../src/rules.js";

const grammars = nodeGrammarLoader();

function added(path: string, lines: string[]): ChangedFile {
  return { path, status: "added", addedLines: lines.map((_, i) => i + 1), hunks: [{ newStart: 1, lines }] };
}

function change(): ChangeSet {
  const files: ChangedFile[] = [];
  for (let i = 0; i < 8; i++) {
    files.push(
      added(`src/api/orders${i}.ts`, [
        `import express from "express";`,
        `const app = express();`,
        `app.get("/orders/:id", async (req, res) => {`,
        "  const rows = await db.query(`SELECT * FROM orders WHERE id = ${req.params.id}`);",
        `  res.json(rows);`,
        `});`,
      ]),
    );
    files.push(added(`app/views${i}.py`, [`import requests`, `def fetch(url):`, `    return requests.get(url, verify=False)`]));
  }
  files.push(added("package.json", [`{`, `  "dependencies": {`, `    "expresss": "^4.0.0"`, `  }`, `}`]));
  return { files, notes: [] };
}

describe("scanInParallel", () => {
  const worker = findScanWorker();

  it("finds the built worker script", () => {
    expect(worker).toMatch(/dist\/scan-worker\.mjs$/);
  });

  it("gives the same findings, ids and notes on three threads as on one", async () => {
    const single = await scan(change(), DEFAULT_CONFIG, { grammars }, { rules: BUNDLED_RULES });
    const threaded = await scanInParallel(change(), DEFAULT_CONFIG, { grammars }, { rules: BUNDLED_RULES, jobs: 3, minBytes: 0 });
    expect(single.findings.map((f) => f.category)).toEqual(expect.arrayContaining(["sql", "auth", "tls", "package"]));
    expect(threaded.findings).toEqual(single.findings);
    expect(threaded.notes).toEqual(single.notes);
  });

  it("scans a failed thread's files on the main thread instead of dropping them", async () => {
    const broken = join(mkdtempSync(join(tmpdir(), "gatehouse-worker-")), "broken-worker.mjs");
    writeFileSync(broken, 'throw new Error("this thread fails on purpose");\n');
    const single = await scan(change(), DEFAULT_CONFIG, { grammars }, { rules: BUNDLED_RULES });
    const warnings: string[] = [];
    const recovered = await scanInParallel(change(), DEFAULT_CONFIG, { grammars }, { rules: BUNDLED_RULES, jobs: 2, minBytes: 0, worker: broken, warn: (m) => warnings.push(m) });
    expect(recovered.findings).toEqual(single.findings);
    expect(warnings).toEqual([expect.stringMatching(/^scan thread 1 of 2 failed \(.*this thread fails on purpose.*\); its files were scanned again on the main thread/)]);
  });
});
