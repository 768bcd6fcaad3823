import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../src/core/analyzers/config-tls.js";
import type { AnalyzerFile } from "../../src/core/analyzers/analyzer.js";

function entry(path: string, lines: string[], added = lines.map((_, i) => i + 1)): AnalyzerFile {
  return { file: { path, status: "modified", addedLines: added, hunks: [] }, text: lines.join("\n"), added: new Set(added) };
}

describe("config-tls analyzer", () => {
  it.each([
    [".npmrc", "strict-ssl=false"],
    ["frontend/.npmrc", "strict-ssl = false"],
    [".yarnrc", 'strict-ssl "false"'],
    ["pip.conf", "trusted-host = pypi.internal.example"],
    [".gitconfig", "  sslVerify = false"],
    [".curlrc", "insecure"],
    [".wgetrc", "check_certificate = off"],
  ])("reports %s: %s", (path, line) => {
    const [finding] = analyzeFile(entry(path, ["# tool settings", line]));
    expect(finding).toMatchObject({ ruleId: "tls/config-verification-disabled", category: "tls", path, line: 2 });
    expect(finding?.message).toContain("turns off TLS certificate verification");
  });

  it.each([
    [".npmrc", "strict-ssl=true"],
    [".npmrc", "# strict-ssl=false"],
    [".npmrc", "cafile=/etc/ssl/internal-ca.pem"],
    ["pip.conf", "cert = /etc/ssl/internal-ca.pem"],
    [".gitconfig", "sslVerify = true"],
    ["docs/npmrc.md", "strict-ssl=false"],
  ])("stays quiet on %s: %s", (path, line) => {
    expect(analyzeFile(entry(path, [line]))).toEqual([]);
  });

  it("reports only lines the change added", () => {
    expect(analyzeFile(entry(".npmrc", ["strict-ssl=false", "registry=https://registry.npmjs.org/"], [2]))).toEqual([]);
  });
});
