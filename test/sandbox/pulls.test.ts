/** Pull request reads: the diff media type, 406 too_large, file paging, and mapping a SHA back to its PR. */
import { describe, expect, it } from "vitest";
import type { PullFile } from "../../src/sandbox/index.js";
import { BASE_SHA, call, HEAD_SHA, newSandbox, SAMPLE_DIFF, sampleSeed } from "./sandbox-fixture.js";

function manyFiles(count: number): PullFile[] {
  return Array.from({ length: count }, (_, i) => ({
    filename: `src/file-${String(i).padStart(3, "0")}.ts`,
    status: "added" as const,
    additions: 1,
    deletions: 0,
    changes: 1,
    patch: "@@ -0,0 +1 @@\n+export {};",
  }));
}

function seedWithPull(extra: Record<string, unknown>) {
  const seed = sampleSeed();
  const pull = seed.repos?.[0]?.pulls?.[0];
  if (!pull) throw new Error("sample seed lost its pull request");
  Object.assign(pull, extra);
  return seed;
}

describe("pull requests", () => {
  it("answers the diff media type with the seeded diff text", async () => {
    const sandbox = newSandbox();
    const answer = await call(sandbox, "GET", "/repos/acme/shop/pulls/7", undefined, { accept: "application/vnd.github.diff" });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/application\/vnd\.github\.diff/);
    expect(answer.text).toBe(SAMPLE_DIFF);
  });

  it("answers JSON with head and base when JSON is asked for", async () => {
    const sandbox = newSandbox();
    const answer = await call(sandbox, "GET", "/repos/acme/shop/pulls/7");
    expect(answer.json).toMatchObject({
      number: 7,
      head: { ref: "codex/add-search", sha: HEAD_SHA },
      base: { ref: "main", sha: BASE_SHA },
      changed_files: 1,
      additions: 1,
      deletions: 0,
    });
  });

  it("answers 406 too_large in GitHub's words when the diff is marked too large", async () => {
    const sandbox = newSandbox(seedWithPull({ diffTooLarge: true }));
    const answer = await call(sandbox, "GET", "/repos/acme/shop/pulls/7", undefined, { accept: "application/vnd.github.diff" });
    expect(answer.status).toBe(406);
    expect(answer.json.errors).toEqual([{ resource: "PullRequest", field: "diff", code: "too_large" }]);
    expect(answer.json.message).toMatch(/maximum number of lines \(20000\)/);
    expect(sandbox.violations).toEqual([]);
  });

  it("refuses the diff of more than 300 files by itself, naming the file limit", async () => {
    const sandbox = newSandbox(seedWithPull({ files: manyFiles(301) }));
    const answer = await call(sandbox, "GET", "/repos/acme/shop/pulls/7", undefined, { accept: "application/vnd.github.diff" });
    expect(answer.status).toBe(406);
    expect(answer.json.message).toMatch(/maximum number of files \(300\)/);
  });

  it("pages through the changed files with per_page, page and a Link header", async () => {
    const sandbox = newSandbox(seedWithPull({ files: manyFiles(250) }));
    const seen: string[] = [];
    let next: string | undefined = "/repos/acme/shop/pulls/7/files?per_page=100";
    let pages = 0;
    while (next) {
      const answer = await call(sandbox, "GET", next);
      expect(answer.status).toBe(200);
      seen.push(...answer.json.map((file: { filename: string }) => file.filename));
      const link = answer.headers.get("link") ?? "";
      const url = /<([^>]+)>; rel="next"/.exec(link)?.[1];
      next = url ? new URL(url).pathname + new URL(url).search : undefined;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen[249]).toBe("src/file-249.ts");
    const last = await call(sandbox, "GET", "/repos/acme/shop/pulls/7/files?per_page=100&page=3");
    expect(last.headers.get("link")).toMatch(/rel="prev"/);
    expect(last.headers.get("link")).not.toMatch(/rel="next"/);
    expect(sandbox.violations).toEqual([]);
  });

  it("caps per_page at 100 and lists at most 3,000 files, as GitHub does", async () => {
    const sandbox = newSandbox(seedWithPull({ files: manyFiles(3005) }));
    const first = await call(sandbox, "GET", "/repos/acme/shop/pulls/7/files?per_page=500");
    expect(first.json).toHaveLength(100);
    expect(first.headers.get("link")).toMatch(/page=30>; rel="last"/);
  });

  it("derives the file list and patch from the diff", async () => {
    const sandbox = newSandbox();
    const answer = await call(sandbox, "GET", "/repos/acme/shop/pulls/7/files");
    expect(answer.json).toHaveLength(1);
    expect(answer.json[0]).toMatchObject({ filename: "src/search.ts", status: "modified", additions: 1, deletions: 0 });
    expect(answer.json[0].patch).toContain("+  return db.query(");
  });

  it("synthesizes a diff when the seed gives only file contents", async () => {
    const seed = seedWithPull({ diff: undefined, filesAtHead: { "src/new.ts": "const a = 1;\nconst b = 2;\n" } });
    const sandbox = newSandbox(seed);
    const answer = await call(sandbox, "GET", "/repos/acme/shop/pulls/7", undefined, { accept: "application/vnd.github.diff" });
    expect(answer.text).toContain("+++ b/src/new.ts\n@@ -0,0 +1,2 @@\n+const a = 1;\n+const b = 2;\n");
  });

  it("maps a head SHA back to its pull request, and lists pulls by head", async () => {
    const sandbox = newSandbox();
    const bySha = await call(sandbox, "GET", `/repos/acme/shop/commits/${HEAD_SHA}/pulls`);
    expect(bySha.json.map((pull: { number: number }) => pull.number)).toEqual([7]);
    const byHead = await call(sandbox, "GET", "/repos/acme/shop/pulls?state=open&head=acme:codex/add-search");
    expect(byHead.json.map((pull: { number: number }) => pull.number)).toEqual([7]);
    const otherHead = await call(sandbox, "GET", "/repos/acme/shop/pulls?head=acme:fix/other");
    expect(otherHead.json).toEqual([]);
    const unknownSha = await call(sandbox, "GET", `/repos/acme/shop/commits/${"d".repeat(40)}/pulls`);
    expect(unknownSha.json).toEqual([]);
  });

  it("answers 404 for a pull request that does not exist", async () => {
    const sandbox = newSandbox();
    const answer = await call(sandbox, "GET", "/repos/acme/shop/pulls/99");
    expect(answer.status).toBe(404);
    expect(answer.json.message).toBe("Not Found");
  });
});
