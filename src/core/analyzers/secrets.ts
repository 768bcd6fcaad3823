/**
 * The secrets analyzer: hardcoded credentials on the lines a PR added, in any language, plus files that
 * should never be committed. Every detection carries `secretValue`, so the scan core masks the value in
 * every field it builds. Test files lower the severity; they never silence a finding.
 */
import type { Severity } from "../finding.js";
import { maskSecret } from "../redact.js";
import { checkSecretFile, type FileFinding } from "../secrets/files.js";
import { scanFileForSecrets, type SecretCandidate } from "../secrets/scan-file.js";
import type { Analyzer, AnalyzerFile, Detection } from "./analyzer.js";

const WHY =
  "Anyone with read access to the repository or its forks can use it, and a pushed secret is burned even if the PR is closed: clones, forks, CI logs and caches keep the history.";

const TEST_PATH = /(?:^|\/)(?:test|tests|__tests__|spec|specs|fixtures?|__fixtures__|testdata|__mocks__|mocks?|e2e)\/|\.(?:test|spec)\.[^/]+$|_test\.(?:go|py|rb)$|(?:^|\/)test_[^/]+\.py$/i;

const KEY_FILE_RULES = new Set(["ssh-private-key-file", "private-key-file"]);

const LOWER: Record<Severity, Severity> = { critical: "high", high: "medium", medium: "low", low: "low" };

/** A single-line excerpt that contains the whole value, short enough that evidence is never cut mid-secret. */
const MAX_MATCHED_TEXT = 240;

export const secretsAnalyzer: Analyzer = {
  name: "secrets",
  perFile: true,
  async analyze(context) {
    const detections: Detection[] = [];
    for (const file of context.files) detections.push(...analyzeFile(file));
    return detections;
  },
};

export function analyzeFile({ file, text, added }: AnalyzerFile): Detection[] {
  const path = file.path;
  const lines = text.split("\n");
  const inTest = TEST_PATH.test(path);
  const detections: Detection[] = [];
  const candidates = scanFileForSecrets(path, lines, added);
  const fileFinding = checkSecretFile(path, lines, added);
  const keyFile = fileFinding !== undefined && KEY_FILE_RULES.has(fileFinding.rule.id);
  if (fileFinding) {
    // A key file's report is the key itself: one finding for the file, masking the key block it holds.
    const key = keyFile ? candidates.find((c) => c.rule.id === "private-key") : undefined;
    detections.push(fileDetection(path, lines, key ? { ...fileFinding, line: key.line, keyBlock: key.value } : fileFinding, inTest));
  }
  for (const candidate of candidates) {
    if (keyFile && candidate.rule.id === "private-key") continue;
    detections.push(candidateDetection(path, lines, candidate, inTest));
  }
  return detections;
}

/** "GitHub personal access token", "private key", "hardcoded secret": as it reads mid-sentence. */
function describe(provider: string, kind: string): string {
  return provider === "generic" || kind.toLowerCase().includes(provider.toLowerCase()) ? kind : `${provider} ${kind}`;
}

function label(provider: string, kind: string): string {
  const text = describe(provider, kind);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function candidateDetection(path: string, lines: readonly string[], c: SecretCandidate, inTest: boolean): Detection {
  const what = label(c.rule.provider, c.rule.kind);
  const where = `${c.name ? ` assigned to \`${c.name}\`` : ""} in \`${path}\``;
  const proof = c.verified ? " (its checksum is valid, so it is a real token)" : "";
  const severity = inTest ? LOWER[c.rule.severity] : c.rule.severity;
  return {
    ruleId: `secret/${c.rule.id}`,
    category: "secret",
    severity,
    confidence: c.verified ? "high" : c.rule.confidence,
    path,
    line: c.line,
    endLine: c.endLine,
    column: c.column,
    message: `${what}${where}${proof}${inTest ? " (a test file, so lower severity; still a real credential if it was ever issued)" : ""}.`,
    why: `${c.rule.description} ${WHY}`,
    matchedText: matchedText(lines, c.line, c.column, c.value, c.rule.provider),
    fix: fixText(describe(c.rule.provider, c.rule.kind), c.rule.provider, c.rule.envVar, path),
    secretValue: { value: c.value, provider: c.rule.provider },
    cwe: "CWE-798",
    references: ["CWE-798", "OWASP A07:2021"],
  };
}

