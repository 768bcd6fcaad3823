/**
 * The packages analyzer end to end: scan() with the real registry client over a fake fetch that serves the npm
 * registry answers recorded in fixtures/registry/npm/. Every finding kind has a positive and a negative case.
 */
import { describe, expect, it } from "vitest";
import { packagesAnalyzer } from "../../src/core/analyzers/packages.js";
import type { ChangeSet } from "../../src/core/changes.js";
import { configSchema, DEFAULT_CONFIG, type Config } from "../../src/core/config.js";
import { parseUnifiedDiff } from "../../src/core/diff.js";
import { scan } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";
import type { RegistryClient } from "../../src/ports.js";
import { createRegistryClient, MemoryCache } from "../../src/registry/index.js";
import { fakeRegistry, newFileChanges, REGISTRY, type FakeOptions } from "../registry-fixtures.js";

const grammars = nodeGrammarLoader();
const NOW = new Date("2026-11-22T00:00:00Z");

/**
 * Hand-written in the documented shape of npm's bulk advisory answer, from the published advisories
 * GHSA-35jh-r3h4-6jhm, GHSA-p6mc-m468-83gw and GHSA-29mw-wpgm-hmr9. NOT a recording: the registry reachable
 * here answers the bulk endpoint with HTTP 405 (fixtures/registry/npm/advisories-bulk.json).
 */
const LODASH_ADVISORIES = [
  { id: "GHSA-35jh-r3h4-6jhm", url: "https://github.com/advisories/GHSA-35jh-r3h4-6jhm", title: "Command Injection in lodash", severity: "high", vulnerable_versions: "<4.17.21" },
  { id: "GHSA-p6mc-m468-83gw", url: "https://github.com/advisories/GHSA-p6mc-m468-83gw", title: "Prototype Pollution in lodash", severity: "high", vulnerable_versions: ">=3.7.0 <4.17.19" },
  { id: "GHSA-29mw-wpgm-hmr9", url: "https://github.com/advisories/GHSA-29mw-wpgm-hmr9", title: "Regular Expression Denial of Service (ReDoS) in lodash", severity: "moderate", vulnerable_versions: ">=4.0.0 <4.17.21" },
];
const bulkWithLodash: FakeOptions["bulk"] = (body) => ({ status: 200, body: body.lodash ? { lodash: LODASH_ADVISORIES } : {} });
const bulkEmpty: FakeOptions["bulk"] = () => ({ status: 200, body: {} });

function packageJson(deps: Record<string, string>, section = "dependencies"): string[] {
  const entries = Object.entries(deps);
  return ["{", '  "name": "app",', `  "${section}": {`, ...entries.map(([n, v], i) => `    "${n}": "${v}"${i < entries.length - 1 ? "," : ""}`), "  }", "}"];
}

function withConfig(packages: Partial<Config["packages"]>): Config {
  return configSchema.parse({ packages });
}

async function run(changes: ChangeSet, options: { fake?: FakeOptions; config?: Config; now?: Date; registry?: RegistryClient | null } = {}) {
  const fake = fakeRegistry({ bulk: bulkEmpty, ...options.fake });
  const registry =
    options.registry === null ? undefined : (options.registry ?? createRegistryClient({ fetch: fake.fetch, urls: { npm: REGISTRY }, cache: new MemoryCache(), now: () => options.now ?? NOW, timeoutMs: 2000 }));
  const result = await scan(changes, options.config ?? DEFAULT_CONFIG, { grammars, ...(registry ? { registry } : {}) }, { rules: [], analyzers: [packagesAnalyzer] });
  return { ...result, fake, kinds: result.findings.map((f) => `${f.ruleId} ${f.severity}`).sort() };
}

