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

const C_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", t: "\t", n: "\n", v: "\v", f: "\f", r: "\r" };

/**
 * A path as git writes it in a header, read back: git puts a path with special characters in double quotes
 * with C escapes (`"src/caf\303\251.ts"`, octal bytes of UTF-8), and parse-diff keeps the escapes.
 */
export function unquoteGitPath(path: string): string {
  const quoted = /^"(.*)"$/.exec(path);
  const body = quoted ? quoted[1]! : path;
  if (!body.includes("\\")) return body;
  const utf8 = new TextEncoder();
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== "\\") {
      bytes.push(...utf8.encode(char));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
      continue;
    }
    const next = body[++i] ?? "";
    bytes.push(...utf8.encode(C_ESCAPES[next] ?? next));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** A header path (`a/x`, `b/x` or `"b/x"`) without git's side prefix. */
function headerPath(raw: string): string {
  return unquoteGitPath(raw).replace(/^[ab]\//, "");
}

const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
const BINARY_MARKERS = new RegExp(
  String.raw`^(?:diff --git (${QUOTED}|a/.+?) (${QUOTED}|b/.+)|Binary files (${QUOTED}|.+?) and (${QUOTED}|.+?) differ|GIT binary patch)$`,
  "gm",
);

/** Paths of files whose patch is binary, from the lines parse-diff does not interpret. */
function binaryPaths(text: string): Set<string> {
  const paths = new Set<string>();
  let current: string | undefined;
  for (const match of text.matchAll(BINARY_MARKERS)) {
    if (match[2] !== undefined) current = headerPath(match[2]);
    else if (match[4] !== undefined) {
      const target = match[4] === "/dev/null" ? match[3] : match[4];
      if (target) paths.add(headerPath(target));
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
  checkHunkLengths(normalized);
  const binaries = binaryPaths(normalized);
  const files: ChangedFile[] = [];
  for (const parsed of parseDiff(normalized)) {
    const deleted = parsed.deleted === true || parsed.to === "/dev/null";
    // parse-diff has already taken off git's `a/` and `b/`: a file under a folder named `a` keeps its folder.
    const path = unquoteGitPath(deleted ? (parsed.from ?? "") : (parsed.to ?? parsed.from ?? ""));
    if (!path) continue;
    if (binaries.has(path)) {
      notes.push(binaryNote(path));
      continue;
    }
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
    if (deleted) {
      // Its hunks hold only the old side: what the file held (the CLI reads a deleted gate config's last version).
      files.push({ path, status: "deleted", addedLines: [], hunks });
      continue;
    }
    const oldPath = parsed.from && parsed.from !== "/dev/null" ? unquoteGitPath(parsed.from) : undefined;
    const status = parsed.new ? "added" : oldPath && oldPath !== path ? "renamed" : "modified";
    const file: ChangedFile = { path, status, addedLines, hunks };
    if (oldPath && status === "renamed") file.oldPath = oldPath;
    if (parsed.oldMode && parsed.newMode && parsed.oldMode !== parsed.newMode) file.modeChange = { from: parsed.oldMode, to: parsed.newMode };
    if (addedBytes > limits.maxFileBytes) {
      notes.push({ path, kind: "too-large", message: `${path}: ${addedBytes} bytes added, above the ${limits.maxFileBytes}-byte limit per file; not scanned.` });
      continue;
    }
    const lastHunk = parsed.chunks.at(-1);
    if (lastHunk && lastHunk.newStart + lastHunk.newLines > MAX_LINE_NUMBER) {
      notes.push({ path, kind: "too-large", message: `${path}: a hunk ends at line ${lastHunk.newStart + lastHunk.newLines - 1}, past the ${MAX_LINE_NUMBER} lines a file can have here; not scanned.` });
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
 * A line number no real source file reaches: the scan lays a file's hunks out at their line numbers
 * (sparseText), so a header claiming line 200,000,000 would otherwise build 200 million lines.
 */
export const MAX_LINE_NUMBER = 1_000_000;

/**
 * Media and fonts: binary files with no code or secrets in a form Gatehouse could read, whose note does not make
 * the scan incomplete. Any other binary file (an archive, an executable, a keystore, or a source file that git
 * takes for binary because of one NUL byte) could hide either, and blocks like any file that was not scanned.
 */
const INERT_BINARY = /\.(?:png|jpe?g|gif|webp|avif|ico|bmp|tiff?|heic|psd|woff2?|ttf|otf|eot|mp3|mp4|m4a|wav|ogg|oga|flac|webm|mov|avi|mkv|pdf)$/i;

/** The note for a binary file: only media and fonts pass without a look. */
export function binaryNote(path: string): ScanNote {
  if (INERT_BINARY.test(path)) return { path, kind: "binary", message: `${path}: binary file, not scanned.` };
  return {
    path,
    kind: "opaque-binary",
    message:
      `${path}: binary content Gatehouse cannot read, not scanned. An archive, an executable, a keystore or a source file with a NUL byte ` +
      "can hide code or secrets: review it by hand, and list it under `ignore` in `.github/gatehouse.yml` if it belongs in the repository.",
  };
}

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * parse-diff trusts each hunk header's line counts: lines past the count are dropped unread, and a hunk cut short
 * reads the next file's header as its own lines. Either way the diff was truncated or edited by hand, and a scan
 * would miss or misplace code. The message names the hunk and the line, never the line's text (it may hold a
 * secret).
 */
function checkHunkLengths(text: string): void {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop(); // the text's last newline ends a line; it starts none
  let oldLeft = 0;
  let newLeft = 0;
  let hunkLine = 0;
  let hunkJustEnded = false;
  const broken = (what: string) => new UnusableDiffError(`the diff is truncated or was edited by hand: ${what}`);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (oldLeft > 0 || newLeft > 0) {
      const kind = line[0];
      if (kind === "\\") continue;
      if (kind === "+") newLeft--;
      else if (kind === "-") oldLeft--;
      else if (kind === " " || line === "") {
        oldLeft--;
        newLeft--;
      } else throw broken(`the hunk on line ${hunkLine} declares more lines than follow it (line ${index + 1} is not one of them)`);
      if (oldLeft < 0 || newLeft < 0) throw broken(`line ${index + 1} does not fit the line counts of the hunk on line ${hunkLine}`);
      hunkJustEnded = oldLeft === 0 && newLeft === 0;
      continue;
    }
    const hunk = HUNK_HEADER.exec(line);
    if (hunk) {
      oldLeft = Number(hunk[1] ?? 1);
      newLeft = Number(hunk[2] ?? 1);
      hunkLine = index + 1;
      hunkJustEnded = oldLeft === 0 && newLeft === 0;
      continue;
    }
    // Right after a hunk, a `+` or `-` line is one the header did not count, unless it is the next file's `---`
    // or `+++` (a diff without `diff --git` lines) or the `-- ` that closes a format-patch mail.
    if (hunkJustEnded && /^[+-]/.test(line) && !/^(?:--- |\+\+\+ |-- $)/.test(line)) throw broken(`line ${index + 1} follows the hunk on line ${hunkLine} past the lines it declares`);
    if (!line.startsWith("\\")) hunkJustEnded = false;
  }
  if (oldLeft > 0 || newLeft > 0) throw broken(`the diff ends inside the hunk on line ${hunkLine}, ${Math.max(oldLeft, newLeft)} of its lines missing`);
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

/**
 * The file's text before the change, from its text after it (`newText`, or nothing for a deleted file) and the
 * hunks: undefined when `newText` is not this diff's new side, or the file did not exist before.
 */
export function oldSideText(file: ChangedFile, newText: string | undefined): string | undefined {
  if (file.status === "added") return undefined;
  if (file.status === "deleted") return file.hunks.flatMap((hunk) => hunk.oldLines ?? []).join("\n");
  if (newText === undefined || !hunksMatch(file, newText)) return undefined;
  const lines = newText.replace(/\r\n?/g, "\n").split("\n");
  // Last hunk first, so each splice leaves the earlier hunks' line numbers as they were.
  for (const hunk of [...file.hunks].reverse()) {
    // A hunk with no new lines (`+12,0`) names the line before the gap.
    const start = hunk.lines.length === 0 ? hunk.newStart : hunk.newStart - 1;
    lines.splice(start, hunk.lines.length, ...(hunk.oldLines ?? []));
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
