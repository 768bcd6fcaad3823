import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, formatConfigProblem, parseConfig } from "../../src/core/config.js";

describe("parseConfig", () => {
  it("an empty file is the defaults", () => {
    expect(parseConfig("")).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(DEFAULT_CONFIG.branches).toEqual(["codex/*", "fix/*"]);
    expect(DEFAULT_CONFIG.threshold).toBe("high");
  });

  it("names the line and key of a bad value", () => {
    const result = parseConfig("version: 1\nbranches: ['**']\nthreshold: hgh\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatConfigProblem(result.problems[0]!)).toBe("`.github/gatehouse.yml` line 3: `threshold` must be one of low, medium, high, critical (got `hgh`)");
  });

  it("names an unknown key and a nested bad value", () => {
    const result = parseConfig("threshold: high\nremediation:\n  dailyCap: -1\nbranchs: [x]\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map((p) => p.line);
    expect(lines).toContain(3);
    expect(result.problems.some((p) => p.message.includes("`branchs`"))).toBe(true);
  });

  it("reports broken YAML with its line", () => {
    const result = parseConfig("threshold: high\nbranches: [codex/*\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.message).toMatch(/not valid YAML/);
    expect(result.problems[0]?.line).toBeGreaterThanOrEqual(2);
  });
});