describe("the acceptance case", () => {
  it("expresss, a non-existent package, lodash@4.17.15 and a real current package give exactly three findings", async () => {
    const changes = newFileChanges({
      "package.json": packageJson({ expresss: "^0.0.0", "gatehouse-surely-not-a-real-pkg-4711": "^1.0.0", lodash: "4.17.15", zod: "^4.1.12" }),
    });
    const { findings, kinds, fake } = await run(changes, { fake: { bulk: bulkWithLodash } });
    expect(kinds).toEqual(["package/not-found critical", "package/typosquat high", "package/vulnerable high"]);
    const byRule = Object.fromEntries(findings.map((f) => [f.ruleId, f]));
    expect(byRule["package/typosquat"]?.message).toContain("`expresss`");
    expect(byRule["package/typosquat"]?.message).toContain("`express`");
    expect(byRule["package/typosquat"]?.line).toBe(4);
    expect(byRule["package/not-found"]?.message).toMatch(/gatehouse-surely-not-a-real-pkg-4711.*does not exist on the npm registry: likely a hallucinated name/);
    expect(byRule["package/not-found"]?.why).toMatch(/anyone/);
    expect(byRule["package/vulnerable"]?.message).toContain("lodash@4.17.15 has 3 known vulnerabilities");
    expect(byRule["package/vulnerable"]?.fix.prompt).toContain("Upgrade `lodash` to 4.17.21 or later");
    expect(byRule["package/vulnerable"]?.line).toBe(6);
    // One lookup per package and exactly one advisory request, listing only packages that exist.
    expect(fake.packumentCalls()).toBe(4);
    expect(fake.advisoryCalls()).toBe(1);
    const bulk = fake.calls.find((c) => c.method === "POST")?.body as Record<string, string[]>;
    expect(bulk).toEqual({ expresss: ["0.0.0"], lodash: ["4.17.15"], zod: ["4.6.7"] });
  });
});

