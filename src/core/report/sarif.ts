/**
 * `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other viewers read it. Validated against the
 * official schema in test/core/report/sarif.test.ts. Findings become results with the Gatehouse id as a
 * partial fingerprint (so code scanning tracks them across pushes); notes become tool notifications.
 */
import type { Finding, Severity } from "../finding.js";
import type { Verdict } from "../gate.js";
import type { ScanResult } from "../scan.js";

export const GATEHOUSE_VERSION = "0.1.0";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };
/** GitHub code scanning maps this property to its own severity scale. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function ruleDescriptor(finding: Finding) {
  return {
    id: finding.ruleId,
    name: finding.ruleId.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: `Gatehouse ${finding.category} rule ${finding.ruleId}` },
    fullDescription: { text: finding.why },
    help: { text: finding.fix.prompt },
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties: {
      tags: ["security", finding.category, ...(finding.cwe ? [`external/cwe/${finding.cwe.toLowerCase()}`] : [])],
      "security-severity": SECURITY_SEVERITY[finding.severity],
      precision: finding.confidence === "high" ? "high" : finding.confidence === "medium" ? "medium" : "low",
    },
  };
}

export function formatSarif(result: ScanResult, verdict: Verdict): string {
  const rules: ReturnType<typeof ruleDescriptor>[] = [];
  const ruleIndex = new Map<string, number>();
  for (const finding of verdict.findings) {
    if (!ruleIndex.has(finding.ruleId)) {
      ruleIndex.set(finding.ruleId, rules.length);
      rules.push(ruleDescriptor(finding));
    }
  }
  const results = verdict.findings.map((finding) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? 0,
    level: LEVEL[finding.severity],
    message: { text: `${finding.message} ${finding.why}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.path) },
          region: {
            startLine: finding.line,
            endLine: finding.endLine,
            ...(finding.column ? { startColumn: finding.column } : {}),
            snippet: { text: finding.evidence },
          },
        },
      },
    ],
    partialFingerprints: { "gatehouse/v1": finding.id },
    properties: { gatehouseId: finding.id, category: finding.category, severity: finding.severity, fixPrompt: finding.fix.prompt },
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "Gatehouse", version: GATEHOUSE_VERSION, rules } },
        invocations: [
          {
            executionSuccessful: verdict.incomplete.length === 0,
            toolExecutionNotifications: result.notes.map((note) => ({
              level: note.kind === "binary" || note.kind === "skipped" || note.kind === "deleted" ? "note" : "warning",
              message: { text: note.message },
              ...(note.path ? { locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(note.path) } } }] } : {}),
            })),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
