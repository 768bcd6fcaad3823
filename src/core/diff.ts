/**
 * Unified diff intake: turns `git diff` output into the ChangeSet the scan core takes. Anything it cannot use
 * (binary patches, oversized or non-UTF-8 files) becomes a ScanNote, never an exception or a silent skip.
 */
import parseDiff from "parse-diff";
import type { ChangedFile, ChangeSet, ScanNote } from "./changes.js";

export interface DiffLimits {
  /** Added text per file above which the file is skipped with a note (minified bundles, generated data). */
  maxFileBytes: number;
  /** A single added line longer than this marks the file as generated or minified. */
  maxLineLength: number;
}

export const DEFAULT_DIFF_LIMITS: DiffLimits = { maxFileBytes: 4 * 1024 * 1024, maxLineLength: 20_000 };

/** Input no scan can use: the CLI exits 2 with this message. */
export class UnusableDiffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnusableDiffError";
  }
}

const DIFF_HEADER = /^(diff --git |--- |\+\+\+ |@@ |Binary files |GIT binary patch|index |new file mode|deleted file mode|similarity index|rename from|old mode)/m;

function stripPrefix(path: string): string {
  return path.replace(/^[ab]\//, "");
}

/** Paths of files whose patch is binary, from the lines parse-diff does not interpret. */
function binaryPaths(text: string): Set<string> {
  const paths = new Set<string>();
  let current: string | undefined;
  for (const match of text.matchAll(/^(?:diff --git a\/(.+?) b\/(.+)|Binary files (.+?) and (.+?) differ|GIT binary patch)$/gm)) {
    if (match[2] !== undefined) current = match[2];
    else if (match[4] !== undefined) {
      const target = match[4] === "/dev/null" ? match[3] : match[4];
      if (target) paths.add(stripPrefix(target));
    } else if (current) paths.add(current);
  }
  return paths;
}

export function parseUnifiedDiff(text: string, limits: DiffLimits = DEFAULT_DIFF_LIMITS): ChangeSet {
  const notes: ScanNote[] = [];
  if (text.trim() === "") return { files: [], notes: [{ kind: "skipped", message: "The diff is empty: there was nothing to scan." }] };
  // Checking the first 64 KiB is enough to tell a diff from something else without scanning a 50 MB line.
  if (!DIFF_HEADER.test(text.slice(0, 65_536))) {
    throw new UnusableDiffError("the input is not a unified diff (no `diff --git`, `---`/`+++` or `@@` header in it)");
  }
  const normalized = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const binaries = binaryPaths(normalized);
  const files: ChangedFile[] = [];
  for (const parsed of parseDiff(normalized)) {
    const deleted = parsed.deleted === true || parsed.to === "/dev/null";
    const path = stripPrefix(deleted ? (parsed.from ?? "") : (parsed.to ?? parsed.from ?? ""));
    if (!path) continue;
    if (binaries.has(path)) {
      notes.push({ path, kind: "binary", message: `${path}: binary file, not scanned.` });
      continue;
    }
    if (deleted) {
      files.push({ path, status: "deleted", addedLines: [], hunks: [] });
      continue;
    }
    const oldPath = parsed.from && parsed.from !== "/dev/null" ? stripPrefix(parsed.from) : undefined;
    const status = parsed.new ? "added" : oldPath && oldPath !== path ? "renamed" : "modified";
    const addedLines: number[] = [];
    const hunks: ChangedFile["hunks"] = [];
    let addedBytes = 0;
    let longestLine = 0;
    let invalidUtf8 = false;
    for (const chunk of parsed.chunks) {
      const lines: string[] = [];
      const oldLines: string[] = [];
      for (const change of chunk.changes) {
        // parse-diff reports "\ No newline at end of file" as a change; it is a marker, not a line.
        if (change.content.startsWith("\\")) continue;
        if (change.type !== "add") oldLines.push(change.content.slice(1));
        if (change.type === "del") continue;
        const content = change.content.slice(1);
        lines.push(content);
        if (change.type === "add") {
          addedLines.push(change.ln);
          addedBytes += content.length + 1;
          if (content.length > longestLine) longestLine = content.length;
          if (!invalidUtf8 && content.includes("\uFFFD")) invalidUtf8 = true;
        }
      }
      hunks.push({ newStart: chunk.newStart, lines, oldStart: chunk.oldStart, oldLines });
    }
    const file: ChangedFile = { path, status, addedLines, hunks };
    if (oldPath && status === "renamed") file.oldPath = oldPath;
    if (parsed.oldMode && parsed.newMode && parsed.oldMode !== parsed.newMode) file.modeChange = { from: parsed.oldMode, to: parsed.newMode };
    if (addedBytes > limits.maxFileBytes) {
      notes.push({ path, kind: "too-large", message: `${path}: ${addedBytes} bytes added, above the ${limits.maxFileBytes}-byte limit per file; not scanned.` });
      continue;
    }
    if (longestLine > limits.maxLineLength) {
      notes.push({ path, kind: "too-large", message: `${path}: a line of ${longestLine} characters (minified or generated?), above the ${limits.maxLineLength}-character limit; not scanned.` });
      continue;
    }
    if (invalidUtf8) {
      notes.push({ path, kind: "not-utf8", message: `${path}: the added text is not valid UTF-8; not scanned.` });
      continue;
    }
    files.push(file);
  }
  if (files.length === 0 && notes.length === 0) {
    throw new UnusableDiffError("the input has diff headers but no file changes that could be read");
  }
  return { files, notes };
}

/**
 * The text the rules run on when the full new file is unavailable: each hunk's new side placed at its real
 * line numbers, blank lines between, so every reported line number is the line in the new file.
 */
export function sparseText(file: ChangedFile): string {
  const lines: string[] = [];
  for (const hunk of file.hunks) {
    while (lines.length < hunk.newStart - 1) lines.push("");
    for (const line of hunk.lines) lines.push(line);
  }
  return lines.join("\n");
}

export function scanText(file: ChangedFile): string {
  return file.newText ?? sparseText(file);
}

/** True when `text` holds every hunk's new side at its line numbers: the full file belongs to this diff. */
export function hunksMatch(file: ChangedFile, text: string): boolean {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (const hunk of file.hunks) {
    for (let i = 0; i < hunk.lines.length; i++) if (lines[hunk.newStart - 1 + i] !== hunk.lines[i]) return false;
  }
  return true;
}
