import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { parseUnifiedDiff } from "../../src/core/diff.js";
import { fingerprint } from "../../src/core/fingerprint.js";
import { scan } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";
import { BUNDLED_RULES } from "../../src/rules.js";

const grammars = nodeGrammarLoader();
const vulnerable = "export const q = (req) => db.query(`SELECT * FROM t WHERE id = ${req.query.id}`);";

function diffAt(line: number, indent = ""): string {
  return `--- a/src/q.ts\n+++ b/src/q.ts\n@@ -${line},0 +${line},1 @@\n+${indent}${vulnerable}\n`;
}

describe("finding ids", () => {
  it("survive the code moving to another line and re-indenting", async () => {
    const at3 = await scan(parseUnifiedDiff(diffAt(3)), DEFAULT_CONFIG, { grammars }, { rules: BUNDLED_RULES });
    const at40 = await scan(parseUnifiedDiff(diffAt(40, "    ")), DEFAULT_CONFIG, { grammars }, { rules: BUNDLED_RULES });
    expect(at3.findings).toHaveLength(1);
    expect(at3.findings[0]?.line).toBe(3);
    expect(at40.findings[0]?.line).toBe(40);
    expect(at40.findings[0]?.id).toBe(at3.findings[0]?.id);
  });

  it("differ by rule, path and text", async () => {
    const base = await fingerprint("a/b", "x.ts", "foo(bar)");
    expect(await fingerprint("a/c", "x.ts", "foo(bar)")).not.toBe(base);
    expect(await fingerprint("a/b", "y.ts", "foo(bar)")).not.toBe(base);
    expect(await fingerprint("a/b", "x.ts", "foo(baz)")).not.toBe(base);
    expect(await fingerprint("a/b", "x.ts", "foo(bar)", 1)).not.toBe(base);
    expect(await fingerprint("a/b", "x.ts", "  foo(bar)\n")).toBe(base);
  });
});
