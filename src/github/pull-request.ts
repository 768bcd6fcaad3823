/**
 * Reading what a pull request changes, at its head commit: the diff (or, when GitHub answers 406 because it is
 * too large, the paged file list), the changed files' full text, and the config from the base commit.
 */
import type { ChangeSet } from "../core/changes.js";
import { CONFIG_PATH, parseConfig, type ConfigResult } from "../core/config.js";
import { binaryNote, hunksMatch, parseUnifiedDiff } from "../core/diff.js";
import { isGrammarLanguage, languageForPath } from "../core/languages.js";
import { statusOf, type GitHub } from "./client.js";

/** A scan that cannot complete; the check run ends as `failure` with this reason in its title. */
export class ScanAbort extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ScanAbort";
  }
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequestInfo {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
  author: string;
}

export async function getPullRequest(gh: GitHub, { owner, repo }: RepoRef, number: number): Promise<PullRequestInfo> {
  const { data } = await gh.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number: number });
  return {
    number: data.number,
    state: data.state === "closed" ? "closed" : "open",
    merged: data.merged === true,
    headSha: data.head.sha,
    headRef: data.head.ref,
    baseSha: data.base.sha,
    baseRef: data.base.ref,
    author: data.user?.login ?? "",
  };
}

/** GitHub's pull-request file list stops at 3,000 files; past that we cannot see the whole change. */
const MAX_FILES = 3000;
const BINARY_EXTENSION = /\.(png|jpe?g|gif|webp|ico|bmp|pdf|zip|gz|tgz|jar|woff2?|ttf|otf|eot|mp[34]|mov|wasm|so|dylib|dll|exe|bin)$/i;

export async function readChanges(gh: GitHub, ref: RepoRef, pull: PullRequestInfo): Promise<ChangeSet> {
  let changes: ChangeSet;
  try {
    // The body is read here, not by octokit: its `.text()` on GitHub's diff media type makes workerd log that the
    // result "will probably be corrupted" on every scan. A diff is bytes; undecodable ones become U+FFFD, as before.
    const response = await gh.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
      ...ref,
      pull_number: pull.number,
      mediaType: { format: "diff" },
      request: { parseSuccessResponseBody: false },
    });
    const diff = new TextDecoder().decode(await new Response(response.data as unknown as ReadableStream<Uint8Array> | null).arrayBuffer());
    changes = diff.trim() === "" ? { files: [], notes: [] } : parseUnifiedDiff(diff);
  } catch (error) {
    if (statusOf(error) !== 406) throw error;
    changes = await readChangesFromFileList(gh, ref, pull.number);
  }
  await attachHeadText(gh, ref, pull.headSha, changes);
  return changes;
}

async function readChangesFromFileList(gh: GitHub, ref: RepoRef, number: number): Promise<ChangeSet> {
  const pieces: string[] = [];
  const notes: ChangeSet["notes"] = [];
  let count = 0;
  for (let page = 1; page <= MAX_FILES / 100; page++) {
    const { data } = await gh.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { ...ref, pull_number: number, per_page: 100, page });
    for (const file of data) {
      count++;
      if (file.status === "removed") continue;
      if (file.patch === undefined) {
        notes.push(
          BINARY_EXTENSION.test(file.filename)
            ? binaryNote(file.filename)
            : { path: file.filename, kind: "too-large", message: `${file.filename}: GitHub returned no patch for it (too large); not scanned.` },
        );
        continue;
      }
      const from = file.status === "added" ? "/dev/null" : `a/${file.previous_filename ?? file.filename}`;
      pieces.push(`diff --git a/${file.previous_filename ?? file.filename} b/${file.filename}\n--- ${from}\n+++ b/${file.filename}\n${file.patch}\n`);
    }
    if (data.length < 100) break;
  }
  if (count >= MAX_FILES) throw new ScanAbort(`the pull request changes ${MAX_FILES} or more files, more than GitHub lists; split it so every file can be scanned`);
  const parsed = pieces.length > 0 ? parseUnifiedDiff(pieces.join("")) : { files: [], notes: [] };
  return { files: parsed.files, notes: [...notes, ...parsed.notes] };
}

/** Rules read whole files for context; only files a grammar parses are fetched, a few at a time. */
async function attachHeadText(gh: GitHub, ref: RepoRef, headSha: string, changes: ChangeSet): Promise<void> {
  const wanted = changes.files.filter((file) => {
    if (file.status === "deleted" || file.addedLines.length === 0) return false;
    const language = languageForPath(file.path);
    return language !== undefined && (isGrammarLanguage(language) || language === "dockerfile");
  });
  const queue = [...wanted];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const text = await readFileAt(gh, ref, file.path, headSha);
      if (text !== undefined && hunksMatch(file, text)) file.newText = text;
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, queue.length) }, worker));
}

/** A file's text at a commit; undefined when it does not exist there or is too large for the contents API. */
export async function readFileAt(gh: GitHub, ref: RepoRef, path: string, sha: string): Promise<string | undefined> {
  try {
    const { data } = await gh.request("GET /repos/{owner}/{repo}/contents/{path}", { ...ref, path, ref: sha });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data) || data.encoding !== "base64") return undefined;
    return decodeBase64Utf8(data.content);
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

function decodeBase64Utf8(content: string): string {
  const binary = atob(content.replace(/\s+/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/** The repository's config from the base commit, never the PR's own copy (a PR must not relax its own gate). */
export async function readConfig(gh: GitHub, ref: RepoRef, baseSha: string): Promise<ConfigResult> {
  const text = await readFileAt(gh, ref, CONFIG_PATH, baseSha);
  return parseConfig(text ?? "");
}
