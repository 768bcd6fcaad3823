/**
 * mayDeclareRoutes (auth/discover.ts) lets the auth analyzer skip a file before parsing it. It must answer yes
 * for every file in which discoverRoutes finds a route: checked on every JS/TS file of the fixtures and rule
 * examples, and on the shapes a text test could miss. mayMount, which lets the wiring's mounts pass skip a file,
 * is checked the same way against the calls that pass reads.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { Parser, type Node } from "web-tree-sitter";
import { discoverRoutes, mayDeclareRoutes, mayMount } from "../../src/core/auth/discover.js";
import { memberCalls } from "../../src/core/auth/js-registrations.js";
import { gateVocabulary } from "../../src/core/auth/vocabulary.js";
import { emptyRepoWiring } from "../../src/core/auth/wiring.js";
import { languageForPath } from "../../src/core/languages.js";
import { freeTree } from "../../src/core/tree-caches.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const root = join(import.meta.dirname, "../..");
const grammars = nodeGrammarLoader();
const vocabulary = gateVocabulary([]);

type JsLanguage = "typescript" | "tsx" | "javascript";
const jsLanguage = (path: string): JsLanguage | undefined => {
  const language = languageForPath(path);
  return language === "typescript" || language === "tsx" || language === "javascript" ? language : undefined;
};

function jsFilesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((path) => jsLanguage(path) !== undefined);
}

async function withRoot<T>(path: string, text: string, read: (root: Node) => T): Promise<T> {
  const grammar = await grammars.load(jsLanguage(path)!); // starts web-tree-sitter, which a Parser needs first
  const parser = new Parser();
  parser.setLanguage(grammar);
  const tree = parser.parse(text)!;
  try {
    return read(tree.rootNode);
  } finally {
    freeTree(tree);
    parser.delete();
  }
}

const routesIn = (path: string, text: string) => withRoot(path, text, (root) => discoverRoutes(root, path, jsLanguage(path)!, vocabulary, emptyRepoWiring(new Set([path]))).length);

/** The calls the mounts pass can record a mount from (js-wiring.ts: `use` calls and Fastify registrations). */
const MOUNT_METHODS = new Set(["use", "route", "all", "register"]);
const mountCallsIn = (path: string, text: string) => withRoot(path, text, (root) => memberCalls(root).filter((call) => MOUNT_METHODS.has(call.method)).length);

/**
 * Runs `hint` and the syntax read it stands for (`found`) on every JS/TS file of the fixtures and rule examples:
 * the hint must say yes wherever the read finds something. How many files had something, and how many the hint skips.
 */
async function checkHintOnExamples(hint: (path: string, text: string) => boolean, found: (path: string, text: string) => Promise<number>, what: string): Promise<{ found: number; skipped: number }> {
  const counts = { found: 0, skipped: 0 };
  for (const path of [...jsFilesUnder("fixtures"), ...jsFilesUnder("rules")]) {
    const text = readFileSync(join(root, path), "utf8");
    const hinted = hint(path, text);
    if (!hinted) counts.skipped += 1;
    if ((await found(path, text)) === 0) continue;
    counts.found += 1;
    expect(hinted, `${path} ${what}`).toBe(true);
  }
  return counts;
}

/** For each shape, the syntax read finds something and the hint says yes. */
async function expectHintSeesShapes(shapes: readonly string[], found: (text: string) => Promise<number>, hint: (text: string) => boolean): Promise<void> {
  for (const text of shapes) {
    expect(await found(text), text).toBeGreaterThan(0);
    expect(hint(text), text).toBe(true);
  }
}

describe("mayDeclareRoutes", () => {
  it("says yes for every fixture and rule example in which a route is found, and skips many that have none", async () => {
    expect(jsFilesUnder("fixtures").length + jsFilesUnder("rules").length).toBeGreaterThan(300);
    const { found, skipped } = await checkHintOnExamples((path, text) => mayDeclareRoutes(path, jsLanguage(path)!, text), routesIn, "declares a route");
    expect(found).toBeGreaterThan(50);
    expect(skipped).toBeGreaterThan(50);
  });

  it("sees routes through comments, type arguments, optional chaining, chains and template paths", async () => {
    const shapes = [
      'app.get(/* list */ "/orders", list);',
      "app.get(\n  // the list\n  '/orders', list);",
      'app.get<{ Params: { id: string } }>("/orders/:id", show);',
      'app?.delete("/orders/:id", remove);',
      "router\n  .post(`/orders`, create);",
      'router.route("/orders").get(list).post(create);',
      'app.on(["GET", "POST"], "/orders", handle);',
      'fastify.route({ method: "GET", url: "/orders", handler: list });',
      'app.all("*", fallback);',
    ];
    await expectHintSeesShapes(shapes, (text) => routesIn("src/routes.ts", text), (text) => mayDeclareRoutes("src/routes.ts", "typescript", text));
  });

  it("knows NestJS controllers, server actions and Next.js route files without reading for calls", () => {
    expect(mayDeclareRoutes("src/orders.controller.ts", "typescript", "@Controller('orders') class C { @Get(':id') find() {} }")).toBe(true);
    expect(mayDeclareRoutes("app/actions.ts", "typescript", '"use server";\nexport async function save() {}')).toBe(true);
    expect(mayDeclareRoutes("app/api/orders/route.ts", "typescript", "export const GET = handler;")).toBe(true);
    expect(mayDeclareRoutes("pages/api/orders.js", "javascript", "export default handler;")).toBe(true);
  });

  it("skips files whose calls cannot register a route, and test files", () => {
    expect(mayDeclareRoutes("src/cache.ts", "typescript", "const hit = cache.get(key);\nconst h = headers.get('x-id');")).toBe(false);
    expect(mayDeclareRoutes("src/math.ts", "typescript", "export const one = (x: number) => x + 1;")).toBe(false);
    expect(mayDeclareRoutes("test/routes.test.ts", "typescript", 'app.get("/orders", list);')).toBe(false);
    expect(mayDeclareRoutes("app/views.py", "python", "def slug(s):\n    return s.lower()")).toBe(true);
  });
});

describe("mayMount", () => {
  it("says yes for every fixture and rule example with a call the mounts pass reads, and skips many without", async () => {
    const { found, skipped } = await checkHintOnExamples((_path, text) => mayMount(text), mountCallsIn, "has a use/route/all/register call");
    expect(found).toBeGreaterThan(50);
    expect(skipped).toBeGreaterThan(100);
  });

  it("sees mounts through comments, type arguments, optional chaining, chains and tagged templates", async () => {
    const shapes = [
      'app.use(/* api */ "/api", requireAuth, apiRouter);',
      "app\n  .use(\n    // the api\n    apiRouter);",
      "app./* mount */use(apiRouter);",
      "app.use<Env>(apiRouter);",
      "app?.use(apiRouter);",
      'app.route("/admin", adminApp);',
      'app.all("*", gate);',
      'fastify.register(orders, { prefix: "/orders" });',
      "app.use`x`;",
    ];
    await expectHintSeesShapes(shapes, (text) => mountCallsIn("src/app.ts", text), mayMount);
    expect(mayMount('import { db } from "./db";\nexport const users = () => db.query("select 1");')).toBe(false);
  });
});
