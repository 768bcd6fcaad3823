/** `--format sarif` against the official SARIF 2.1.0 schema (fixtures/sarif/), through the real CLI. */
import { readFileSync } from "node:fs";
import { Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { runCli } from "../../support/cli.js";

const schema = JSON.parse(readFileSync(new URL("../../../fixtures/sarif/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8")) as object;
const validator = new Validator(schema, "4", false);
const diff = readFileSync(new URL("../../../fixtures/diffs/sql-agent-pr.diff", import.meta.url), "utf8");

describe("SARIF output", () => {
  it("validates against the SARIF 2.1.0 schema and carries every finding", async () => {
    const run = await runCli(["scan", "--format", "sarif"], diff);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
    const validation = validator.validate(log);
    expect(validation.errors.slice(0, 5)).toEqual([]);
    expect(validation.valid).toBe(true);
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => r.locations[0]?.physicalLocation.region.startLine).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([11, 12, 18, 19]);
    expect(results.every((r) => /^GH-[0-9a-f]{8}$/.test(r.partialFingerprints["gatehouse/v1"] ?? ""))).toBe(true);
  });

  it("the validator rejects a log that breaks the schema (so the test above can fail)", () => {
    expect(validator.validate({ version: "2.1.0", runs: [{ tool: {} }] }).valid).toBe(false);
  });

  it("an empty scan is still a valid log with no results", async () => {
    const run = await runCli(["scan", "--format", "sarif"], "");
    expect(run.code).toBe(0);
    expect(validator.validate(JSON.parse(run.stdout)).valid).toBe(true);
  });
});
