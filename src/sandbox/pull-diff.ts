/**
 * What a seeded pull request changed, in the two forms GitHub serves it: the unified diff (the diff media
 * type) and the per-file list with patches (`/pulls/N/files`).
 */
import parseDiff from "parse-diff";
import type { PullFile } from "./state.js";

export function changedFilesFromDiff(diff: string): PullFile[] {
  return parseDiff(diff).map((file) => {
    const removed = file.deleted === true || file.to === "/dev/null";
    const added = file.new === true || file.from === "/dev/null";
    const filename = (removed ? file.from : file.to) ?? "";
    const renamed = !added && !removed && file.from !== undefined && file.from !== file.to;
    const status: PullFile["status"] = added ? "added" : removed ? "removed" : renamed ? "renamed" : "modified";
    // parse-diff files "\ No newline at end of file" under the preceding change's type; the prefix tells.
    const lines = file.chunks.flatMap((chunk) => chunk.changes).map((change) => change.content);
    const additions = lines.filter((line) => line.startsWith("+")).length;
    const deletions = lines.filter((line) => line.startsWith("-")).length;
    const patch = file.chunks
      .map((chunk) => [chunk.content, ...chunk.changes.map((change) => change.content)].join("\n"))
      .join("\n");
    return {
      filename,
      status,
      additions,
      deletions,
      changes: additions + deletions,
      ...(patch ? { patch } : {}),
      ...(renamed && file.from ? { previousFilename: file.from } : {}),
    };
  });
}

/**
 * A diff for seeds that give only file contents. Each changed file gets one hunk spanning the lines between the
 * common prefix and suffix, so added line numbers are exact when a file changed in one place and a superset
 * otherwise; seed an explicit `diff` when precision matters.
 */
export function synthesizeDiff(base: Record<string, string>, head: Record<string, string | null>): string {
  return Object.entries(head)
    .filter(([path, text]) => base[path] !== text && !(text === null && base[path] === undefined))
    .map(([path, text]) => fileDiff(path, base[path], text ?? undefined))
    .join("");
}

function fileDiff(path: string, before: string | undefined, after: string | undefined): string {
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix++;
  }
  const removed = oldLines.slice(prefix, oldLines.length - suffix);
  const added = newLines.slice(prefix, newLines.length - suffix);
  const header = [
    `diff --git a/${path} b/${path}`,
    ...(before === undefined ? ["new file mode 100644"] : after === undefined ? ["deleted file mode 100644"] : []),
    `--- ${before === undefined ? "/dev/null" : `a/${path}`}`,
    `+++ ${after === undefined ? "/dev/null" : `b/${path}`}`,
  ];
  const oldStart = removed.length === 0 ? prefix : prefix + 1;
  const newStart = added.length === 0 ? prefix : prefix + 1;
  const hunk = `@@ -${oldStart},${removed.length} +${newStart},${added.length} @@`;
  return [...header, hunk, ...removed.map((line) => `-${line}`), ...added.map((line) => `+${line}`)].join("\n") + "\n";
}

function splitLines(text: string | undefined): string[] {
  if (text === undefined || text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
