/** Per-framework positives and negatives for the auth analyzer, plus the "only what the PR touched" contract. */
import { describe, expect, it } from "vitest";
import { authAnalyzer } from "../../src/core/analyzers/auth.js";
import type { ChangedFile } from "../../src/core/changes.js";
import { DEFAULT_CONFIG, type Config } from "../../src/core/config.js";
import { parseUnifiedDiff } from "../../src/core/diff.js";
import { scan } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const grammars = nodeGrammarLoader();

function changed(path: string, text: string, addedLines?: number[]): ChangedFile {
  const count = text.split("\n").length;
  return { path, status: "added", addedLines: addedLines ?? Array.from({ length: count }, (_, i) => i + 1), hunks: [], newText: text };
}

async function findings(files: ChangedFile[], config: Config = DEFAULT_CONFIG) {
  const result = await scan({ files, notes: [] }, config, { grammars }, { rules: [], analyzers: [authAnalyzer] });
  expect(result.notes).toEqual([]);
  return result.findings;
}

const rules = async (path: string, text: string) => (await findings([changed(path, text)])).map((f) => `${f.ruleId}@${f.line}`);

describe("per framework", () => {
  const cases: Array<{ name: string; path: string; bad: string; good: string; rule?: string }> = [
    {
      name: "express",
      path: "src/routes.ts",
      bad: `const router = express.Router();\nrouter.post("/orders", async (req, res) => res.json(await create(req.body)));`,
      good: `const router = express.Router();\nrouter.post("/orders", requireAuth, async (req, res) => res.json(await create(req.user.id, req.body)));`,
    },
    {
      name: "hono",
      path: "src/index.ts",
      bad: `import { Hono } from "hono";\nconst app = new Hono();\napp.post("/api/notes", async (c) => c.json(await create(await c.req.json())));`,
      good: `import { Hono } from "hono";\nimport { jwt } from "hono/jwt";\nconst app = new Hono();\napp.use("*", jwt({ secret: "s" }));\napp.post("/api/notes", async (c) => c.json(await create(c.get("jwtPayload").sub)));`,
      rule: "auth/unprotected-route@3",
    },
    {
      name: "fastify",
      path: "src/plugin.ts",
      bad: `import type { FastifyInstance } from "fastify";\nexport default async (fastify: FastifyInstance) => {\n  fastify.post("/cards", async (request) => createCard(request.body));\n};`,
      good: `import type { FastifyInstance } from "fastify";\nexport default async (fastify: FastifyInstance) => {\n  fastify.post("/cards", { preHandler: [fastify.authenticate] }, async (request) => createCard(request.user.id, request.body));\n};`,
      rule: "auth/unprotected-route@3",
    },
    {
      name: "koa",
      path: "src/routes.js",
      bad: `const Router = require("@koa/router");\nconst router = new Router();\nrouter.delete("/cards", async (ctx) => { ctx.body = await clearCards(); });`,
      good: `const Router = require("@koa/router");\nconst router = new Router();\nrouter.delete("/cards", requireUser, async (ctx) => { ctx.body = await clearCards(ctx.state.user.id); });`,
      rule: "auth/unprotected-route@3",
    },
    {
      name: "next.js app router",
      path: "app/api/cards/route.ts",
      bad: `export async function POST(request: Request) {\n  return Response.json(await createCard(await request.json()));\n}`,
      good: `export async function POST(request: Request) {\n  const session = await getServerSession(authOptions);\n  if (!session) return new Response(null, { status: 401 });\n  return Response.json(await createCard(session.user.id, await request.json()));\n}`,
      rule: "auth/unprotected-route@1",
    },
    {
      name: "next.js pages api",
      path: "src/pages/api/cards.ts",
      bad: `export default async function handler(req, res) {\n  res.json(await listAllCards());\n}`,
      good: `export default withApiAuthRequired(async function handler(req, res) {\n  res.json(await listCards(req));\n});`,
      rule: "auth/unprotected-route@1",
    },
    {
      name: "nestjs",
      path: "src/cards.controller.ts",
      bad: `@Controller("cards")\nexport class CardsController {\n  @Post()\n  create(@Body() body) { return this.cards.create(body); }\n}`,
      good: `@Controller("cards")\n@UseGuards(JwtAuthGuard)\nexport class CardsController {\n  @Post()\n  create(@Req() req, @Body() body) { return this.cards.create(req.user.id, body); }\n}`,
      rule: "auth/unprotected-route@3",
    },
    {
      name: "fastapi",
      path: "app/cards.py",
      bad: `from fastapi import APIRouter\nrouter = APIRouter()\n@router.post("/cards")\ndef create(body: CardIn):\n    return save(body)`,
      good: `from fastapi import APIRouter, Depends\nrouter = APIRouter()\n@router.post("/cards")\ndef create(body: CardIn, user: User = Depends(get_current_user)):\n    return save(user.id, body)`,
      rule: "auth/unprotected-route@3",
    },
    {
      name: "flask",
      path: "app/views.py",
      bad: `from flask import Flask\napp = Flask(__name__)\n@app.route("/cards", methods=["POST"])\ndef create():\n    return save()`,
      good: `from flask import Flask\napp = Flask(__name__)\n@app.route("/cards", methods=["POST"])\n@login_required\ndef create():\n    return save()`,
      rule: "auth/unprotected-route@3",
    },
    {
      name: "django",
      path: "cards/views.py",
      bad: `from django.http import JsonResponse\ndef create_card(request):\n    return JsonResponse(save(request.POST))`,
      good: `from django.contrib.auth.decorators import login_required\nfrom django.http import JsonResponse\n@login_required\ndef create_card(request):\n    return JsonResponse(save(request.user, request.POST))`,
      rule: "auth/unprotected-route@2",
    },
  ];
  for (const testCase of cases) {
    it(`${testCase.name}: reports an unguarded route`, async () => {
      expect(await rules(testCase.path, testCase.bad)).toEqual([testCase.rule ?? "auth/unprotected-route@2"]);
    });
    it(`${testCase.name}: stays quiet on a guarded one`, async () => {
      expect(await rules(testCase.path, testCase.good)).toEqual([]);
    });
  }
});

