import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { MAX_LINE_NUMBER, oldSideText, parseUnifiedDiff, sparseText, UnusableDiffError } from "../../src/core/diff.js";
import { gate } from "../../src/core/gate.js";
import { scan } from "../../src/core/scan.js";

const MIXED = `diff --git a/a.ts b/a.ts
index 111..222 100644
--- a/a.ts
+++ b/a.ts
@@ -1,2 +1,3 @@
 const a = 1;
-const b = 2;
+const b = 3;
+const c = 4;
\\ No newline at end of file
diff --git a/img.png b/img.png
new file mode 100644
index 000..111
Binary files /dev/null and b/img.png differ
diff --git a/old.py b/new.py
similarity index 90%
rename from old.py
rename to new.py
index 1..2 100644
--- a/old.py
+++ b/new.py
@@ -3,1 +3,1 @@ def f():
-  x = 1
+  x = 2
diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
diff --git a/gone.js b/gone.js
deleted file mode 100644
index 1..0
--- a/gone.js
+++ /dev/null
@@ -1 +0,0 @@
-x
`;

describe("parseUnifiedDiff", () => {
  const changes = parseUnifiedDiff(MIXED);
  const byPath = new Map(changes.files.map((f) => [f.path, f]));

  it("reads added lines, ignoring the no-newline marker", () => {
    expect(byPath.get("a.ts")).toMatchObject({ status: "modified", addedLines: [2, 3] });
    expect(byPath.get("a.ts")?.hunks[0]?.lines).toEqual(["const a = 1;", "const b = 3;", "const c = 4;"]);
  });

  it("reads renames, mode changes and deletions", () => {
    expect(byPath.get("new.py")).toMatchObject({ status: "renamed", oldPath: "old.py", addedLines: [3] });
    expect(byPath.get("run.sh")).toMatchObject({ modeChange: { from: "100644", to: "100755" }, addedLines: [] });
    expect(byPath.get("gone.js")).toMatchObject({ status: "deleted" });
  });

  it("turns a binary file into a note, not a file", () => {
    expect(byPath.has("img.png")).toBe(false);
    expect(changes.notes).toContainEqual({ path: "img.png", kind: "binary", message: "img.png: binary file, not scanned." });
  });

  it("reads CRLF diffs like LF ones", () => {
    const crlf = parseUnifiedDiff(MIXED.replace(/\n/g, "\r\n"));
    expect(crlf.files.find((f) => f.path === "a.ts")?.hunks[0]?.lines).toEqual(["const a = 1;", "const b = 3;", "const c = 4;"]);
  });

  it("rejects input with no diff header", () => {
    expect(() => parseUnifiedDiff("hello\nworld\n")).toThrow(UnusableDiffError);
  });

  it("places hunks at their real line numbers in the sparse text", () => {
    const diff = parseUnifiedDiff("--- a/x.py\n+++ b/x.py\n@@ -10,1 +10,2 @@\n ctx\n+added\n");
    const file = diff.files[0];
    expect(file).toBeDefined();
    const lines = sparseText(file!).split("\n");
    expect(lines[9]).toBe("ctx");
    expect(lines[10]).toBe("added");
    expect(lines.length).toBe(11);
  });
});

const EVAL_FILE = `diff --git a/src/a.ts b/src/a.ts
new file mode 100644
--- /dev/null
+++ b/src/a.ts
@@ -0,0 +1,1 @@
+eval(req.query.code);
`;

describe("paths as git writes them", () => {
  it("decodes quoted paths with octal UTF-8 escapes, and keeps a folder named `a` or `b`", () => {
    const quoted = `diff --git "a/src/caf\\303\\251.ts" "b/src/caf\\303\\251.ts"\nnew file mode 100644\n--- /dev/null\n+++ "b/src/caf\\303\\251.ts"\n@@ -0,0 +1 @@\n+x\n`;
    expect(parseUnifiedDiff(quoted).files.map((f) => f.path)).toEqual(["src/café.ts"]);
    expect(parseUnifiedDiff(EVAL_FILE.replaceAll("src/a.ts", "a/inner.ts")).files.map((f) => f.path)).toEqual(["a/inner.ts"]);
  });

  it("puts a quoted binary file's note on that file, not on the file before it", () => {
    const diff = `${EVAL_FILE}diff --git "a/assets/l\\303\\266go.png" "b/assets/l\\303\\266go.png"\nnew file mode 100644\nGIT binary patch\nliteral 0\nHcmV?d00001\n\nliteral 0\nHcmV?d00001\n\n`;
    const changes = parseUnifiedDiff(diff);
    expect(changes.files.map((f) => f.path)).toEqual(["src/a.ts"]);
    expect(changes.notes).toEqual([{ path: "assets/lögo.png", kind: "binary", message: "assets/lögo.png: binary file, not scanned." }]);
  });
});

