import { describe, expect, it } from "vitest";
import { parseUnifiedDiff, sparseText, UnusableDiffError } from "../../src/core/diff.js";

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
