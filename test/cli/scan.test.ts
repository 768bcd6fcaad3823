import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/diffs/${name}`, import.meta.url), "utf8");

function addedFileDiff(path: string, lines: string[]): string {
  return [`diff --git a/${path} b/${path}`, "new file mode 100644", "--- /dev/null", `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`), ""].join("\n");
}

describe("gatehouse scan", () => {
  it("reports the vulnerable agent PR's queries and unguarded routes on their lines and exits 1", async () => {
    const run = await runCli(["scan", "--format", "json"], fixture("sql-agent-pr.diff"));
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout) as Array<{ ruleId: string; path: string; line: number; id: string; severity: string }>;
    expect(findings.map((f) => [f.ruleId, f.path, f.line]).sort()).toEqual([
      ["auth/unprotected-route", "src/routes/users.ts", 11],
      ["auth/unprotected-route", "src/routes/users.ts", 18],
      ["sql/js-template-query", "src/routes/users.ts", 12],
      ["sql/js-template-query", "src/routes/users.ts", 19],
    ]);
    // Most severe first: the JSON array is ordered for people reading it top-down.
    expect(findings.map((f) => f.severity)).toEqual(["high", "high", "high", "medium"]);
    expect(new Set(findings.map((f) => f.id)).size).toBe(4);
    expect(run.stderr).toContain("docs/logo.png: binary file, not scanned.");
  });

  it("passes the clean PR with exit 0 and an empty array", async () => {
    const run = await runCli(["scan", "--format", "json", "-"], fixture("clean-agent-pr.diff"));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it("prints text grouped by file with the line, the why and the fix", async () => {
    const run = await runCli(["scan", "--no-color"], fixture("sql-agent-pr.diff"));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^src\/routes\/users\.ts\n {2}11:\d+ +medium/m);
    expect(run.stdout).toMatch(/^ {2}12:\d+ +high +`query` runs SQL built from `req\.query\.q`/m);
    expect(run.stdout).toContain("why: Whoever controls");
    expect(run.stdout).toContain("fix: Pass");
    expect(run.stdout).toContain("note: docs/logo.png: binary file, not scanned.");
    expect(run.stdout).toContain("Blocked: 3 findings at or above high");
  });

  it("finds the same line numbers whether ids are computed from the diff or from --root", async () => {
    const root = mkdtempSync(join(tmpdir(), "gatehouse-root-"));
    const lines = ["import { pool } from './db';", "export const q = (req) => pool.query(`SELECT * FROM t WHERE id = ${req.query.id}`);"];
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src/a.ts"), `${lines.join("\n")}\n`);
    const diff = addedFileDiff("src/a.ts", lines);
    const fromDiff = JSON.parse((await runCli(["scan", "--format", "json"], diff)).stdout) as Array<{ id: string; line: number }>;
    const fromRoot = JSON.parse((await runCli(["scan", "--format", "json", "--root", root], diff)).stdout) as Array<{ id: string; line: number }>;
    expect(fromRoot.map((f) => [f.id, f.line])).toEqual(fromDiff.map((f) => [f.id, f.line]));
    expect(fromRoot).toHaveLength(1);

    writeFileSync(join(root, "src/a.ts"), "// edited after the diff was taken\n");
    const mismatch = await runCli(["scan", "--root", root], diff);
    expect(mismatch.stdout).toContain("differs from the diff's new side");
  });

  it("--fail-on low makes a below-threshold finding blocking, and a bad value is a usage error", async () => {
    const run = await runCli(["scan", "--fail-on", "critical", "--format", "json"], fixture("sql-agent-pr.diff"));
    expect(run.code).toBe(0);
    const bad = await runCli(["scan", "--fail-on", "hgh"], fixture("sql-agent-pr.diff"));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("gatehouse: --fail-on must be critical, high, medium or low (got `hgh`)");
  });

  it("names the config line that is wrong", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gatehouse-config-"));
    const config = join(dir, "gatehouse.yml");
    writeFileSync(config, "version: 1\nbranches: [\"codex/*\"]\nthreshold: hgh\n");
    const run = await runCli(["scan", "--config", config], fixture("clean-agent-pr.diff"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("line 3: `threshold` must be one of low, medium, high, critical (got `hgh`)");
  });
});

describe("a change to the gate's own config", () => {
  const SQL = addedFileDiff("src/search.ts", ["import { pool } from './db';", "export const search = (q: string) => pool.query(`SELECT * FROM t WHERE name = '${q}'`);"]);

  function checkout(config: string): string {
    const dir = mkdtempSync(join(tmpdir(), "gatehouse-pr-"));
    mkdirSync(join(dir, ".github"));
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, ".github/gatehouse.yml"), config);
    writeFileSync(join(dir, "src/search.ts"), "import { pool } from './db';\nexport const search = (q: string) => pool.query(`SELECT * FROM t WHERE name = '${q}'`);\n");
    return dir;
  }

  it("is read from before the change when the checkout holds the changed copy: a PR cannot turn its gate off", async () => {
    const loosen = ["diff --git a/.github/gatehouse.yml b/.github/gatehouse.yml", "--- a/.github/gatehouse.yml", "+++ b/.github/gatehouse.yml", "@@ -1,2 +1,2 @@", " version: 1", "-threshold: medium", '+ignore: ["**"]', ""].join("\n");
    const dir = checkout('version: 1\nignore: ["**"]\n');
    const run = await runCli(["scan", "--format", "json", "--root", dir], loosen + SQL, { cwd: dir });
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as Array<{ ruleId: string }>).map((f) => f.ruleId)).toContain("sql/js-template-query");
    expect(run.stderr).toContain("this change edits .github/gatehouse.yml; the scan uses the version from before it");
    // The same checkout with a diff that leaves the config alone: the repository's own `ignore` applies.
    const untouched = await runCli(["scan", "--format", "json", "--root", dir], SQL, { cwd: dir });
    expect(untouched.code).toBe(0);
  });

  it("a config the change adds does not apply to it", async () => {
    const dir = checkout("version: 1\nthreshold: critical\n");
    const adds = addedFileDiff(".github/gatehouse.yml", ["version: 1", "threshold: critical"]);
    const run = await runCli(["scan", "--format", "json", "--root", dir], adds + SQL, { cwd: dir });
    expect(run.code).toBe(1);
  });
});

describe("gatehouse scan on bad input", () => {
  it("an empty diff is a note, not an error", async () => {
    const run = await runCli(["scan"], "");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("The diff is empty");
  });

  it("garbage is exit 2 with one line and no stack trace", async () => {
    const run = await runCli(["scan"], "this is not a diff\nat all\n");
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("a binary image alone is a note and exit 0; a binary of a kind that can hide code blocks", async () => {
    const binary = (path: string) => [`diff --git a/${path} b/${path}`, "index 1111111..2222222 100644", "GIT binary patch", "literal 4", "LcmZQzWMT#Y01f~L", "", "literal 0", "HcmV?d00001", ""].join("\n");
    const image = await runCli(["scan"], binary("a.png"));
    expect(image.code).toBe(0);
    expect(image.stdout).toContain("a.png: binary file, not scanned.");
    const opaque = await runCli(["scan"], binary("a.bin"));
    expect(opaque.code).toBe(1);
    expect(opaque.stdout).toContain("a.bin: binary content Gatehouse cannot read, not scanned.");
  });

  it("a truncated diff is exit 2 naming the hunk", async () => {
    const run = await runCli(["scan"], addedFileDiff("src/a.ts", ["eval(req.query.code);"]).replace("+1,1 @@", "+1,40 @@"));
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe("gatehouse: stdin: the diff is truncated or was edited by hand: the diff ends inside the hunk on line 5, 39 of its lines missing");
  });

  it("a config that cannot be read or expands without end is exit 2 in one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gatehouse-config-"));
    const bomb = join(dir, "bomb.yml");
    writeFileSync(bomb, ["version: 1", "a: &a [x, x, x, x, x, x, x, x, x, x]", ..."bcdefgh".split("").map((k, i) => `${k}: &${k} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`), ""].join("\n"));
    for (const [config, message] of [[dir, "cannot read it (EISDIR)"], [bomb, "not valid YAML"], ["", "--config needs a file name"]] as const) {
      const run = await runCli(["scan", "--config", config], fixture("clean-agent-pr.diff"));
      expect(run.code, config).toBe(2);
      expect(run.stderr.trim().split("\n"), run.stderr).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
  });

  it("a 50 MB single added line is skipped with a note and blocks (fail closed), without crashing", async () => {
    const diff = addedFileDiff("dist/bundle.js", [`var x = "${"a".repeat(50 * 1024 * 1024)}";`]);
    const run = await runCli(["scan"], diff);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("dist/bundle.js");
    expect(run.stdout).toContain("not scanned");
    expect(run.stderr).toBe("");
  });

  it("a 50 MB line that is not a diff is exit 2", async () => {
    const run = await runCli(["scan"], "x".repeat(50 * 1024 * 1024));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("not a unified diff");
  });

  it("invalid UTF-8 in a file is a note naming the file", async () => {
    const head = Buffer.from(addedFileDiff("src/latin1.ts", ["const s = 'caf"]).replace(/\n$/, ""));
    const diff = Buffer.concat([head, Buffer.from([0xe9, 0x27, 0x3b, 0x0a])]);
    const run = await runCli(["scan"], diff);
    expect(run.stdout).toContain("src/latin1.ts: the added text is not valid UTF-8; not scanned.");
    expect(run.code).toBe(1);
  });

  it("a large JSON output arrives whole through a pipe", async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `db.query(\`SELECT * FROM t${i} WHERE id = \${req.query.id${i}}\`);`);
    const run = await runCli(["scan", "--format", "json"], addedFileDiff("src/many.ts", lines));
    expect(run.code).toBe(1);
    expect(run.stdout.length).toBeGreaterThan(65_536);
    expect(JSON.parse(run.stdout)).toHaveLength(3000);
  });

  it("a reader that stops early (`| head`) gets no stack trace, and the exit code is still the verdict", async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `db.query(\`SELECT * FROM t${i} WHERE id = \${req.query.id${i}}\`);`);
    const run = await runCli(["scan", "--format", "json"], addedFileDiff("src/many.ts", lines), { stdoutBytes: 100 });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.stderr).toContain("Blocked: 3000 findings");
  });
});
