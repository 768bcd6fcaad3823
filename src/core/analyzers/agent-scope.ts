/**
 * Agent scope: changes an agent should not make on its own, whatever the code does.
 *
 * - It edits the files that steer agents or the gate (AGENTS.md, `.codex/`, workflows, CODEOWNERS,
 *   `.github/gatehouse.yml`): an agent widening its own permissions or loosening the check that reviews it.
 * - It touches paths the repository's AGENTS.md (the BASE copy, passed in `ChangeSet.context`) puts out of scope.
 * - It deletes test files (skipped tests are the `tests-disabled` rules' job).
 * - It adds a suppression comment for Gatehouse or another scanner (`gatehouse-ignore`, `nosemgrep`,
 *   `gitleaks:allow`, `checkov:skip`, `# nosec`, `eslint-disable` of a security rule): a person must agree.
 *
 * Deletions and AGENTS.md need the whole ChangeSet (the analyzer context's `files` leave deleted files out):
 * the scan core passes it as `context.changes`.
 */
import picomatch from "picomatch";
import { parseAgentsMd, type AgentsGuidance } from "../agents-md.js";
import type { ChangedFile, ChangeSet } from "../changes.js";
import type { Severity } from "../finding.js";
import type { Analyzer, AnalyzerContext, AnalyzerFile, Detection } from "./analyzer.js";

interface SensitivePath {
  ruleId: string;
  test: (path: string) => boolean;
  severity: Severity;
  what: string;
  why: string;
}

const base = (path: string) => path.slice(path.lastIndexOf("/") + 1);

const SENSITIVE_PATHS: readonly SensitivePath[] = [
  {
    ruleId: "agent-config/agents-md-edited",
    test: (p) => /^(AGENTS|AGENTS\.override)\.md$/i.test(base(p)),
    severity: "high",
    what: "the instructions coding agents follow in this repository",
    why: "An agent that rewrites AGENTS.md can widen its own scope or drop the rules it was given (tests, out-of-scope paths) for every later run.",
  },
  {
    ruleId: "agent-config/codex-config-edited",
    test: (p) => /(^|\/)\.codex\//.test(p),
    severity: "high",
    what: "Codex's configuration (sandbox, approval policy, tools)",
    why: "Codex reads `.codex/` to decide what it may run and touch; an agent editing it can grant itself network access or skip approvals.",
  },
  {
    ruleId: "agent-config/workflow-edited",
    test: (p) => /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(p),
    severity: "high",
    what: "a GitHub Actions workflow",
    why: "Workflows run with the repository's secrets and a write token; an edited workflow can leak them, skip required checks or publish code nobody reviewed.",
  },
  {
    ruleId: "agent-config/codeowners-edited",
    test: (p) => /^(\.github\/|docs\/)?CODEOWNERS$/.test(p),
    severity: "high",
    what: "CODEOWNERS, which decides whose review a change needs",
    why: "Removing or rewriting an owner entry lets changes to that code merge without the owners' review.",
  },
  {
    ruleId: "agent-config/gate-config-edited",
    test: (p) => p === ".github/gatehouse.yml" || p === ".github/gatehouse.yaml",
    severity: "high",
    what: "Gatehouse's own configuration",
    why: "Gatehouse reads its config from the base branch, so this PR is still gated, but once merged it changes what every later agent PR is checked for (thresholds, ignored paths, disabled rules).",
  },
  {
    ruleId: "agent-config/branch-protection-edited",
    test: (p) => p === ".github/settings.yml" || p === ".github/rulesets.yml" || /^\.github\/rulesets\//.test(p),
    severity: "high",
    what: "repository settings or rulesets managed as code (branch protection, required checks)",
    why: "Branch protection and required status checks are what make this gate blocking; an agent must not change them.",
  },
  {
    ruleId: "agent-config/agent-instructions-edited",
    test: (p) => /^(CLAUDE\.md|\.cursorrules|\.github\/copilot-instructions\.md|GEMINI\.md)$/.test(p) || /^\.cursor\/rules\//.test(p) || /^\.claude\//.test(p),
    severity: "medium",
    what: "another coding agent's instructions or settings",
    why: "Agent instruction files steer every later agent run; changes to them should come from a person.",
  },
];