function fileDetection(path: string, lines: readonly string[], f: FileFinding & { keyBlock?: string }, inTest: boolean): Detection {
  const rule = f.rule;
  const detail = f.secret?.name ? ` (sets \`${f.secret.name}\`)` : "";
  const detection: Detection = {
    ruleId: `secret/${rule.id}`,
    category: "secret",
    severity: inTest ? LOWER[rule.severity] : rule.severity,
    confidence: "high",
    path,
    line: f.line,
    endLine: f.line,
    message: `${label(rule.provider, rule.kind)} \`${path}\` is committed${detail}; it should never be in the repository.`,
    why: `${rule.why} ${WHY}`,
    matchedText: f.secret
      ? matchedText(lines, f.line, (lines[f.line - 1] ?? "").indexOf(f.secret.value) + 1, f.secret.value, rule.provider)
      : `${rule.kind}: ${path}`,
    fix: `Delete \`${path}\` from the PR and add it to \`.gitignore\`; revoke and rotate every credential it held at its provider (a pushed secret is burned even if the PR is closed), then load them at run time from ${rule.envVar}.`,
    cwe: "CWE-798",
    references: ["CWE-798", "CWE-538"],
  };
  if (f.secret) detection.secretValue = { value: f.secret.value, provider: rule.provider };
  else if (f.keyBlock) detection.secretValue = { value: f.keyBlock, provider: rule.provider };
  return detection;
}

/**
 * The line around the value, kept whole and under the evidence limit so the scan core's redaction sees the
 * complete value. Values too long or multi-line to quote are masked here already.
 */
function matchedText(lines: readonly string[], line: number, column: number, value: string, provider: string): string {
  const text = lines[line - 1] ?? "";
  const start = Math.max(0, column - 1);
  if (value.includes("\n") || value.length > MAX_MATCHED_TEXT - 20 || !text.includes(value)) {
    return `${text.slice(Math.max(0, start - 60), start).trimStart()}${maskSecret(value, provider)}`;
  }
  if (text.trim().length <= MAX_MATCHED_TEXT) return text.trim();
  const from = Math.max(0, Math.min(start - 40, start + value.length + 20 - MAX_MATCHED_TEXT));
  return text.slice(from, Math.min(text.length, start + value.length + 20)).trim();
}

/** How to read the variable in the file's language, for a fix the agent can paste. */
function readFromEnv(path: string, envVar: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(envVar)) return envVar;
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  if (ext === "py") return `\`os.environ["${envVar}"]\``;
  if (ext === "go") return `\`os.Getenv("${envVar}")\``;
  if (ext === "rb") return `\`ENV.fetch("${envVar}")\``;
  if (ext === "java" || ext === "kt" || ext === "scala") return `\`System.getenv("${envVar}")\``;
  if (ext === "php") return `\`getenv('${envVar}')\``;
  if (ext === "cs") return `\`Environment.GetEnvironmentVariable("${envVar}")\``;
  if (ext === "rs") return `\`std::env::var("${envVar}")\``;
  if (["ts", "tsx", "js", "jsx", "mjs", "cjs", "vue", "svelte"].includes(ext)) return `\`process.env.${envVar}\``;
  if (["sh", "bash", "zsh"].includes(ext)) return `\`"$${envVar}"\``;
  return `\`\${${envVar}}\` (set from the CI or deployment secret store)`;
}

function fixText(what: string, provider: string, envVar: string, path: string): string {
  const at = provider === "generic" || provider === "JWT" || provider === "private key" ? "wherever it was issued" : `at ${provider}`;
  return `Revoke and rotate this ${what} ${at} now (a pushed secret is burned even if the PR is closed), then remove the literal from \`${path}\` and read it from the environment or a secret store instead, e.g. ${readFromEnv(path, envVar)} with \`${envVar}\` set in the secret store; never commit the new value.`;
}
