/**
 * The registry clients: npm against recorded real answers; timeouts, the one retry, the cache; and PyPI, the Go
 * proxy, crates.io, npm's bulk advisories and OSV on their documented answer shapes only (hand-written below and
 * marked so: those services are unreachable from the sandbox and the reachable npm registry answers 405 to the
 * bulk advisory endpoint).
 */
import { describe, expect, it } from "vitest";
import { advisoriesFromBulk, bulkAdvisorySchema, packumentSchema, packumentUrl } from "../src/registry/npm.js";
import { escapeModulePath, packageFromCrate, crateSchema, packageFromGoList } from "../src/registry/go-crates.js";
import { packageFromPypi, pypiProjectSchema } from "../src/registry/pypi.js";
import { advisoryFromOsv, osvVulnSchema, querybatchSchema } from "../src/registry/osv.js";
import { createRegistryClient, MemoryCache } from "../src/registry/index.js";
import { fakeRegistry, OSV_RECORDS, recorded, REGISTRY } from "./registry-fixtures.js";

const client = (fetch: (input: string, init?: RequestInit) => Promise<Response>, extra: Parameters<typeof createRegistryClient>[0] = {}) =>
  createRegistryClient({ fetch, urls: { npm: REGISTRY, osv: "https://osv.test", pypi: "https://pypi.test", go: "https://go.test", crates: "https://crates.test" }, timeoutMs: 200, ...extra });

describe("npm metadata from recorded answers", () => {
  it("reads versions, latest, install scripts and a first-publish date from a real packument", async () => {
    const answer = await client(fakeRegistry().fetch).lookup("npm", "esbuild");
    if (answer.status !== "found") throw new Error(`expected found, got ${answer.status}`);
    expect(answer.metadata.latest).toBe("0.28.2");
    expect(answer.metadata.versions["0.28.2"]?.installScripts).toEqual({ postinstall: "node install.js" });
    // The recording has no `time.created`: the earliest version time stands in.
    expect(answer.metadata.createdAt).toBe("2024-02-27T16:27:13.631000+00:00");
    expect(Object.keys(answer.metadata.versions).length).toBe(441);
  });

  it("a recorded 404 is `missing`; the recorded 405 of the bulk endpoint is `unreachable` with the status", async () => {
    const registry = client(fakeRegistry().fetch);
    expect(await registry.lookup("npm", "gatehouse-surely-not-a-real-pkg-4711")).toEqual({ status: "missing" });
    const advisories = await registry.advisories([{ ecosystem: "npm", name: "lodash", version: "4.17.15" }]);
    expect(advisories.status).toBe("unreachable");
    expect(advisories.status === "unreachable" && advisories.reason).toMatch(/HTTP 405/);
    expect(recorded("advisories-bulk.json").status).toBe(405);
  });

  it("every recorded packument passes the schema the client validates with", () => {
    for (const name of ["express", "expresss", "expres", "lodash", "lodahs", "zod", "esbuild", "request", "left-pad", "chalk", "open", "crossenv", "bufferutil"]) {
      expect(packumentSchema.safeParse(recorded(`${name}.json`).body).success, name).toBe(true);
    }
    expect(packumentSchema.safeParse({ versions: {} }).success).toBe(false);
  });

  it("encodes scoped names as the npm CLI does", () => {
    expect(packumentUrl("https://r.test/", "@types/node")).toBe("https://r.test/@types%2Fnode");
    expect(packumentUrl("https://r.test", "lodash")).toBe("https://r.test/lodash");
  });
});