const TEST_PATH_GLOBS = ["**/test/**", "**/tests/**", "**/__tests__/**", "**/spec/**", "**/*.test.*", "**/*.spec.*", "**/test_*.py", "**/*_test.py", "**/*_test.go", "**/*Test.java", "**/*Tests.cs", "**/*_spec.rb"];
let testPathMatcher: ((path: string) => boolean) | undefined;

/** Compiled when a PR first deletes a file: most PRs delete none, and compiling the globs cost every start ~2 ms. */
function isTestPath(path: string): boolean {
  testPathMatcher ??= picomatch(TEST_PATH_GLOBS, { dot: true });
  return testPathMatcher(path);
}

interface Suppression {
  tool: string;
  pattern: RegExp;
}

/** A comment leader before the marker, so prose that merely mentions a tool (a README) does not count. */
const LEADER = String.raw`(?:\/\/|#|\/\*|<!--|--|;|^\s*\*)[^\n]*?`;
const SECURITY_ESLINT_RULE = String.raw`(?:security\/|security-node\/|no-unsanitized\/|@microsoft\/sdl\/|no-eval|no-implied-eval|no-new-func|react\/no-danger|detect-)`;

const SUPPRESSIONS: readonly Suppression[] = [
  { tool: "Gatehouse", pattern: new RegExp(`${LEADER}\\bgatehouse-ignore\\b`) },
  { tool: "Semgrep", pattern: new RegExp(`${LEADER}\\bnosemgrep\\b`) },
  { tool: "gitleaks", pattern: new RegExp(`${LEADER}\\bgitleaks:allow\\b`) },
  { tool: "Checkov", pattern: new RegExp(`${LEADER}\\bcheckov:skip\\b`) },
  { tool: "Bandit/gosec", pattern: /(?:#|\/\/)\s*#?nosec\b/ },
  { tool: "tfsec/Trivy", pattern: new RegExp(`${LEADER}\\b(?:tfsec|trivy):ignore\\b`) },
  { tool: "CodeQL", pattern: new RegExp(`${LEADER}\\b(?:codeql|lgtm)\\[`) },
  { tool: "ruff (flake8-bandit)", pattern: /#\s*noqa:\s*[^\n]*\bS\d{3}\b/ },
  { tool: "ESLint", pattern: new RegExp(`eslint-disable(?:-next-line|-line)?\\s+[^\\n]*${SECURITY_ESLINT_RULE}`) },
];

/** Markdown and plain text describe suppressions; they cannot apply one. */
const PROSE = /\.(md|mdx|markdown|rst|txt|adoc)$/i;

export interface AgentScopeInput {
  /** The files the scan core kept (not deleted, not ignored), with their text. */
  files: readonly AnalyzerFile[];
  /** The whole change, deleted files and the base AGENTS.md included; without it only `files` are checked. */
  changes?: ChangeSet;
  /** The repository's `ignore` globs: an ignored path is not reported here either. */
  ignore?: readonly string[];
}

export function analyzeAgentScope({ files, changes, ignore = [] }: AgentScopeInput): Detection[] {
  const guidance = parseAgentsMd(changes?.context?.agentsMd);
  const ignored = ignore.length > 0 ? picomatch([...ignore], { dot: true }) : () => false;
  const all: ChangedFile[] = (changes?.files ?? files.map((f) => f.file)).filter((file) => !ignored(file.path));
  const detections: Detection[] = [];
  for (const file of all) {
    const sensitive = SENSITIVE_PATHS.find((s) => s.test(file.path) || (file.oldPath !== undefined && s.test(file.oldPath)));
    if (sensitive) detections.push(sensitiveEdit(file, sensitive));
    const scope = outOfScopeMatch(file, guidance);
    if (scope) detections.push(outOfScope(file, scope));
    if (file.status === "deleted" && isTestPath(file.path)) detections.push(deletedTest(file));
  }
  for (const entry of files) {
    if (PROSE.test(entry.file.path)) continue;
    detections.push(...addedSuppressions(entry));
  }
  return detections;
}

function verbFor(file: ChangedFile): string {
  return file.status === "deleted" ? "deletes" : file.status === "added" ? "adds" : file.status === "renamed" ? "renames" : "edits";
}

function firstLine(file: ChangedFile): number {
  return file.addedLines[0] ?? 1;
}

function sensitiveEdit(file: ChangedFile, sensitive: SensitivePath): Detection {
  const line = firstLine(file);
  return {
    ruleId: sensitive.ruleId,
    category: "agent-config",
    severity: sensitive.severity,
    confidence: "high",
    path: file.path,
    line,
    endLine: line,
    message: `This pull request ${verbFor(file)} \`${file.path}\`, ${sensitive.what}.`,
    why: sensitive.why,
    // The path, not the content: one finding per file that survives further pushes to it.
    matchedText: `${sensitive.ruleId} ${file.oldPath ?? file.path}`,
    fix: `Revert the change to \`${file.path}\` in this pull request; if it is needed, a maintainer should make it in a separate pull request (or accept this one with \`/gatehouse allow\`).`,
  };
}

function outOfScopeMatch(file: ChangedFile, guidance: AgentsGuidance): AgentsGuidance["outOfScope"][number] | undefined {
  const paths = [file.path, ...(file.oldPath ? [file.oldPath] : [])];
  return guidance.outOfScope.find((entry) => {
    const matches = picomatch(entry.glob, { dot: true, basename: !entry.glob.includes("/") });
    // A bare directory (`infra/terraform`) means everything under it.
    const under = !/[*?[{]/.test(entry.glob) ? picomatch(`${entry.glob}/**`, { dot: true }) : () => false;
    return paths.some((p) => matches(p) || under(p));
  });
}

function outOfScope(file: ChangedFile, scope: AgentsGuidance["outOfScope"][number]): Detection {
  const line = firstLine(file);
  return {
    ruleId: "agent-config/out-of-scope-path",
    category: "agent-config",
    severity: "high",
    confidence: "high",
    path: file.path,
    line,
    endLine: line,
    message: `This pull request ${verbFor(file)} \`${file.path}\`, which AGENTS.md (line ${scope.line}) puts out of scope for agents (\`${scope.glob}\`).`,
    why: "The repository told agents not to change these paths (migrations, infrastructure, generated code are typical); a change there needs the owners' review, not an agent's judgement.",
    matchedText: `out-of-scope ${scope.glob} ${file.oldPath ?? file.path}`,
    fix: `Revert every change to \`${file.path}\` and solve the task without touching \`${scope.glob}\`; if that is impossible, stop and explain why in the pull request.`,
  };
}

function deletedTest(file: ChangedFile): Detection {
  return {
    ruleId: "agent-config/test-deleted",
    category: "tests-disabled",
    severity: "high",
    confidence: "medium",
    path: file.path,
    line: 1,
    endLine: 1,
    message: `This pull request deletes the test file \`${file.path}\`.`,
    why: "Deleting a failing test is the quickest way for an agent to turn a red build green; the behaviour it checked is then unguarded.",
    matchedText: `deleted-test ${file.path}`,
    fix: `Restore \`${file.path}\`; if a test is obsolete, say which behaviour it covered and why that no longer applies, and let a maintainer remove it.`,
  };
}

function addedSuppressions({ file, text, added }: AnalyzerFile): Detection[] {
  const detections: Detection[] = [];
  if (added.size === 0) return detections;
  const lines = text.split("\n");
  for (const lineNumber of added) {
    const content = lines[lineNumber - 1];
    if (content === undefined) continue;
    const suppression = SUPPRESSIONS.find((s) => s.pattern.test(content));
    if (!suppression) continue;
    const isGatehouse = suppression.tool === "Gatehouse";
    detections.push({
      ruleId: "agent-config/suppression-added",
      category: "agent-config",
      severity: "high",
      confidence: "high",
      path: file.path,
      line: lineNumber,
      endLine: lineNumber,
      message: `This pull request adds a ${suppression.tool} suppression comment in \`${file.path}\` line ${lineNumber}.`,
      why: isGatehouse
        ? "An agent that silences the gate reviewing it defeats the gate: an inline suppression added by the pull request itself counts only once a maintainer approves it."
        : `A suppression hides ${suppression.tool}'s finding from every later scan; an agent should fix the finding, not silence the scanner.`,
      matchedText: content.trim(),
      fix: `Remove the suppression comment from \`${file.path}\` line ${lineNumber} and fix the underlying finding instead; if it is a false positive, a maintainer can accept it with \`/gatehouse allow <finding-id> <reason>\`.`,
    });
  }
  return detections.sort((a, b) => a.line - b.line);
}

export const agentScopeAnalyzer: Analyzer = {
  name: "agent-scope",
  async analyze(context: AnalyzerContext) {
    return analyzeAgentScope({ files: context.files, ignore: context.config.ignore, changes: context.changes });
  },
};
