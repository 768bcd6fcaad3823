/**
 * No output path prints a detected secret: every generated positive sample goes through the real scan and
 * then through every place Gatehouse writes text (CLI text, JSON and SARIF; the check run's title, summary,
 * text and annotations; the PR comment; fix prompts; the service's log lines).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../src/core/config.js";
import { gate } from "../src/core/gate.js";
import { formatJson } from "../src/core/report/json.js";
import { formatSarif } from "../src/core/report/sarif.js";
import { formatText } from "../src/core/report/text.js";
import { scan } from "../src/core/scan.js";
import { renderCheckOutput } from "../src/github/render/check-output.js";
import { renderComment } from "../src/github/render/comment.js";
import { nodeGrammarLoader } from "../src/node/grammars.js";
import { BUNDLED_RULES } from "../src/rules.js";
import { jsonLogger } from "../src/worker/deps.js";
import { addedFile, leaks, secretSamples } from "./support/secret-samples.js";

describe("every output path redacts every detected secret", async () => {
  const samples = secretSamples();
  // One PR holding every sample, each in its own file, through the whole default analyzer set.
  const files = samples.map((sample, index) => addedFile(sample.path.replace(/(\.[^./]+)?$/, `-${index}$1`), sample.text));
  const result = await scan({ files, notes: [] }, DEFAULT_CONFIG, { grammars: nodeGrammarLoader() }, { rules: BUNDLED_RULES });
  const verdict = gate(result, DEFAULT_CONFIG);
  const check = renderCheckOutput(verdict, result.notes, { threshold: "high", headSha: "a".repeat(40) });
  const logged: string[] = [];
  const log = jsonLogger((line) => logged.push(line));
  for (const finding of verdict.findings) log("finding", { id: finding.id, message: finding.message, evidence: finding.evidence });
  const outputs: Record<string, string> = {
    "cli text": formatText(result, verdict, { color: false }),
    "cli json": formatJson(verdict),
    "cli sarif": formatSarif(result, verdict),
    "check run": JSON.stringify(check),
    "pr comment": renderComment(verdict, { headSha: "a".repeat(40), fixedSinceLastScan: 0 }),
    "fix prompts": verdict.findings.map((f) => f.fix.prompt).join("\n"),
    logs: logged.join("\n"),
  };

  it("found the samples in the first place (otherwise this test proves nothing)", () => {
    const secretFindings = verdict.findings.filter((f) => f.category === "secret");
    expect(secretFindings.length).toBeGreaterThanOrEqual(samples.length);
  });

  for (const [name, text] of Object.entries(outputs)) {
    it(`${name} shows no secret value`, () => {
      const leaked = samples.filter((sample) => leaks(text, sample.value)).map((sample) => sample.ruleId);
      expect(leaked).toEqual([]);
    });
  }

  it("an unredacted output would be caught", () => {
    const sample = samples[0]!;
    expect(leaks(`${outputs["cli json"]}\n${sample.value}`, sample.value)).toBe(true);
  });
});
