import { describe, expect, it } from "vitest";
import type { Node } from "web-tree-sitter";
import { assignedValues, isConstantExpression } from "../../src/core/rules/bindings.js";
import { RuleEngine } from "../../src/core/rules/engine.js";
import type { GrammarLanguage } from "../../src/core/languages.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const engine = new RuleEngine([], nodeGrammarLoader());

/** Every `${…}` substitution (JS) or `{…}` interpolation (Python) of the file, by its text. */
async function interpolations(language: GrammarLanguage, source: string): Promise<Map<string, Node>> {
  const tree = await engine.parse(language, source);
  const found = new Map<string, Node>();
  for (const node of tree.rootNode.descendantsOfType(["template_substitution", "interpolation"])) if (node) found.set(node.text, node);
  return found;
}

async function constness(language: GrammarLanguage, source: string): Promise<Record<string, boolean>> {
  const result: Record<string, boolean> = {};
  for (const [text, node] of await interpolations(language, source)) result[text] = isConstantExpression(node);
  return result;
}

describe("isConstantExpression", () => {
  it("follows JS names to literals, allow-list lookups, ternaries, constant loops and placeholder numbers", async () => {
    const source = `
      const SORTABLE = { created: "created_at", total: "total_cents" } as const;
      const TABLES = ["projects", "documents"] as const;
      import { SCHEMA } from "./config";
      export function list(sort: string, ascending: boolean, status: string | undefined, req: any) {
        const column = SORTABLE[sort];
        const direction = ascending ? "ASC" : "DESC";
        const params: unknown[] = [];
        let where = "";
        if (status) { params.push(status); where = "WHERE status = $1"; }
        for (const table of TABLES) use(\`\${table}\`);
        const { name } = req.query;
        const clauses = [];
        clauses.push(\`name = '\${name}'\`);
        const fromRequest = req.query.sort;
        const lookup = { a: "x" };
        lookup[sort] = fromRequest;
        const fixed = ["deleted_at IS NULL"];
        if (status) fixed.push("status = $1");
        return \`\${column} \${direction} \${where} \$\${params.length} \${SCHEMA} \${sort} \${name} \${clauses.join(" AND ")} \${fromRequest} \${lookup.a} \${fixed.join(" AND ")}\`;
      }`;
    expect(await constness("typescript", source)).toEqual({
      "${table}": true,
      "${column}": true,
      "${direction}": true,
      "${where}": true,
      "${params.length}": true,
      "${SCHEMA}": true,
      "${sort}": false,
      "${name}": false,
      "${clauses.join(\" AND \")}": false,
      "${fromRequest}": false,
      "${lookup.a}": false,
      '${fixed.join(" AND ")}': true,
    });
  });

  it("does the same for Python module constants, loops, conditional expressions and appended lists", async () => {
    const source = [
      'TABLE = "billing.invoices"',
      'COLUMNS = ("id", "number")',
      "def invoices(customer_id, status):",
      '    order = "DESC" if status else "ASC"',
      "    filters = []",
      '    filters.append(f"status = \'{status}\'")',
      "    for column in COLUMNS:",
      '        print(f"{column}")',
      '    return f"{TABLE} {order} {customer_id} {\' AND \'.join(filters)} {\', \'.join(COLUMNS)}"',
    ].join("\n");
    expect(await constness("python", source)).toEqual({
      "{status}": false,
      "{column}": true,
      "{TABLE}": true,
      "{order}": true,
      "{customer_id}": false,
      "{' AND '.join(filters)}": false,
      "{', '.join(COLUMNS)}": true,
    });
  });

  it("counts placeholders repeated per item as constant, and the items themselves not", async () => {
    const js = `
      export function byIds(ids: string[]) {
        return [\`\${ids.map(() => "?").join(", ")}\`, \`\${ids.map((id) => id).join(", ")}\`, \`\${ids.join(", ")}\`];
      }`;
    expect(await constness("typescript", js)).toEqual({ '${ids.map(() => "?").join(", ")}': true, '${ids.map((id) => id).join(", ")}': false, '${ids.join(", ")}': false });
    const python = [
      "def by_ids(ids):",
      '    return [f"{\', \'.join([\'%s\'] * len(ids))}", f"{\',\'.join(\'?\' for _ in ids)}", f"{\',\'.join(ids)}"]',
    ].join("\n");
    expect(await constness("python", python)).toEqual({ "{', '.join(['%s'] * len(ids))}": true, "{','.join('?' for _ in ids)}": true, "{','.join(ids)}": false });
  });

  it("treats a name one function binds as a parameter as not constant anywhere in the file", async () => {
    const source = `
      function a() { const table = "users"; return \`\${table}\`; }
      function b(table: string) { return table; }`;
    expect(await constness("typescript", source)).toEqual({ "${table}": false });
  });
});

describe("assignedValues", () => {
  it("also returns the string a wrapping call such as SQLAlchemy text() was given", async () => {
    const source = ["def run(session, tag):", "    stmt = text(f\"SELECT * FROM t WHERE tag = '{tag}'\")", "    return session.execute(stmt)"].join("\n");
    const tree = await engine.parse("python", source);
    const argument = tree.rootNode.descendantsOfType("argument_list").at(-1)?.namedChildren[0];
    expect(assignedValues(argument!).map((value) => value.text)).toEqual([
      "text(f\"SELECT * FROM t WHERE tag = '{tag}'\")",
      "f\"SELECT * FROM t WHERE tag = '{tag}'\"",
    ]);
  });

  it("returns the values assigned in the same function and at module level, not in other functions", async () => {
    const source = [
      'query = "SELECT 1"',
      "def other():",
      '    query = "DELETE FROM t"',
      "def run(cur, name):",
      "    query = f\"SELECT * FROM t WHERE name = '{name}'\"",
      '    query += " LIMIT 10"',
      "    cur.execute(query)",
    ].join("\n");
    const tree = await engine.parse("python", source);
    const argument = tree.rootNode.descendantsOfType("argument_list").at(-1)?.namedChildren[0];
    expect(argument?.text).toBe("query");
    expect(assignedValues(argument!).map((value) => value.text)).toEqual(['"SELECT 1"', "f\"SELECT * FROM t WHERE name = '{name}'\"", '" LIMIT 10"']);
  });
});
