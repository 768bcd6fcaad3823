/** A small seeded GitHub shared by the sandbox tests, and a helper to call it as Gatehouse would. */
import { createGitHubSandbox, type GitHubSandbox, type SandboxSeed } from "../../src/sandbox/index.js";

export const BASE_SHA = "a".repeat(40);
export const HEAD_SHA = "b".repeat(40);

export const SAMPLE_DIFF = [
  "diff --git a/src/search.ts b/src/search.ts",
  "index 1111111..2222222 100644",
  "--- a/src/search.ts",
  "+++ b/src/search.ts",
  "@@ -1,2 +1,3 @@",
  " export function search(db, q) {",
  "+  return db.query(`SELECT * FROM items WHERE name = '${q}'`);",
  " }",
  "",
].join("\n");

export function sampleSeed(): SandboxSeed {
  return {
    repos: [
      {
        owner: "acme",
        name: "shop",
        files: {
          ".github/gatehouse.yml": "branches: ['codex/*']\n",
          "src/search.ts": "export function search(db, q) {\n}\n",
        },
        permissions: { alice: "maintain", bob: "read", carol: "write" },
        pulls: [
          {
            number: 7,
            title: "Add search",
            head: { ref: "codex/add-search", sha: HEAD_SHA },
            base: { ref: "main", sha: BASE_SHA },
            diff: SAMPLE_DIFF,
            filesAtHead: {
              "src/search.ts":
                "export function search(db, q) {\n  return db.query(`SELECT * FROM items WHERE name = '${q}'`);\n}\n",
              ".github/gatehouse.yml": "branches: []\n",
            },
          },
        ],
        comments: [{ id: 42, issueNumber: 7, body: "/recheck", user: "alice" }],
      },
    ],
  };
}

export interface Call {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary GitHub JSON
  text: string;
}

/** One request with a valid installation token unless `headers.authorization` says otherwise. */
export async function call(
  sandbox: GitHubSandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Call> {
  const response = await sandbox.fetch(`https://api.github.com${path}`, {
    method,
    headers: {
      authorization: `token ${sandbox.installationToken()}`,
      accept: "application/vnd.github+json",
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

export function newSandbox(seed: SandboxSeed = sampleSeed()): GitHubSandbox {
  return createGitHubSandbox(seed);
}