describe("timeouts, retries and the cache", () => {
  it("retries once on a 5xx, then answers", async () => {
    let calls = 0;
    const registry = client(async () => (++calls === 1 ? new Response("busy", { status: 503 }) : new Response(JSON.stringify(recorded("express.json").body), { status: 200 })));
    expect((await registry.lookup("npm", "express")).status).toBe("found");
    expect(calls).toBe(2);
  });

  it("gives up after the one retry, with the reason", async () => {
    let calls = 0;
    const answer = await client(async () => {
      calls++;
      return new Response("down", { status: 502 });
    }).lookup("npm", "express");
    expect(calls).toBe(2);
    expect(answer).toEqual({ status: "unreachable", reason: `${REGISTRY}/express answered HTTP 502` });
  });

  it("times out a registry that never answers", async () => {
    const hang = (_: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const answer = await client(hang, { timeoutMs: 30 }).lookup("npm", "express");
    expect(answer).toEqual({ status: "unreachable", reason: `${REGISTRY}/express did not answer within 30 ms` });
  });

  it("rejects an answer of the wrong shape instead of trusting it", async () => {
    const answer = await client(async () => new Response(JSON.stringify({ name: 42 }), { status: 200 })).lookup("npm", "express");
    expect(answer.status).toBe("unreachable");
  });

  it("caches answers for their TTL; a missing name expires sooner than a found one", async () => {
    let clock = 0;
    const fake = fakeRegistry();
    const registry = client(fake.fetch, { cache: new MemoryCache(() => clock) });
    await registry.lookup("npm", "express");
    await registry.lookup("npm", "gatehouse-surely-not-a-real-pkg-4711");
    await registry.lookup("npm", "express");
    await registry.lookup("npm", "gatehouse-surely-not-a-real-pkg-4711");
    expect(fake.packumentCalls()).toBe(2);
    clock += 11 * 60 * 1000;
    await registry.lookup("npm", "express");
    await registry.lookup("npm", "gatehouse-surely-not-a-real-pkg-4711");
    expect(fake.calls.map((c) => c.path)).toEqual(["/express", "/gatehouse-surely-not-a-real-pkg-4711", "/gatehouse-surely-not-a-real-pkg-4711"]);
  });

  it("never caches `unreachable`", async () => {
    let calls = 0;
    const registry = client(async () => {
      calls++;
      throw new TypeError("fetch failed");
    });
    await registry.lookup("npm", "express");
    await registry.lookup("npm", "express");
    expect(calls).toBe(4);
  });
});

describe("real OSV records (github/advisory-database, copied into fixtures/registry/osv/)", () => {
  it("pass the schema the client validates with, and give each package its own fixed version and severity", () => {
    const byId = Object.fromEntries(OSV_RECORDS.map((record) => [record.id, osvVulnSchema.parse(record)]));
    const lodash = { ecosystem: "npm" as const, name: "lodash", version: "4.17.15" };
    const pollution = advisoryFromOsv(lodash, byId["GHSA-p6mc-m468-83gw"]!);
    expect(pollution).toMatchObject({ severity: "high", fixedIn: ["4.17.20"], aliases: ["CVE-2020-8203"], title: "Prototype Pollution in lodash" });
    const redos = advisoryFromOsv(lodash, byId["GHSA-29mw-wpgm-hmr9"]!);
    // The record also lists lodash.trim and lodash.trimend with `last_affected` only: no fix of theirs leaks in.
    expect(redos).toMatchObject({ severity: "medium", fixedIn: ["4.17.21"] });
    expect(advisoryFromOsv({ ecosystem: "npm", name: "lodash.trim", version: "4.5.1" }, byId["GHSA-29mw-wpgm-hmr9"]!).fixedIn).toBeUndefined();
  });
});

describe("documented answer shapes (hand-written, not recordings)", () => {
  it("npm bulk advisories are matched to each queried version", () => {
    const answer = bulkAdvisorySchema.parse({ lodash: [{ id: 1, url: "https://example.test/1", title: "Prototype Pollution", severity: "moderate", vulnerable_versions: "<4.17.19" }] });
    const advisories = advisoriesFromBulk(
      [
        { ecosystem: "npm", name: "lodash", version: "4.17.15" },
        { ecosystem: "npm", name: "lodash", version: "4.17.21" },
      ],
      answer,
    );
    expect(advisories.map((a) => `${a.version} ${a.id} ${a.severity}`)).toEqual(["4.17.15 1 medium"]);
  });

  it("OSV: querybatch ids, then each vulnerability's severity and fixed versions", async () => {
    const vuln = {
      id: "GHSA-29mw-wpgm-hmr9",
      summary: "Regular Expression Denial of Service (ReDoS) in lodash",
      aliases: ["CVE-2020-28500"],
      database_specific: { severity: "MODERATE" },
      affected: [{ package: { name: "lodash", ecosystem: "npm" }, ranges: [{ type: "SEMVER", events: [{ introduced: "4.0.0" }, { fixed: "4.17.21" }] }] }],
    };
    const calls: string[] = [];
    const registry = client(
      async (url) => {
        calls.push(url);
        if (url.endsWith("/v1/querybatch")) return new Response(JSON.stringify({ results: [{ vulns: [{ id: vuln.id, modified: "2025-09-29T21:12:31Z" }] }, {}] }));
        return new Response(JSON.stringify(vuln));
      },
      { npmAdvisories: "osv" },
    );
    const answer = await registry.advisories([
      { ecosystem: "npm", name: "lodash", version: "4.17.15" },
      { ecosystem: "pypi", name: "requests", version: "2.31.0" },
    ]);
    expect(answer).toEqual({
      status: "ok",
      advisories: [{ ecosystem: "npm", name: "lodash", version: "4.17.15", id: vuln.id, title: vuln.summary, severity: "medium", url: `https://osv.dev/vulnerability/${vuln.id}`, fixedIn: ["4.17.21"], aliases: ["CVE-2020-28500"] }],
    });
    expect(calls).toEqual(["https://osv.test/v1/querybatch", `https://osv.test/v1/vulns/${vuln.id}`]);
    expect(querybatchSchema.safeParse({ results: "x" }).success).toBe(false);
    expect(advisoryFromOsv({ ecosystem: "npm", name: "x", version: "1.0.0" }, osvVulnSchema.parse({ id: "OSV-1" })).severity).toBe("unknown");
  });

  it("PyPI: releases, yanked versions and the first upload", () => {
    const answer = packageFromPypi(
      pypiProjectSchema.parse({
        info: { name: "requests", version: "2.32.3" },
        releases: {
          "2.31.0": [{ upload_time_iso_8601: "2023-05-22T15:12:44.175Z", yanked: false }],
          "2.32.0": [{ upload_time_iso_8601: "2024-05-20T15:00:00.000Z", yanked: true, yanked_reason: "conflict with CVE fix" }],
          "0.2.0": [{ upload_time_iso_8601: "2011-02-14T00:00:00.000Z" }],
        },
      }),
    );
    if (answer.status !== "found") throw new Error("expected found");
    expect(answer.metadata.createdAt).toBe("2011-02-14T00:00:00.000Z");
    expect(answer.metadata.versions["2.32.0"]).toMatchObject({ yanked: true, deprecated: "yanked: conflict with CVE fix" });
    expect(answer.metadata.latest).toBe("2.32.3");
  });

  it("Go proxy: case-encoded paths and the version list; crates.io: versions and creation", async () => {
    expect(escapeModulePath("github.com/BurntSushi/toml")).toBe("github.com/!burnt!sushi/toml");
    const go = packageFromGoList("golang.org/x/crypto", "v0.20.0\nv0.21.0\n");
    expect(go.status === "found" && Object.keys(go.metadata.versions)).toEqual(["v0.20.0", "v0.21.0"]);
    const crate = packageFromCrate(crateSchema.parse({ crate: { name: "serde", created_at: "2014-12-05T20:20:39Z", max_stable_version: "1.0.197" }, versions: [{ num: "1.0.197", yanked: false }] }));
    expect(crate.status === "found" && crate.metadata.latest).toBe("1.0.197");
    const urls: string[] = [];
    const registry = client(async (url) => {
      urls.push(url);
      return new Response("not found", { status: url.includes("go.test") ? 410 : 404 });
    });
    expect(await registry.lookup("go", "github.com/Nope/x")).toEqual({ status: "missing" });
    expect(await registry.lookup("crates", "nope")).toEqual({ status: "missing" });
    expect(urls).toEqual(["https://go.test/github.com/!nope/x/@v/list", "https://crates.test/api/v1/crates/nope"]);
  });
});
