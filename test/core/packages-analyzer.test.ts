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
import { fakeOsv, fakeRegistry, newFileChanges, OSV, REGISTRY, routedFetch, type FakeOptions } from "../registry-fixtures.js";

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

  it("the same PR with advisories from OSV: the real lodash advisory records, the recorded packuments", async () => {
    // The advisory records are GitHub's real OSV records (fixtures/registry/osv/); OSV's querybatch answer is built
    // from them by fakeOsv, not recorded (see test/registry-fixtures.ts).
    const npm = fakeRegistry();
    const osv = fakeOsv();
    const registry = createRegistryClient({ fetch: routedFetch(npm, osv), urls: { npm: REGISTRY, osv: OSV }, npmAdvisories: "osv", cache: new MemoryCache(), now: () => NOW, timeoutMs: 2000 });
    const changes = newFileChanges({
      "package.json": packageJson({ expresss: "^0.0.0", "gatehouse-surely-not-a-real-pkg-4711": "^1.0.0", lodash: "4.17.15", zod: "^4.1.12" }),
    });
    const { findings, kinds } = await run(changes, { registry });
    expect(kinds).toEqual(["package/not-found critical", "package/typosquat high", "package/vulnerable high"]);
    const vulnerable = findings.find((f) => f.ruleId === "package/vulnerable");
    expect(vulnerable?.message).toContain("lodash@4.17.15 has 3 known vulnerabilities");
    expect(vulnerable?.message).toContain('GHSA-p6mc-m468-83gw "Prototype Pollution in lodash" (high)');
    expect(vulnerable?.fix.prompt).toContain("Upgrade `lodash` to 4.17.21 or later");
    expect(osv.batchCalls()).toBe(1);
    expect(npm.packumentCalls()).toBe(4);
    const fixed = await run(newFileChanges({ "package.json": packageJson({ lodash: "4.17.21" }) }), { registry });
    expect(fixed.kinds).toEqual([]);
  });
});