describe("finding kinds", () => {
  it("not-found: only for names the registry does not have", async () => {
    const missing = await run(newFileChanges({ "package.json": packageJson({ "gatehouse-surely-not-a-real-pkg-4711": "1.0.0" }) }));
    expect(missing.kinds).toEqual(["package/not-found critical"]);
    const present = await run(newFileChanges({ "package.json": packageJson({ express: "^4.17.1" }) }));
    expect(present.kinds).toEqual([]);
  });

  it("version-not-found: a range no published version satisfies", async () => {
    const bad = await run(newFileChanges({ "package.json": packageJson({ express: "^99.0.0" }) }));
    expect(bad.kinds).toEqual(["package/version-not-found high"]);
    expect(bad.findings[0]?.message).toContain("latest is 5.3.0");
    const good = await run(newFileChanges({ "package.json": packageJson({ express: "4.17.1" }) }));
    expect(good.kinds).toEqual([]);
  });

  it("typosquat: flagged even when the look-alike exists; not for the real name or an allowed one", async () => {
    expect((await run(newFileChanges({ "package.json": packageJson({ expresss: "0.0.0" }) }))).kinds).toEqual(["package/typosquat high"]);
    expect((await run(newFileChanges({ "package.json": packageJson({ express: "5.3.0" }) }))).kinds).toEqual([]);
    expect((await run(newFileChanges({ "package.json": packageJson({ expresss: "0.0.0" }) }), { config: withConfig({ allow: ["expresss"] }) })).kinds).toEqual([]);
  });

  it("install-scripts: the resolved version's postinstall is named", async () => {
    const withScript = await run(newFileChanges({ "package.json": packageJson({ esbuild: "^0.28.0" }, "devDependencies") }));
    expect(withScript.kinds).toEqual(["package/install-scripts medium"]);
    expect(withScript.findings[0]?.message).toContain("postinstall: `node install.js`");
    expect((await run(newFileChanges({ "package.json": packageJson({ zod: "^4.1.12" }) }))).kinds).toEqual([]);
  });

  it("recently-published: against the caller's clock, not the machine's", async () => {
    // left-pad's earliest recorded version time is 2024-09-05; judged from ten days later it is new.
    const young = await run(newFileChanges({ "package.json": packageJson({ "left-pad": "^1.3.0" }) }), { now: new Date("2024-09-15T00:00:00Z") });
    expect(young.kinds).toEqual(["package/recently-published medium"]);
    expect(young.findings[0]?.message).toContain("first published 9 days ago");
    expect((await run(newFileChanges({ "package.json": packageJson({ "left-pad": "^1.3.0" }) }))).kinds).toEqual([]);
  });

  it("deprecated: the resolved version's deprecation notice", async () => {
    // The reachable registry strips `deprecated` from packuments, so this test adds the documented field to the
    // recorded `request` packument (deprecated on the public registry since 2020); the recording itself has none.
    const transform: FakeOptions["transform"] = (path, body) => {
      if (path !== "/request") return body;
      const doc = structuredClone(body) as { versions: Record<string, Record<string, unknown>> };
      for (const version of Object.values(doc.versions)) version.deprecated = "request has been deprecated, see https://github.com/request/request/issues/3142";
      return doc;
    };
    const deprecatedRun = await run(newFileChanges({ "package.json": packageJson({ request: "^2.88.2" }) }), { fake: { transform } });
    expect(deprecatedRun.kinds).toEqual(["package/deprecated medium"]);
    expect(deprecatedRun.findings[0]?.message).toContain("version 2.88.2 is deprecated");
    expect((await run(newFileChanges({ "package.json": packageJson({ request: "^2.88.2" }) }))).kinds).toEqual([]);
  });

  it("vulnerable: by the advisory's severity; not for the fixed version", async () => {
    const old = await run(newFileChanges({ "package.json": packageJson({ lodash: "4.17.20" }) }), { fake: { bulk: bulkWithLodash } });
    expect(old.kinds).toEqual(["package/vulnerable high"]);
    expect(old.findings[0]?.message).toContain("2 known vulnerabilities");
    expect(old.findings[0]?.references).toContain("https://github.com/advisories/GHSA-35jh-r3h4-6jhm");
    const fixed = await run(newFileChanges({ "package.json": packageJson({ lodash: "4.17.21" }) }), { fake: { bulk: bulkWithLodash } });
    expect(fixed.kinds).toEqual([]);
  });

  it("unverifiable: the registry unreachable blocks by default, warns when configured", async () => {
    const down = { fetch: async () => Promise.reject(new TypeError("fetch failed")) };
    const client = (config?: Config) => ({ registry: createRegistryClient({ fetch: down.fetch, urls: { npm: REGISTRY }, now: () => NOW }), ...(config ? { config } : {}) });
    const blocked = await run(newFileChanges({ "package.json": packageJson({ express: "^4.17.1" }) }), client());
    expect(blocked.kinds).toEqual(["package/unverifiable high"]);
    expect(blocked.findings[0]?.message).toMatch(/unreachable \(.*fetch failed\)/);
    const warned = await run(newFileChanges({ "package.json": packageJson({ express: "^4.17.1" }) }), client(withConfig({ unverifiable: "warn" })));
    expect(warned.kinds).toEqual(["package/unverifiable low"]);
  });

  it("unverifiable: the advisory endpoint's real 405 makes the vulnerability check one blocking finding", async () => {
    const { kinds, findings } = await run(newFileChanges({ "package.json": packageJson({ express: "^4.17.1", zod: "^4.1.12" }) }), { fake: { bulk: undefined } });
    expect(kinds).toEqual(["package/unverifiable high"]);
    expect(findings[0]?.message).toMatch(/could not be checked for known vulnerabilities.*HTTP 405/);
  });

  it("dependency-confusion: an internal scope resolved from the public registry, never looked up publicly", async () => {
    const lock = (resolved: string) => [
      "{",
      '  "lockfileVersion": 3,',
      '  "packages": {',
      '    "node_modules/@acme/tools": {',
      '      "version": "1.0.0",',
      `      "resolved": "${resolved}"`,
      "    }",
      "  }",
      "}",
    ];
    const files = (resolved: string) => newFileChanges({ "package.json": packageJson({ "@acme/tools": "^1.0.0" }), "package-lock.json": lock(resolved) });
    const config = withConfig({ internalScopes: ["@acme"] });
    const confused = await run(files("https://registry.npmjs.org/@acme/tools/-/tools-1.0.0.tgz"), { config });
    expect(confused.kinds).toEqual(["package/dependency-confusion high"]);
    expect(confused.findings[0]?.path).toBe("package.json");
    expect(confused.fake.calls).toEqual([]);
    const internal = await run(files("https://npm.acme.example/@acme/tools/-/tools-1.0.0.tgz"), { config });
    expect(internal.kinds).toEqual([]);
    expect(internal.fake.calls).toEqual([]);
  });

  it("lockfile-only: a lockfile that changes without its manifest", async () => {
    const lock = ["{", '  "lockfileVersion": 3,', '  "packages": {', '    "node_modules/express": {', '      "version": "4.17.1"', "    }", "  }", "}"];
    const alone = await run(newFileChanges({ "package-lock.json": lock }));
    expect(alone.kinds).toEqual(["package/lockfile-only low"]);
    const together = await run(newFileChanges({ "package.json": packageJson({ express: "4.17.1" }), "package-lock.json": lock }));
    expect(together.kinds).toEqual([]);
  });

  it("only added lines count: an unchanged dependency in a modified manifest is not checked", async () => {
    const diff = [
      "diff --git a/package.json b/package.json",
      "--- a/package.json",
      "+++ b/package.json",
      "@@ -1,5 +1,6 @@",
      " {",
      '   "dependencies": {',
      '     "gatehouse-surely-not-a-real-pkg-4711": "1.0.0",',
      '+    "express": "4.17.1",',
      '     "zod": "^4.1.12"',
      "   }",
      "",
    ].join("\n");
    const { kinds, fake } = await run(parseUnifiedDiff(diff));
    expect(kinds).toEqual([]);
    expect(fake.calls.map((c) => c.path)).toEqual(["/express", "/-/npm/v1/security/advisories/bulk"]);
  });
});

