/**
 * TLS verification turned off in tool config files that have no tree-sitter grammar: `.npmrc` / `.yarnrc`
 * (`strict-ssl=false`), `pip.conf` / `pip.ini` (`trusted-host`), `.gitconfig` (`sslVerify = false`), `.curlrc`
 * (`insecure` / `-k`), `.wgetrc` (`check_certificate = off`). These formats hold one setting per line, so a
 * line pattern per format is exact.
 */
import type { Analyzer, AnalyzerFile, Detection } from "./analyzer.js";

interface ConfigSetting {
  /** Which config file this setting lives in. */
  file: RegExp;
  /** The line that turns verification off (comments already stripped). */
  line: RegExp;
  fix: string;
}

const SETTINGS: readonly ConfigSetting[] = [
  {
    file: /(?:^|\/)\.(?:npmrc|yarnrc)$/,
    line: /^\s*strict[-_]ssl\s*[=\s]\s*["']?false["']?\s*$/i,
    fix: "Remove `strict-ssl=false` and trust the registry's CA instead: `cafile=/path/to/internal-ca.pem` in .npmrc (or NODE_EXTRA_CA_CERTS).",
  },
  {
    file: /(?:^|\/)(?:pip\.conf|pip\.ini)$/,
    line: /^\s*trusted[-_]host\s*[=:]/i,
    fix: "Remove `trusted-host` and point pip at the index's CA instead: `cert = /path/to/internal-ca.pem` in pip.conf.",
  },
  {
    file: /(?:^|\/)\.gitconfig$/,
    line: /^\s*sslverify\s*=\s*(?:false|no|off|0)\s*$/i,
    fix: "Remove `sslVerify = false` and trust the server's CA instead: `sslCAInfo = /path/to/internal-ca.pem` under [http].",
  },
  {
    file: /(?:^|\/)[._]curlrc$/,
    line: /^\s*(?:-k|--insecure|insecure)\s*$/,
    fix: "Remove `insecure` and trust the server's CA instead: `cacert = /path/to/internal-ca.pem`.",
  },
  {
    file: /(?:^|\/)\.wgetrc$/,
    line: /^\s*check[-_]certificate\s*=\s*(?:off|false|no|0)\s*$/i,
    fix: "Remove `check_certificate = off` and trust the server's CA instead: `ca_certificate = /path/to/internal-ca.pem`.",
  },
];

export const configTlsAnalyzer: Analyzer = {
  name: "config-tls",
  perFile: true,
  async analyze(context) {
    return context.files.flatMap(analyzeFile);
  },
};

export function analyzeFile({ file, text, added }: AnalyzerFile): Detection[] {
  const settings = SETTINGS.filter((s) => s.file.test(file.path));
  if (settings.length === 0) return [];
  const detections: Detection[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    if (!added.has(line)) return;
    const setting = raw.replace(/\s[#;].*$/, "").replace(/^\s*[#;].*$/, "");
    for (const { line: pattern, fix } of settings) {
      if (!pattern.test(setting)) continue;
      const matchedText = raw.trim();
      detections.push({
        ruleId: "tls/config-verification-disabled",
        category: "tls",
        severity: "high",
        confidence: "high",
        path: file.path,
        line,
        endLine: line,
        message: `\`${matchedText}\` in ${file.path} turns off TLS certificate verification`,
        why: "Without certificate verification anyone on the network path (a proxy, a compromised network, a cloud neighbour) can impersonate the registry or server and serve tampered packages or read the credentials sent to it.",
        matchedText,
        fix,
        cwe: "CWE-295",
        references: ["OWASP A02:2021", "https://docs.npmjs.com/cli/using-npm/config#strict-ssl"],
      });
    }
  });
  return detections;
}
