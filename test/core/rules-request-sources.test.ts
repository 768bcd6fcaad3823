/** Which names a handler binds to request data: the `fromRequest` rule condition reads this. */
import { describe, expect, it } from "vitest";
import type { Node } from "web-tree-sitter";
import { RuleEngine } from "../../src/core/rules/engine.js";
import { mentionsAny, requestDerivedNames } from "../../src/core/rules/request-sources.js";
import type { GrammarLanguage } from "../../src/core/languages.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const engine = new RuleEngine([], nodeGrammarLoader());
const FUNCTION_TYPES = ["function_definition", "function_declaration", "arrow_function", "method_definition"];

/** The request-derived names of each function in the file, by the function's name (or `arrow` for the first arrow). */
async function taintedByFunction(language: GrammarLanguage, source: string): Promise<Record<string, string[]>> {
  const tree = await engine.parse(language, source);
  const result: Record<string, string[]> = {};
  for (const fn of tree.rootNode.descendantsOfType(FUNCTION_TYPES)) {
    if (!fn) continue;
    const name = (fn as Node).childForFieldName("name")?.text ?? "arrow";
    result[name] = [...requestDerivedNames(fn)].sort();
  }
  return result;
}

describe("requestDerivedNames", () => {
  it("treats a Django view's arguments after `request` as URL values, except defaults and numeric types", async () => {
    const tainted = await taintedByFunction(
      "python",
      [
        "def serve_doc(request, doc_name):",
        "    return doc_name",
        "class Download(View):",
        "    def get(self, request, filename, page: int):",
        "        return filename",
        "def render_help(request, template_name='help.md'):",
        "    return template_name",
        "def helper(user, doc_name):",
        "    return doc_name",
      ].join("\n"),
    );
    expect(tainted.serve_doc).toEqual(["doc_name"]);
    expect(tainted.get).toEqual(["filename"]);
    expect(tainted.render_help).toEqual([]);
    expect(tainted.helper).toEqual([]);
  });

  it("leaves out FastAPI/Flask route arguments typed or converted as numbers or UUIDs, and annotation names", async () => {
    const tainted = await taintedByFunction(
      "python",
      [
        "@api.get('/items/{item_id}')",
        "async def item(item_id: int, receipt: UUID, name: str = Query(...), db: Session = Depends(get_db)):",
        "    return name",
        "@app.route('/orders/<int:order_id>/<slug>')",
        "def order(order_id, slug):",
        "    return slug",
      ].join("\n"),
    );
    expect(tainted.item).toEqual(["name"]);
    expect(tainted.order).toEqual(["slug"]);
  });

  it("treats NestJS @Param/@Query/@Body parameters as request values unless a parse pipe or number type converts them", async () => {
    const tainted = await taintedByFunction(
      "typescript",
      [
        "class TemplatesController {",
        "  read(@Query('file') file: string, @Param('id', ParseIntPipe) id: number, @Body() dto: CreateDto, service: Service) {",
        "    return file;",
        "  }",
        "}",
      ].join("\n"),
    );
    expect(tainted.read).toEqual(["dto", "file"]);
  });

  it("does not follow a number conversion or a lookup in an UPPER_CASE table", async () => {
    const tainted = await taintedByFunction(
      "typescript",
      [
        "app.get('/x/:id', (req, res) => {",
        "  const id = Number(req.params.id);",
        "  const page = parseInt(req.query.page) || 1;",
        "  const badge = BADGES[req.params.status] ?? 'unknown.svg';",
        "  const name = String(req.params.name);",
        "  const raw = req.params.id;",
        "});",
      ].join("\n"),
    );
    expect(tainted.arrow).toEqual(["name", "raw"]);
  });
});

describe("mentionsAny", () => {
  it("ignores a tainted name used only as a key into an UPPER_CASE table", () => {
    const names = new Set(["lang"]);
    expect(mentionsAny('os.path.join(REPORTS, BROCHURES.get(lang, "en.pdf"))', names)).toBe(false);
    expect(mentionsAny("path.join(DIR, LOCALES[lang])", names)).toBe(false);
    expect(mentionsAny("path.join(DIR, lang)", names)).toBe(true);
    expect(mentionsAny("path.join(DIR, locales[lang])", names)).toBe(true);
  });
});