describe("binary files", () => {
  const binary = (path: string) => `diff --git a/${path} b/${path}\nnew file mode 100644\nindex 0000000..1111111\nBinary files /dev/null and b/${path} differ\n`;

  it("media and fonts pass with a note; anything else blocks as not scanned", async () => {
    for (const [path, conclusion] of [["docs/logo.png", "success"], ["fonts/a.woff2", "success"], ["src/a.ts", "failure"], ["certs/client.p12", "failure"], ["lib/tool.jar", "failure"]] as const) {
      const result = await scan(parseUnifiedDiff(binary(path)), DEFAULT_CONFIG, { grammars: { load: () => Promise.reject(new Error("no grammar needed")) } }, { rules: [] });
      expect(gate(result, DEFAULT_CONFIG).conclusion, path).toBe(conclusion);
      expect(result.notes.map((n) => n.kind)).toEqual([conclusion === "success" ? "binary" : "opaque-binary"]);
    }
  });

  it("a binary file the repository ignores is skipped, and `ignore` never covers the gate's own config", async () => {
    const config = { ...DEFAULT_CONFIG, ignore: ["**"] };
    const result = await scan(parseUnifiedDiff(binary("lib/tool.jar") + EVAL_FILE.replaceAll("src/a.ts", ".github/gatehouse.yml").replace("eval(req.query.code);", "ignore: []")), config, { grammars: { load: () => Promise.reject(new Error("no grammar needed")) } }, { rules: [] });
    expect(result.notes.map((n) => `${n.path} ${n.kind}`)).toEqual(["lib/tool.jar skipped"]);
    expect(result.stats.scannedFiles).toBe(1);
  });
});

describe("hunk line counts", () => {
  it("rejects a diff that ends inside a hunk", () => {
    expect(() => parseUnifiedDiff(EVAL_FILE.replace("+1,1 @@", "+1,40 @@"))).toThrow(/ends inside the hunk on line 5, 39 of its lines missing/);
  });

  it("rejects added lines past a hunk's count, without printing them", () => {
    const extra = EVAL_FILE + "+const token = 'ghp_notreallyasecret';\n";
    expect(() => parseUnifiedDiff(extra)).toThrow(UnusableDiffError);
    expect(() => parseUnifiedDiff(extra)).toThrow(/line 7 follows the hunk on line 5/);
    try {
      parseUnifiedDiff(extra);
    } catch (error) {
      expect((error as Error).message).not.toContain("ghp_");
    }
  });

  it("rejects a hunk that would read the next file's header as its own lines", () => {
    expect(() => parseUnifiedDiff(EVAL_FILE.replace("+1,1 @@", "+1,2 @@") + EVAL_FILE.replaceAll("src/a.ts", "src/b.ts"))).toThrow(/declares more lines than follow it \(line 7/);
  });

  it("accepts what git writes: no-newline markers, empty context lines, a format-patch signature", () => {
    const patch = "--- a/x.ts\n+++ b/x.ts\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n\\ No newline at end of file\n-- \n2.39.5\n";
    expect(parseUnifiedDiff(patch).files[0]?.addedLines).toEqual([3]);
    const plain = "--- /dev/null\n+++ b/a.ts\n@@ -0,0 +1 @@\n+a\n--- /dev/null\n+++ b/b.ts\n@@ -0,0 +1 @@\n+b\n";
    expect(parseUnifiedDiff(plain).files.map((f) => f.path)).toEqual(["a.ts", "b.ts"]);
  });

  it("notes a hunk placed past any real file's length instead of laying out its lines", () => {
    const far = parseUnifiedDiff(EVAL_FILE.replace("@@ -0,0 +1,1 @@", `@@ -0,0 +${MAX_LINE_NUMBER + 1},1 @@`));
    expect(far.files).toEqual([]);
    expect(far.notes[0]).toMatchObject({ path: "src/a.ts", kind: "too-large" });
  });
});

describe("oldSideText", () => {
  it("reads a file back to before the change: edited through its hunks, deleted from its removed lines, added as nothing", () => {
    const edited = parseUnifiedDiff("--- a/c.yml\n+++ b/c.yml\n@@ -1,3 +1,3 @@\n version: 1\n-threshold: medium\n+ignore: [x]\n a: b\n@@ -9,1 +9,0 @@\n-z: 1\n").files[0]!;
    const after = ["version: 1", "ignore: [x]", "a: b", "4", "5", "6", "7", "8", "9"].join("\n");
    expect(oldSideText(edited, after)).toBe(["version: 1", "threshold: medium", "a: b", "4", "5", "6", "7", "8", "9", "z: 1"].join("\n"));
    expect(oldSideText(edited, "not the new side")).toBeUndefined();
    const deleted = parseUnifiedDiff("diff --git a/c.yml b/c.yml\ndeleted file mode 100644\n--- a/c.yml\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-version: 1\n-threshold: low\n\\ No newline at end of file\n").files[0]!;
    expect(oldSideText(deleted, undefined)).toBe("version: 1\nthreshold: low");
    expect(oldSideText(parseUnifiedDiff(EVAL_FILE).files[0]!, "eval(req.query.code);")).toBeUndefined();
  });
});
