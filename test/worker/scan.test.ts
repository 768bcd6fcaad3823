/** The same scan as in Node, inside workerd: grammars arrive as compiled modules through the bundler. */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { parseUnifiedDiff } from "../../src/core/diff.js";
import { scan } from "../../src/core/scan.js";
import { BUNDLED_RULES } from "../../src/rules.js";
import { workerGrammarLoader } from "../../src/worker/grammars.js";

const DIFF = `diff --git a/src/db.ts b/src/db.ts
--- a/src/db.ts
+++ b/src/db.ts
@@ -1,1 +1,3 @@
 import { pool } from "./pool";
+export const find = (req) => pool.query(\`SELECT * FROM users WHERE id = \${req.params.id}\`);
+export const safe = (req) => pool.query("SELECT * FROM users WHERE id = $1", [req.params.id]);
`;

describe("scan in workerd", () => {
  it("reports the interpolated query on its added line and not the bound one", async () => {
    const result = await scan(parseUnifiedDiff(DIFF), DEFAULT_CONFIG, { grammars: workerGrammarLoader }, { rules: BUNDLED_RULES });
    expect(result.findings.map((f) => [f.ruleId, f.path, f.line])).toEqual([["sql/js-template-query", "src/db.ts", 2]]);
    expect(result.findings[0]?.id).toMatch(/^GH-[0-9a-f]{8}$/);
  });
});