describe("offline and at scale", () => {
  it("without a registry: typosquats and lockfile checks still run, and a note says what was skipped", async () => {
    const changes = newFileChanges({ "package.json": packageJson({ expresss: "^0.0.0", "gatehouse-surely-not-a-real-pkg-4711": "^1.0.0" }) });
    const { kinds, notes } = await run(changes, { registry: null });
    expect(kinds).toEqual(["package/typosquat high"]);
    expect(notes.map((n) => n.message).join("\n")).toMatch(/Registry checks skipped.*2 new or changed dependencies/);
  });

  it("200 new dependencies: one lookup each, one advisory request, well under 5 s", async () => {
    const deps: Record<string, string> = { express: "^4.17.1", lodash: "4.17.15", zod: "^4.1.12", "left-pad": "^1.3.0" };
    for (let i = Object.keys(deps).length; i < 200; i++) deps[`gatehouse-load-test-pkg-${i}`] = "^1.0.0";
    const started = performance.now();
    const { fake, findings } = await run(newFileChanges({ "package.json": packageJson(deps) }), { fake: { unknownAs404: true, bulk: bulkWithLodash } });
    const elapsed = performance.now() - started;
    expect(fake.advisoryCalls()).toBe(1);
    expect(fake.packumentCalls()).toBe(200);
    expect(findings.filter((f) => f.ruleId === "package/not-found")).toHaveLength(196);
    expect(findings.filter((f) => f.ruleId === "package/vulnerable")).toHaveLength(1);
    expect(elapsed).toBeLessThan(5000);
  });
});
