/** The secrets analyzer through the scan core: messages, severities, added lines only, and the filters. */
import { describe, expect, it } from "vitest";
import { secretsAnalyzer } from "../../src/core/analyzers/secrets.js";
import type { ChangedFile } from "../../src/core/changes.js";
import { configSchema, DEFAULT_CONFIG, type Config } from "../../src/core/config.js";
import { scan } from "../../src/core/scan.js";
import { withBase62Crc32Suffix } from "../../src/core/secrets/checksum.js";
import { pemBody } from "../../src/core/secrets/rules/keys.js";
import { SampleGen } from "../../src/core/secrets/sample-gen.js";
import type { ScanPorts } from "../../src/ports.js";
import { addedFile } from "../support/secret-samples.js";

const ports: ScanPorts = { grammars: { load: () => Promise.reject(new Error("the secrets analyzer needs no grammar")) } };
const gen = new SampleGen(7);

async function run(files: ChangedFile[], config: Config = DEFAULT_CONFIG) {
  return (await scan({ files, notes: [] }, config, ports, { rules: [], analyzers: [secretsAnalyzer] })).findings;
}

describe("secrets analyzer", () => {
  it("names the provider, the kind, the variable and the file, and says to revoke, rotate and read from the environment", async () => {
    const token = withBase62Crc32Suffix("ghp_", gen.alnum(30));
    const [finding, ...rest] = await run([addedFile("src/api.ts", `export const client = new Octokit();\nconst token = "${token}";\n`)]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: "secret/github-pat", category: "secret", severity: "critical", confidence: "high", path: "src/api.ts", line: 2, column: 16 });
    expect(finding?.message).toBe("GitHub personal access token assigned to `token` in `src/api.ts` (its checksum is valid, so it is a real token).");
    expect(finding?.why).toContain("a pushed secret is burned even if the PR is closed");
    expect(finding?.fix.prompt).toMatch(/Revoke and rotate this GitHub personal access token at GitHub/);
    expect(finding?.fix.prompt).toContain("`process.env.GITHUB_TOKEN`");
    expect(finding?.evidence).toBe(`const token = "ghp_…[redacted GitHub secret, 40 chars]";`);
  });

  it("names the variable a generic secret is assigned to, and suggests the language's way to read the environment", async () => {
    const [finding] = await run([addedFile("app/db.py", `DB_PASSWORD = "${gen.password(18)}"\n`)]);
    expect(finding?.message).toBe("Hardcoded secret assigned to `DB_PASSWORD` in `app/db.py`.");
    expect(finding?.fix.prompt).toContain('`os.environ["APP_SECRET"]`');
  });

  it("reports only added lines: a secret already in the file (context) is not this PR's", async () => {
    const old = `const legacy = "sk_live_${gen.alnum(24)}";`;
    const added = `const fresh = "sk_live_${gen.alnum(24)}";`;
    const file: ChangedFile = { path: "src/pay.ts", status: "modified", addedLines: [2], hunks: [], newText: `${old}\n${added}\n` };
    const findings = await run([file]);
    expect(findings.map((f) => f.line)).toEqual([2]);
  });

  it("lowers the severity in test files without silencing the finding", async () => {
    const value = `sk_live_${gen.alnum(24)}`;
    const [inSource] = await run([addedFile("src/pay.ts", `const key = "${value}";`)]);
    const [inTest] = await run([addedFile("src/pay.test.ts", `const key = "${value}";`)]);
    const [inFixture] = await run([addedFile("test/fixtures/pay.json", `{ "key": "${value}" }`)]);
    expect(inSource?.severity).toBe("critical");
    expect(inTest?.severity).toBe("high");
    expect(inFixture?.severity).toBe("high");
    expect(inTest?.message).toContain("test file");
  });

  it("drops a GitHub-shaped token with a bad checksum, even where a generic rule would see it", async () => {
    const good = withBase62Crc32Suffix("ghp_", gen.alnum(30));
    const bad = good.slice(0, -2) + (good.endsWith("00") ? "11" : "00");
    expect(await run([addedFile("src/a.ts", `const githubToken = "${bad}";`)])).toEqual([]);
  });

  it("reports a multi-line private key once, spanning its lines", async () => {
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${pemBody(gen)}\n-----END RSA PRIVATE KEY-----`;
    const findings = await run([addedFile("deploy/notes.md", `Staging key:\n${key}\n`)]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "secret/private-key", line: 2, endLine: key.split("\n").length + 1 });
    expect(findings[0]?.evidence).toContain("[redacted private key secret");
  });

  it("reports an id_rsa file once, as the file, not again as its key block", async () => {
    const key = `-----BEGIN OPENSSH PRIVATE KEY-----\n${pemBody(gen)}\n-----END OPENSSH PRIVATE KEY-----\n`;
    const findings = await run([addedFile("ops/id_rsa", key)]);
    expect(findings.map((f) => f.ruleId)).toEqual(["secret/ssh-private-key-file"]);
    expect(findings[0]?.message).toContain("`ops/id_rsa` is committed");
    expect(JSON.stringify(findings)).not.toContain(key.split("\n")[1]);
  });

  it("reports a committed .env once as a file, plus each credential in it", async () => {
    const text = `PORT=3000\nSTRIPE_KEY=sk_live_${gen.alnum(24)}\nSESSION_SECRET=${gen.password(24)}\n`;
    const ids = (await run([addedFile(".env", text)])).map((f) => f.ruleId).sort();
    expect(ids).toEqual(["secret/dotenv-file", "secret/generic-secret-config", "secret/stripe-secret-key"]);
  });

  it("skips generic rules in lockfiles and minified code but keeps provider formats there", async () => {
    const lock = `"node_modules/x": { "integrity": "sha512-${gen.base64(86)}==", "token": "${gen.alnum(32)}" }`;
    expect(await run([addedFile("package-lock.json", lock)])).toEqual([]);
    const minified = `!function(){var a={apiToken:"${gen.alnum(32)}",k:"sk_live_${gen.alnum(24)}"};${"a.b=1;".repeat(300)}}();`;
    expect((await run([addedFile("public/app.js", minified)])).map((f) => f.ruleId)).toEqual(["secret/stripe-secret-key"]);
  });

  it("an allowlisted fingerprint (config.secrets.allow) silences exactly that finding", async () => {
    const file = addedFile("src/pay.ts", `const key = "sk_live_${gen.alnum(24)}";`);
    const [finding] = await run([file]);
    const allowed = configSchema.parse({ secrets: { allow: [finding?.id] } });
    expect(await run([file], allowed)).toEqual([]);
  });
});
