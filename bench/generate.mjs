// Generates multi-language unified diffs for the benchmarks: realistic agent-PR code (routes, queries,
// handlers, Terraform, workflows, Dockerfiles) with a few vulnerable lines mixed in, all as added files.
const TEMPLATES = {
  ts: (i) => [
    `import { Router } from "express";`,
    `import { pool } from "../db";`,
    `import { requireAuth } from "../auth";`,
    ``,
    `export const router${i} = Router();`,
    `router${i}.use(requireAuth);`,
    ``,
    `router${i}.get("/items/:id", async (req, res) => {`,
    `  const { rows } = await pool.query("SELECT * FROM items WHERE id = $1 AND owner = $2", [req.params.id, req.user.id]);`,
    `  if (rows.length === 0) return res.status(404).json({ error: "not found" });`,
    `  res.json(rows[0]);`,
    `});`,
    ``,
    `export function total${i}(items: Array<{ price: number; qty: number }>): number {`,
    `  return items.reduce((sum, item) => sum + item.price * item.qty, 0);`,
    `}`,
    i % 7 === 0 ? `router${i}.get("/search", async (req, res) => res.json(await pool.query(\`SELECT * FROM items WHERE name = '\${req.query.q}'\`)));` : `// search is served by the catalogue service`,
    ``,
  ],
  py: (i) => [
    `from fastapi import APIRouter, Depends`,
    `from .auth import get_current_user`,
    `from .db import get_connection`,
    ``,
    `router = APIRouter(dependencies=[Depends(get_current_user)])`,
    ``,
    `@router.get("/reports/{report_id}")`,
    `def read_report_${i}(report_id: int, user=Depends(get_current_user)):`,
    `    with get_connection() as conn:`,
    `        cur = conn.cursor()`,
    `        cur.execute("SELECT * FROM reports WHERE id = %s AND owner_id = %s", (report_id, user.id))`,
    `        return cur.fetchone()`,
    ``,
    i % 9 === 0 ? `requests.get(f"https://api.example.com/v1/{report_id}", verify=False)` : `# upstream calls go through the shared client`,
    ``,
  ],
  tf: (i) => [
    `resource "aws_security_group" "web_${i}" {`,
    `  name        = "web-${i}"`,
    `  description = "Load balancer ingress"`,
    `  ingress {`,
    `    from_port   = 443`,
    `    to_port     = 443`,
    `    protocol    = "tcp"`,
    `    cidr_blocks = ["0.0.0.0/0"]`,
    `  }`,
    `}`,
    ``,
  ],
  yml: (i) => [
    `name: ci-${i}`,
    `on: [push]`,
    `permissions:`,
    `  contents: read`,
    `jobs:`,
    `  test:`,
    `    runs-on: ubuntu-latest`,
    `    steps:`,
    `      - uses: actions/checkout@v4`,
    `      - run: npm ci && npm test`,
    ``,
  ],
};

function fileDiff(path, lines) {
  return [`diff --git a/${path} b/${path}`, "new file mode 100644", "index 0000000..1111111", "--- /dev/null", `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`), ""].join("\n");
}

/** A diff of about `bytes` bytes of added source, split into files of about `linesPerFile` lines. */
export function generateDiff(bytes, { linesPerFile = 400 } = {}) {
  const kinds = ["ts", "py", "ts", "tf", "yml", "ts", "py"];
  const parts = [];
  let size = 0;
  let fileIndex = 0;
  while (size < bytes) {
    const kind = kinds[fileIndex % kinds.length];
    const lines = [];
    let block = 0;
    while (lines.length < linesPerFile) lines.push(...TEMPLATES[kind](fileIndex * 1000 + block++));
    const ext = kind === "yml" ? "yml" : kind;
    const path = kind === "yml" ? `.github/workflows/ci-${fileIndex}.yml` : kind === "tf" ? `infra/web-${fileIndex}.tf` : `src/module${fileIndex}/handler.${ext}`;
    const diff = fileDiff(path, lines.slice(0, linesPerFile));
    parts.push(diff);
    size += lines.slice(0, linesPerFile).reduce((sum, l) => sum + l.length + 1, 0);
    fileIndex++;
  }
  return { diff: parts.join(""), sourceBytes: size, files: fileIndex };
}

/** The typical agent PR of the issues: 20 files, 1,000 added lines. */
export function typicalAgentPr() {
  const kinds = ["ts", "py", "ts", "tf", "yml"];
  const parts = [];
  for (let f = 0; f < 20; f++) {
    const kind = kinds[f % kinds.length];
    const lines = [];
    let block = 0;
    while (lines.length < 50) lines.push(...TEMPLATES[kind](f * 100 + block++));
    const path = kind === "yml" ? `.github/workflows/pr-${f}.yml` : kind === "tf" ? `infra/pr-${f}.tf` : `src/feature/part${f}.${kind}`;
    parts.push(fileDiff(path, lines.slice(0, 50)));
  }
  return parts.join("");
}