/** A diff that modifies `path`: `body` holds the hunk's lines with their ' ', '-' or '+' prefix. */
function modified(path: string, start: number, body: string[]): ChangeSet {
  const oldCount = body.filter((l) => !l.startsWith("+")).length;
  const newCount = body.filter((l) => !l.startsWith("-")).length;
  return parseUnifiedDiff([`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, `@@ -${start},${oldCount} +${start},${newCount} @@`, ...body, ""].join("\n"));
}

function joined(...changes: ChangeSet[]): ChangeSet {
  return { files: changes.flatMap((c) => c.files), notes: changes.flatMap((c) => c.notes) };
}

const registryDown = () => createRegistryClient({ fetch: async () => Promise.reject(new TypeError("fetch failed")), urls: { npm: REGISTRY }, now: () => NOW });

describe("the base, read from the diff's old side", () => {
  it("downgrade: a package.json range lowered below the base's", async () => {
    const down = await run(modified("package.json", 3, ['   "dependencies": {', '-    "lodash": "^4.17.21",', '+    "lodash": "4.17.15",', '     "zod": "^4.1.12"', "   }"]));
    expect(down.kinds).toEqual(["package/downgrade medium"]);
    expect(down.findings[0]?.message).toContain("moves `lodash` down from 4.17.21 (`^4.17.21` before) to 4.17.15");
    expect(down.findings[0]?.line).toBe(4);
    const up = await run(modified("package.json", 3, ['   "dependencies": {', '-    "lodash": "4.17.15",', '+    "lodash": "^4.17.21",', '     "zod": "^4.1.12"', "   }"]));
    expect(up.kinds).toEqual([]);
  });

  it("downgrade: requirements.txt and pyproject.toml (PEP 621 and Poetry), offline", async () => {
    const requirements = await run(modified("requirements.txt", 1, ["-requests==2.32.3", "+requests==2.31.0", " httpx==0.27.2"]), { registry: null });
    expect(requirements.kinds).toEqual(["package/downgrade medium"]);
    expect(requirements.findings[0]?.message).toContain("from 2.32.3 (`==2.32.3` before) to 2.31.0");
    const pep621 = await run(modified("pyproject.toml", 1, ["[project]", ' name = "svc"', " dependencies = [", '-  "fastapi>=0.115.4",', '+  "fastapi>=0.110,<0.116",', '   "uvicorn==0.32.0",', " ]"].map((l, i) => (i === 0 ? ` ${l}` : l))), { registry: null });
    expect(pep621.kinds).toEqual(["package/downgrade medium"]);
    const poetry = await run(modified("pyproject.toml", 1, [" [tool.poetry.dependencies]", '-httpx = "^0.27.2"', '+httpx = "^0.26"']), { registry: null });
    expect(poetry.kinds).toEqual(["package/downgrade medium"]);
    const raised = await run(modified("requirements.txt", 1, ["-requests>=2.31", "+requests>=2.32.3", " httpx==0.27.2"]), { registry: null });
    expect(raised.kinds).toEqual([]);
    const preRelease = await run(modified("requirements.txt", 1, ["-requests==2.32.0rc1", "+requests==2.32.0", " httpx==0.27.2"]), { registry: null });
    expect(preRelease.kinds).toEqual([]);
  });

  it("a line re-added as it was (a comma appended) is no change: only the new package is looked up", async () => {
    const { kinds, fake } = await run(modified("package.json", 3, ['   "dependencies": {', '-    "express": "^4.17.1"', '+    "express": "^4.17.1",', '+    "zod": "^4.1.12"', "   }"]));
    expect(kinds).toEqual([]);
    expect(fake.calls.map((c) => c.path)).toEqual(["/zod", "/-/npm/v1/security/advisories/bulk"]);
    expect(fake.calls.find((c) => c.method === "POST")?.body).toEqual({ zod: ["4.6.7"] });
  });

  it("unverifiable: blocks for a package new to the repository, not for one the base already had", async () => {
    const changes = modified("package.json", 3, ['   "dependencies": {', '-    "express": "^4.17.1"', '+    "express": "^4.21.2",', '+    "zod": "^4.1.12"', "   }"]);
    const { findings } = await run(changes, { registry: registryDown() });
    const byName = Object.fromEntries(findings.map((f) => [f.message.slice(0, f.message.indexOf("`", 1) + 1), f]));
    expect(byName["`zod`"]?.severity).toBe("high");
    expect(byName["`express`"]?.severity).toBe("low");
    expect(byName["`express`"]?.message).toContain("`express` was already a dependency before this PR (`package.json`), so this does not block");
    const warned = await run(changes, { registry: registryDown(), config: withConfig({ unverifiable: "warn" }) });
    expect(warned.kinds).toEqual(["package/unverifiable low", "package/unverifiable low"]);
  });

  it("unverifiable: a package the base's lockfile already locked (unchanged context) counts as seen", async () => {
    const manifest = modified("package.json", 3, ['   "dependencies": {', '+    "ms": "^2.1.3",', '     "zod": "^4.1.12"', "   }"]);
    const lock = modified("package-lock.json", 20, ['     "node_modules/ms": {', '       "version": "2.1.3",', '-      "dev": true,', '       "license": "MIT"']);
    const { kinds, findings } = await run(joined(manifest, lock), { registry: registryDown() });
    expect(kinds).toEqual(["package/unverifiable low"]);
    expect(findings[0]?.message).toContain("(`package-lock.json`)");
  });

  it("unverifiable advisories: one finding, on the package that is new to the repository", async () => {
    const changes = modified("package.json", 3, ['   "dependencies": {', '-    "express": "^4.17.1"', '+    "express": "^4.21.2",', '+    "zod": "^4.1.12"', "   }"]);
    const { kinds, findings } = await run(changes, { fake: { bulk: undefined } });
    expect(kinds).toEqual(["package/unverifiable high"]);
    expect(findings[0]?.line).toBe(5);
    expect(findings[0]?.message).toMatch(/^`zod` \(\^4\.1\.12\) in `package\.json` and 1 other package version \(express@4\.\d+\.\d+, zod@4\.6\.7\) could not be checked for known vulnerabilities/);
    const upgradeOnly = await run(modified("package.json", 3, ['   "dependencies": {', '-    "express": "^4.17.1"', '+    "express": "^4.21.2"', "   }"]), { fake: { bulk: undefined } });
    expect(upgradeOnly.kinds).toEqual(["package/unverifiable low"]);
  });

  it("a client without an advisory source: a note says which versions were not checked, no finding", async () => {
    const inner = createRegistryClient({ fetch: fakeRegistry().fetch, urls: { npm: REGISTRY }, now: () => NOW });
    const registry: RegistryClient = { ...inner, advisories: async () => ({ status: "skipped", reason: "no advisory source in this test" }) };
    const { kinds, notes } = await run(newFileChanges({ "package.json": packageJson({ zod: "^4.1.12" }) }), { registry });
    expect(kinds).toEqual([]);
    expect(notes.map((n) => n.message)).toContain("Known-vulnerability check not run for zod@4.6.7: no advisory source in this test.");
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

  it("typosquat: a range only the popular package has is folded into the one finding", async () => {
    const { kinds, findings } = await run(newFileChanges({ "package.json": packageJson({ expres: "^4.21.2" }) }));
    expect(kinds).toEqual(["package/typosquat high"]);
    expect(findings[0]?.confidence).toBe("high");
    expect(findings[0]?.message).toContain("No version of `expres` matches `^4.21.2` (its latest is 0.0.5): the range was written for `express`.");
  });

  it("typosquat: told without the registry when it cannot be reached, instead of 'could not verify'", async () => {
    const { kinds } = await run(newFileChanges({ "package.json": packageJson({ expres: "^4.21.2" }) }), { registry: registryDown() });
    expect(kinds).toEqual(["package/typosquat high"]);
  });

  it("typosquat: flagged even when the look-alike exists; not for the real name or an allowed one", async () => {
    expect((await run(newFileChanges({ "package.json": packageJson({ expresss: "0.0.0" }) }))).kinds).toEqual(["package/typosquat high"]);
    expect((await run(newFileChanges({ "package.json": packageJson({ express: "5.3.0" }) }))).kinds).toEqual([]);
    expect((await run(newFileChanges({ "package.json": packageJson({ expresss: "0.0.0" }) }), { config: withConfig({ allow: ["expresss"] }) })).kinds).toEqual([]);
  });

  it("install-scripts: a package outside the popular list, with the resolved version's script named", async () => {
    const withScript = await run(newFileChanges({ "package.json": packageJson({ bufferutil: "^4.0.8" }) }));
    expect(withScript.kinds).toEqual(["package/install-scripts medium"]);
    expect(withScript.findings[0]?.message).toContain("version 4.1.0 runs code on install (install: `node-gyp-build`)");
    expect((await run(newFileChanges({ "package.json": packageJson({ zod: "^4.1.12" }) }))).kinds).toEqual([]);
  });

  it("install-scripts: a popular package only when the script is new in the resolved release", async () => {
    // esbuild's recorded packument: 0.0.11 and 0.0.12 have no postinstall, 0.0.13 brings it back; every later
    // release runs the same `node install.js` as the one before it (the known, expected state).
    const reappeared = await run(newFileChanges({ "package.json": packageJson({ esbuild: "0.0.13" }, "devDependencies") }));
    expect(reappeared.kinds).toEqual(["package/install-scripts medium"]);
    expect(reappeared.findings[0]?.message).toContain("postinstall: `node install.js`");
    expect((await run(newFileChanges({ "package.json": packageJson({ esbuild: "^0.28.0" }, "devDependencies") }))).kinds).toEqual([]);
    expect((await run(newFileChanges({ "package.json": packageJson({ esbuild: "0.0.12" }, "devDependencies") }))).kinds).toEqual([]);
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

  it("unpinned-git-source: a git dependency on a branch, a tag or no ref; not one pinned to a commit", async () => {
    const sha = "3f2c1d0e9b8a7f6e5d4c3b2a19081726354a5b6c";
    const npm = await run(modified("package.json", 3, ['   "dependencies": {', '-    "left-pad": "^1.3.0"', '+    "left-pad": "github:padfix-dev/left-pad#main"', "   }"]));
    expect(npm.kinds).toEqual(["package/unpinned-git-source medium"]);
    expect(npm.findings[0]?.message).toContain("installs from the git repository `github:padfix-dev/left-pad` at the ref `main`, which can move");
    expect(npm.fake.calls).toEqual([]);
    const pinned = await run(newFileChanges({ "package.json": packageJson({ "left-pad": `github:padfix-dev/left-pad#${sha}`, local: "file:../local" }) }));
    expect(pinned.kinds).toEqual([]);
    const pep508 = (ref: string) => newFileChanges({ "requirements.txt": [`padfix @ git+https://github.com/padfix-dev/padfix.git@${ref}`] });
    expect((await run(pep508("main"), { registry: null })).kinds).toEqual(["package/unpinned-git-source medium"]);
    expect((await run(pep508(sha), { registry: null })).kinds).toEqual([]);
    const cargo = (table: string) => newFileChanges({ "Cargo.toml": ["[package]", 'name = "cli"', "", "[dependencies]", `padfix = ${table}`] });
    expect((await run(cargo('{ git = "https://github.com/padfix-dev/padfix", branch = "main" }'), { registry: null })).kinds).toEqual(["package/unpinned-git-source medium"]);
    expect((await run(cargo(`{ git = "https://github.com/padfix-dev/padfix", rev = "${sha}" }`), { registry: null })).kinds).toEqual([]);
    expect((await run(newFileChanges({ "package.json": packageJson({ "left-pad": "github:padfix-dev/left-pad#main" }) }), { config: withConfig({ allow: ["left-pad"] }) })).kinds).toEqual([]);
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

  // Time is not asserted here (timed tests flake on a busy machine); the report gives the measured wall time.
  it("200 new dependencies: one lookup each and one advisory request", async () => {
    const deps: Record<string, string> = { express: "^4.17.1", lodash: "4.17.15", zod: "^4.1.12", "left-pad": "^1.3.0" };
    for (let i = Object.keys(deps).length; i < 200; i++) deps[`gatehouse-load-test-pkg-${i}`] = "^1.0.0";
    const { fake, findings } = await run(newFileChanges({ "package.json": packageJson(deps) }), { fake: { unknownAs404: true, bulk: bulkWithLodash } });
    expect(fake.advisoryCalls()).toBe(1);
    expect(fake.packumentCalls()).toBe(200);
    expect(findings.filter((f) => f.ruleId === "package/not-found")).toHaveLength(196);
    expect(findings.filter((f) => f.ruleId === "package/vulnerable")).toHaveLength(1);
  });

  it("200 new dependencies through OSV: one querybatch, one detail read per distinct advisory, one lookup each", async () => {
    const deps: Record<string, string> = { express: "^4.17.1", lodash: "4.17.15", zod: "^4.1.12", "left-pad": "^1.3.0" };
    for (let i = Object.keys(deps).length; i < 200; i++) deps[`gatehouse-load-test-pkg-${i}`] = "^1.0.0";
    const npm = fakeRegistry({ unknownAs404: true });
    const osv = fakeOsv();
    const registry = createRegistryClient({ fetch: routedFetch(npm, osv), urls: { npm: REGISTRY, osv: OSV }, npmAdvisories: "osv", now: () => NOW, timeoutMs: 2000 });
    const { findings } = await run(newFileChanges({ "package.json": packageJson(deps) }), { registry });
    expect(osv.batchCalls()).toBe(1);
    expect(osv.calls.filter((c) => c.path.startsWith("/v1/vulns/"))).toHaveLength(3);
    expect(npm.packumentCalls()).toBe(200);
    expect(npm.advisoryCalls()).toBe(0);
    expect(findings.filter((f) => f.ruleId === "package/vulnerable")).toHaveLength(1);
  });
});
