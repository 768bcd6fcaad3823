import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAgentsMd } from "../../src/core/agents-md.js";
import { agentScopeAnalyzer } from "../../src/core/analyzers/agent-scope.js";
import type { ChangeSet } from "../../src/core/changes.js";
import { DEFAULT_CONFIG, type Config } from "../../src/core/config.js";
import { parseUnifiedDiff } from "../../src/core/diff.js";
import { gate } from "../../src/core/gate.js";
import { scan } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const grammars = nodeGrammarLoader();
const agentsMd = (name: string) => readFileSync(new URL(`../../fixtures/remediation/agents-md/${name}`, import.meta.url), "utf8");

/** A diff that adds (or, with `deleted`, removes) a file with these lines. */
function fileDiff(path: string, lines: string[], mode: "added" | "modified" | "deleted" = "added"): string {
  if (mode === "deleted") return `diff --git a/${path} b/${path}\ndeleted file mode 100644\n--- a/${path}\n+++ /dev/null\n@@ -1,${lines.length} +0,0 @@\n${lines.map((l) => `-${l}`).join("\n")}\n`;
  if (mode === "modified") return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1,1 +1,${lines.length + 1} @@\n context\n${lines.map((l) => `+${l}`).join("\n")}\n`;
  return `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join("\n")}\n`;
}

async function scanScope(diff: string, options: { agentsMd?: string; config?: Config } = {}) {
  const changes: ChangeSet = parseUnifiedDiff(diff);
  if (options.agentsMd !== undefined) changes.context = { agentsMd: options.agentsMd };
  const config = options.config ?? DEFAULT_CONFIG;
  const result = await scan(changes, config, { grammars }, { rules: [], analyzers: [agentScopeAnalyzer] });
  return { result, verdict: gate(result, config) };
}

describe("AGENTS.md parsing", () => {
  it("reads the agents.md-style file: its test and lint commands, title format and Do-not-edit globs with their lines", () => {
    const guidance = parseAgentsMd(agentsMd("turbo-monorepo.md"));
    expect(guidance.testCommand).toBe("pnpm turbo run test --filter <project_name>");
    expect(guidance.lintCommand).toBe("pnpm lint --filter <project_name>");
    expect(guidance.prTitle?.format).toBe("[<project_name>] <Title>");
    expect(guidance.outOfScope).toEqual([
      { glob: "db/migrations/**", line: 17 },
      { glob: "infra/terraform/**", line: 18 },
      { glob: "**/*.generated.ts", line: 19 },
    ]);
  });

  it("reads a fenced command under Testing, bare bullets under Out of scope, and a Do-not-edit sentence elsewhere", () => {
    const guidance = parseAgentsMd(agentsMd("plain-sections.md"));
    expect(guidance.testCommand).toBe("npm test");
    expect(guidance.lintCommand).toBe("npm run lint");
    expect(guidance.prTitle).toEqual({ format: "fix(<area>): <summary>", instruction: "PR titles follow Conventional Commits: `fix(<area>): <summary>`." });
    expect(guidance.outOfScope.map((e) => e.glob)).toEqual([".github/**", "src/vendor/**", "package-lock.json", "CHANGELOG.md"]);
  });

  it("finds nothing in an AGENTS.md that gives no commands or scope, rather than guessing", () => {
    expect(parseAgentsMd(agentsMd("no-guidance.md"))).toEqual({ outOfScope: [] });
    expect(parseAgentsMd(undefined)).toEqual({ outOfScope: [] });
  });
});

describe("agent scope analyzer", () => {
  it("flags edits to the files that steer agents and the gate, naming the file and why it matters", async () => {
    const diff = [
      fileDiff("AGENTS.md", ["- You may edit anything."], "modified"),
      fileDiff(".codex/config.toml", ['sandbox_mode = "danger-full-access"']),
      fileDiff(".github/workflows/ci.yml", ["      - run: echo skip"], "modified"),
      fileDiff(".github/CODEOWNERS", ["* @agent"], "modified"),
      fileDiff(".github/gatehouse.yml", ["threshold: critical"], "modified"),
      fileDiff("src/app.ts", ["export const x = 1;"]),
    ].join("");
    const { result, verdict } = await scanScope(diff);
    const byPath = Object.fromEntries(result.findings.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual([".codex/config.toml", ".github/CODEOWNERS", ".github/gatehouse.yml", ".github/workflows/ci.yml", "AGENTS.md"]);
    expect(byPath["AGENTS.md"]).toMatchObject({ ruleId: "agent-config/agents-md-edited", category: "agent-config", severity: "high", line: 2 });
    expect(byPath[".github/workflows/ci.yml"]?.why).toContain("secrets");
    expect(byPath[".codex/config.toml"]?.message).toBe("This pull request adds `.codex/config.toml`, Codex's configuration (sandbox, approval policy, tools).");
    expect(byPath[".github/gatehouse.yml"]?.message).toContain("Gatehouse's own configuration");
    expect(verdict.conclusion).toBe("failure");
  });

  it("flags paths the base AGENTS.md puts out of scope, citing its line, and nothing without AGENTS.md", async () => {
    const diff = [
      fileDiff("db/migrations/0042_drop_users.sql", ["DROP TABLE users;"]),
      fileDiff("src/api/client.generated.ts", ["export const x = 1;"], "modified"),
      fileDiff("infra/terraform/main.tf", ['resource "null_resource" "x" {}'], "modified"),
      fileDiff("src/app.ts", ["export const y = 2;"]),
    ].join("");
    const { result } = await scanScope(diff, { agentsMd: agentsMd("turbo-monorepo.md") });
    expect(result.findings.map((f) => [f.path, f.ruleId]).sort()).toEqual([
      ["db/migrations/0042_drop_users.sql", "agent-config/out-of-scope-path"],
      ["infra/terraform/main.tf", "agent-config/out-of-scope-path"],
      ["src/api/client.generated.ts", "agent-config/out-of-scope-path"],
    ]);
    expect(result.findings.find((f) => f.path.startsWith("db/"))?.message).toBe(
      "This pull request adds `db/migrations/0042_drop_users.sql`, which AGENTS.md (line 17) puts out of scope for agents (`db/migrations/**`).",
    );
    expect((await scanScope(diff)).result.findings).toEqual([]);
  });

  it("flags deleted test files (as tests-disabled) but not deleted source files", async () => {
    const diff = [
      fileDiff("test/auth.test.ts", ["it('rejects a bad token', () => {});"], "deleted"),
      fileDiff("app/tests/test_orders.py", ["def test_owner_only(): pass"], "deleted"),
      fileDiff("src/legacy.ts", ["export {};"], "deleted"),
    ].join("");
    const { result } = await scanScope(diff);
    expect(result.findings.map((f) => [f.path, f.ruleId, f.category]).sort()).toEqual([
      ["app/tests/test_orders.py", "agent-config/test-deleted", "tests-disabled"],
      ["test/auth.test.ts", "agent-config/test-deleted", "tests-disabled"],
    ]);
  });

  it("flags suppression comments for Gatehouse and other scanners on added lines only, never in prose", async () => {
    const lines = [
      "// gatehouse-ignore: sql/js-template-query input is escaped upstream",
      "const q = 1; // nosemgrep: javascript.lang.security.audit.sqli",
      'const key = "x"; // gitleaks:allow',
      "# checkov:skip=CKV_AWS_20: public bucket is intended",
      "subprocess.call(cmd, shell=True)  # nosec B602",
      "// eslint-disable-next-line security/detect-object-injection",
      "// eslint-disable-next-line no-console",
      'const s = "gatehouse-ignore is documented in the README";',
    ];
    const diff = fileDiff("src/mixed.ts", lines) + fileDiff("docs/suppressions.md", ["Use `// gatehouse-ignore: <rule> <reason>` sparingly."]);
    const { result } = await scanScope(diff);
    const flagged = result.findings.map((f) => [f.path, f.line]);
    expect(flagged).toEqual([1, 2, 3, 4, 5, 6].map((line) => ["src/mixed.ts", line]));
    expect(result.findings[0]?.message).toBe("This pull request adds a Gatehouse suppression comment in `src/mixed.ts` line 1.");
    expect(result.findings[1]?.message).toContain("Semgrep");
  });

  it("a PR whose only change adds a gatehouse-ignore above existing code fails until the finding is allowed", async () => {
    const diff = `diff --git a/src/search.ts b/src/search.ts\n--- a/src/search.ts\n+++ b/src/search.ts\n@@ -5,2 +5,3 @@\n search.get("/search", async (req, res) => {\n+  // gatehouse-ignore: sql/js-template-query the input is escaped upstream\n   const { rows } = await pool.query(\`SELECT \${req.query.q}\`);\n`;
    const { result, verdict } = await scanScope(diff);
    expect(verdict.conclusion).toBe("failure");
    const id = result.findings[0]?.id ?? "";
    expect(gate(result, DEFAULT_CONFIG, { findingIds: new Set([id]) }).conclusion).toBe("success");
  });

  it("respects the repository's ignore globs and keeps ids stable across pushes that move lines", async () => {
    const config = { ...DEFAULT_CONFIG, ignore: ["fixtures/**"] };
    const ignored = await scanScope(fileDiff("fixtures/a.ts", ["// nosemgrep"]), { config });
    expect(ignored.result.findings).toEqual([]);
    const first = await scanScope(fileDiff(".github/workflows/ci.yml", ["on: push"], "modified"));
    const second = await scanScope(fileDiff(".github/workflows/ci.yml", ["name: ci", "on: push"], "modified"));
    expect(first.result.findings[0]?.id).toBe(second.result.findings[0]?.id);
  });
});
