/** File contents at a ref: base64 as GitHub sends it, the base and head SHAs kept apart, 404 when missing. */
import { describe, expect, it } from "vitest";
import { BASE_SHA, call, HEAD_SHA, newSandbox } from "./sandbox-fixture.js";

function decode(content: string): string {
  const binary = atob(content.replace(/\n/g, ""));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

describe("contents", () => {
  it("serves the config as it is at the base SHA, not the PR's own copy", async () => {
    const sandbox = newSandbox();
    const atBase = await call(sandbox, "GET", `/repos/acme/shop/contents/.github/gatehouse.yml?ref=${BASE_SHA}`);
    const atHead = await call(sandbox, "GET", `/repos/acme/shop/contents/.github/gatehouse.yml?ref=${HEAD_SHA}`);
    expect(atBase.status).toBe(200);
    expect(atBase.json).toMatchObject({ type: "file", encoding: "base64", path: ".github/gatehouse.yml", name: "gatehouse.yml" });
    expect(decode(atBase.json.content)).toBe("branches: ['codex/*']\n");
    expect(decode(atHead.json.content)).toBe("branches: []\n");
    expect(atBase.json.sha).not.toBe(atHead.json.sha);
    expect(sandbox.violations).toEqual([]);
  });

  it("reads branch names and the default branch", async () => {
    const sandbox = newSandbox();
    const byBranch = await call(sandbox, "GET", "/repos/acme/shop/contents/src/search.ts?ref=codex/add-search");
    expect(decode(byBranch.json.content)).toContain("db.query(");
    const byDefault = await call(sandbox, "GET", "/repos/acme/shop/contents/src/search.ts");
    expect(decode(byDefault.json.content)).not.toContain("db.query(");
  });

  it("computes git's blob SHA", async () => {
    const sandbox = newSandbox({ repos: [{ owner: "acme", name: "shop", files: { "hello.txt": "hello\n" } }] });
    const answer = await call(sandbox, "GET", "/repos/acme/shop/contents/hello.txt");
    // `printf 'hello\n' | git hash-object --stdin`
    expect(answer.json.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });

  it("returns the raw text for the raw media type", async () => {
    const sandbox = newSandbox();
    const answer = await call(sandbox, "GET", `/repos/acme/shop/contents/src/search.ts?ref=${HEAD_SHA}`, undefined, {
      accept: "application/vnd.github.raw+json",
    });
    expect(answer.text).toContain("db.query(");
  });

  it("answers 404 for a missing file, an unknown ref and an unknown repository", async () => {
    const sandbox = newSandbox();
    for (const path of [
      `/repos/acme/shop/contents/.github/missing.yml?ref=${BASE_SHA}`,
      `/repos/acme/shop/contents/src/search.ts?ref=${"e".repeat(40)}`,
      "/repos/acme/elsewhere/contents/README.md",
    ]) {
      const answer = await call(sandbox, "GET", path);
      expect(answer.status, path).toBe(404);
      expect(answer.json.message).toBe("Not Found");
    }
    expect(sandbox.violations).toEqual([]);
  });

  it("lists a directory", async () => {
    const sandbox = newSandbox();
    const answer = await call(sandbox, "GET", "/repos/acme/shop/contents/.github");
    expect(answer.json.map((entry: { name: string; type: string }) => [entry.name, entry.type])).toEqual([["gatehouse.yml", "file"]]);
  });
});