describe("what the PR touched", () => {
  const file = [
    'import { Router } from "express";', // 1
    "export const router = Router();", // 2
    'router.get("/legacy", async (req, res) => res.json(await legacy()));', // 3
    'router.post("/fresh", async (req, res) => res.json(await fresh(req.body)));', // 4
  ].join("\n");

  it("reports the changed route and not the untouched one in the same file", async () => {
    const result = await findings([changed("src/routes.ts", file, [4])]);
    expect(result.map((f) => [f.line, f.message])).toEqual([[4, expect.stringContaining("`POST /fresh`")]]);
  });

  it("reports nothing for a file whose changed lines hold no route", async () => {
    expect(await findings([changed("src/routes.ts", `${file}\n// a comment`, [5])])).toEqual([]);
  });

  it("works on a bare diff (sparse text, no full file)", async () => {
    const diff = [
      "diff --git a/src/routes.ts b/src/routes.ts",
      "--- a/src/routes.ts",
      "+++ b/src/routes.ts",
      "@@ -10,2 +10,5 @@",
      " const router = Router();",
      ' router.get("/old", requireAuth, (req, res) => res.json(req.user));',
      '+router.delete("/users/:id", async (req, res) => {',
      "+  res.json(await removeUser(req.params.id));",
      "+});",
    ].join("\n");
    const result = await scan(parseUnifiedDiff(diff), DEFAULT_CONFIG, { grammars }, { rules: [], analyzers: [authAnalyzer] });
    expect(result.findings.map((f) => [f.ruleId, f.line, f.severity])).toEqual([["auth/unprotected-route", 12, "critical"]]);
    expect(result.findings[0]?.fix.prompt).toContain("`requireAuth`");
  });
});

describe("messages and fixes", () => {
  it("names the route, says what was searched, and names the file's own gate in the fix", async () => {
    const text = [
      'import { Router } from "express";',
      "export const router = Router();",
      'router.get("/a", checkJwt, (req, res) => res.json(req.user));',
      'router.post("/api/users/:id", (req, res) => res.json(update(req.params.id)));',
    ].join("\n");
    const [finding] = await findings([changed("src/r.ts", text)]);
    expect(finding?.message).toBe(
      "`POST /api/users/:id` has no authentication gate: no auth middleware on the route, no `router.use()` gate registered before line 4, no session or token check in the handler's first statements.",
    );
    expect(finding?.fix.prompt).toContain("Protect `POST /api/users/:id` with `checkJwt`, as the other routes in this file do");
    expect(finding).toMatchObject({ category: "auth", severity: "critical", cwe: "CWE-306" });
  });

  it("uses the configured gate names and public globs", async () => {
    const text = 'const router = Router();\nrouter.post("/teams", mustBelongToTeam, (req, res) => res.json(1));\nrouter.get("/docs-site/page", (req, res) => res.send("x"));';
    const config: Config = { ...DEFAULT_CONFIG, auth: { gates: ["mustBelongToTeam"], public: ["/docs-site/**"] } };
    expect(await findings([changed("src/r.ts", text)], config)).toEqual([]);
    expect((await findings([changed("src/r.ts", text)])).map((f) => f.line)).toEqual([2, 3]);
  });

  it("reports BOLA with CWE-639 and a missing role check with CWE-285", async () => {
    const text = [
      'const router = Router();',
      'router.get("/invoices/:id", requireAuth, async (req, res) => res.json(await Invoice.findById(req.params.id)));',
      'router.post("/admin/reindex", requireAuth, async (req, res) => res.json(await reindex()));',
    ].join("\n");
    const result = await findings([changed("src/r.ts", text)]);
    expect(result.map((f) => [f.ruleId, f.line, f.cwe])).toEqual([
      ["auth/bola", 2, "CWE-639"],
      ["auth/missing-role-check", 3, "CWE-285"],
    ]);
  });
});
