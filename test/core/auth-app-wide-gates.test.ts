/**
 * Gates the auth analyzer finds outside the route's own code: application-wide gates declared in another changed
 * file (settings.py, APP_GUARD, middleware.ts, app-level hooks), Fastify plugin scopes, `.unless()` exemptions,
 * and routes their code marks public. Each shape has its counterpart that must still be reported.
 */
import { describe, expect, it } from "vitest";
import { authAnalyzer } from "../../src/core/analyzers/auth.js";
import { nextMiddlewareFor, emptyGlobalGates } from "../../src/core/auth/global-gates.js";
import type { ChangedFile } from "../../src/core/changes.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { scan } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const grammars = nodeGrammarLoader();

function changed(path: string, text: string): ChangedFile {
  return { path, status: "added", addedLines: text.split("\n").map((_, i) => i + 1), hunks: [], newText: text };
}

async function scanned(files: ChangedFile[]) {
  const result = await scan({ files, notes: [] }, DEFAULT_CONFIG, { grammars }, { rules: [], analyzers: [authAnalyzer] });
  return result.findings;
}

async function findings(files: ChangedFile[]) {
  return (await scanned(files)).map((f) => `${f.path}:${f.line} ${f.ruleId}`);
}

const lines = (...text: string[]) => text.join("\n");

describe("Django settings", () => {
  const view = lines("from django.http import JsonResponse", "from django.contrib.auth.decorators import login_not_required", "", "def notes(request):", "    return JsonResponse(list_notes(request.user))", "", "@login_not_required", "def pricing(request):", "    return JsonResponse(PLANS)");
  it("counts LoginRequiredMiddleware as a gate on every view, except those marked @login_not_required", async () => {
    const settings = 'MIDDLEWARE = ["django.contrib.auth.middleware.AuthenticationMiddleware", "django.contrib.auth.middleware.LoginRequiredMiddleware"]';
    expect(await findings([changed("config/settings.py", settings), changed("notes/views.py", view)])).toEqual([]);
  });
  it("reports the view when MIDDLEWARE has no login middleware", async () => {
    const settings = 'MIDDLEWARE = ["django.contrib.auth.middleware.AuthenticationMiddleware"]';
    expect(await findings([changed("config/settings.py", settings), changed("notes/views.py", view)])).toEqual(["notes/views.py:4 auth/unprotected-route"]);
  });
  it("names an AllowAny REST_FRAMEWORK default in the message, with medium confidence", async () => {
    const settings = 'REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"]}';
    const views = lines("from rest_framework import viewsets", "", "class RefundViewSet(viewsets.ModelViewSet):", "    queryset = Refund.objects.all()");
    const [finding, ...rest] = await scanned([changed("config/settings.py", settings), changed("billing/views.py", views)]);
    expect(rest).toEqual([]);
    expect(finding?.line).toBe(3);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.message).toContain("AllowAny");
  });
  it("counts an IsAuthenticated REST_FRAMEWORK default as the gate of views without permission_classes", async () => {
    const settings = 'REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}';
    const views = lines("from rest_framework import viewsets", "", "class RefundViewSet(viewsets.ModelViewSet):", "    queryset = Refund.objects.all()");
    expect(await findings([changed("config/settings.py", settings), changed("billing/views.py", views)])).toEqual([]);
  });
});

describe("NestJS global guards", () => {
  const controller = lines('import { Controller, Post, Body } from "@nestjs/common";', "", '@Controller("exports")', "export class ExportsController {", '  @Post("customers")', "  run(@Body() body: ExportDto) {", "    return this.exports.run(body);", "  }", "}");
  it("counts an auth guard registered as APP_GUARD in the module", async () => {
    const module = 'import { APP_GUARD } from "@nestjs/core";\n@Module({ providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })\nexport class AppModule {}';
    expect(await findings([changed("src/app.module.ts", module), changed("src/exports/exports.controller.ts", controller)])).toEqual([]);
  });
  it("does not count a rate-limiting APP_GUARD", async () => {
    const module = 'import { APP_GUARD } from "@nestjs/core";\n@Module({ providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }] })\nexport class AppModule {}';
    expect(await findings([changed("src/app.module.ts", module), changed("src/exports/exports.controller.ts", controller)])).toEqual(["src/exports/exports.controller.ts:5 auth/unprotected-route"]);
  });
});

describe("Next.js middleware matchers", () => {
  it("protects the paths the matcher names and no others", () => {
    const global = emptyGlobalGates();
    global.nextMiddleware.push({ name: "next-auth middleware", file: "middleware.ts", line: 1, patterns: ["/api/projects/:path*", "/dashboard/:path*"], patternsArePublic: false });
    expect(nextMiddlewareFor(global, "/api/projects")).toBeDefined();
    expect(nextMiddlewareFor(global, "/api/projects/[id]/members")).toBeDefined();
    expect(nextMiddlewareFor(global, "/api/exports")).toBeUndefined();
  });
  it("reads Clerk's `if (!isPublicRoute(req)) auth.protect()` as protecting everything else", () => {
    const global = emptyGlobalGates();
    global.nextMiddleware.push({ name: "clerkMiddleware", file: "middleware.ts", line: 3, patterns: ["/", "/api/webhooks(.*)"], patternsArePublic: true });
    expect(nextMiddlewareFor(global, "/api/teams")).toBeDefined();
    expect(nextMiddlewareFor(global, "/api/webhooks/clerk")).toBeUndefined();
  });
});

describe("Fastify plugin scopes", () => {
  const header = 'import Fastify from "fastify";\nimport fp from "fastify-plugin";\nconst app = Fastify();\nconst auth = fp(async (f) => { f.addHook("onRequest", f.authenticate); });';
  it("lets an fp plugin's hook cover what is registered after it", async () => {
    const app = `${header}\napp.register(auth);\napp.register(async (f) => { f.get("/orders", async () => listOrders()); });`;
    expect(await findings([changed("src/app.ts", app)])).toEqual([]);
  });
  it("does not let it cover a plugin registered before it", async () => {
    const app = `${header}\napp.register(async (f) => { f.get("/orders", async () => listOrders()); });\napp.register(auth);`;
    expect(await findings([changed("src/app.ts", app)])).toEqual(["src/app.ts:5 auth/unprotected-route"]);
  });
  it("does not let a hook in one encapsulated plugin cover a sibling plugin", async () => {
    const app = `${header}\napp.register(async (f) => { f.addHook("onRequest", f.authenticate); f.get("/a", async () => a()); });\napp.register(async (f) => { f.post("/b", async () => b()); });`;
    expect(await findings([changed("src/app.ts", app)])).toEqual(["src/app.ts:6 auth/unprotected-route"]);
  });
});

describe("exemptions and public markers", () => {
  it("reports a route listed in express-jwt's `.unless()` and not one the gate covers", async () => {
    const app = lines('import express from "express";', 'import { expressjwt } from "express-jwt";', "const app = express();", 'app.use(expressjwt({ secret, algorithms: ["HS256"] }).unless({ path: ["/login", "/reports/export"] }));', 'app.get("/reports", async (req, res) => res.json(await reportsFor(req.auth.sub)));', 'app.get("/reports/export", async (req, res) => res.json(await allReports()));');
    expect(await findings([changed("src/app.ts", app)])).toEqual(["src/app.ts:6 auth/unprotected-route"]);
  });
  it("takes a comment that declares a route public, but not one that only mentions the word", async () => {
    const routes = lines(
      'import { Router } from "express";',
      "export const router = Router();",
      'router.get("/account", requireAuth, (req, res) => res.json(req.user));',
      "// Public: the signup form reads this before anyone has an account.",
      'router.get("/timezones", (req, res) => res.json(TIMEZONES));',
      "// This is not public; it lists every customer.",
      'router.get("/customers", async (req, res) => res.json(await db.customer.findMany()));',
    );
    expect(await findings([changed("src/routes.ts", routes)])).toEqual(["src/routes.ts:7 auth/unprotected-route"]);
  });
  it("does not let a comment make a write to an account path public", async () => {
    const routes = lines('import { Router } from "express";', "export const router = Router();", "// Public endpoint", 'router.delete("/users/:id", async (req, res) => res.json(await db.user.delete({ where: { id: req.params.id } })));');
    expect(await findings([changed("src/routes.ts", routes)])).toEqual(["src/routes.ts:4 auth/unprotected-route"]);
  });
  it("does not take a data getter named like a caller check (`getUserById(id)`) for one", async () => {
    const routes = lines('import { Router } from "express";', "export const router = Router();", 'router.get("/profiles/:id/export", async (req, res) => {', "  const user = await getUserById(req.params.id);", "  res.json(user);", "});");
    expect(await findings([changed("src/routes.ts", routes)])).toEqual(["src/routes.ts:3 auth/unprotected-route"]);
  });
});

describe("Flask and FastAPI across modules", () => {
  it("takes a blueprint's before_request hook from the package that defines it", async () => {
    const init = lines("from flask import Blueprint, abort", "from flask_login import current_user", "", 'bp = Blueprint("reports", __name__)', "", "@bp.before_request", "def gate():", "    if not current_user.is_authenticated:", "        abort(401)");
    const routes = lines("from flask import jsonify", "from app.reports import bp", "", '@bp.post("/reports")', "def create_report():", "    return jsonify(save_report())");
    expect(await findings([changed("app/reports/__init__.py", init), changed("app/reports/routes.py", routes)])).toEqual([]);
    expect(await findings([changed("app/reports/routes.py", routes)])).toEqual(["app/reports/routes.py:4 auth/unprotected-route"]);
  });
  it("reports a route the app-wide hook lets through by name, and not the ones it checks", async () => {
    const init = lines(
      "from flask import Flask, redirect, request, url_for",
      "from flask_login import current_user",
      "",
      "app = Flask(__name__)",
      'PUBLIC_ENDPOINTS = {"login", "export_all"}',
      "",
      "@app.before_request",
      "def require_login():",
      "    if request.endpoint in PUBLIC_ENDPOINTS:",
      "        return None",
      "    if not current_user.is_authenticated:",
      '        return redirect(url_for("login"))',
    );
    const routes = lines("from flask import jsonify", "from app import app", "", '@app.get("/projects")', "def projects():", "    return jsonify(list_projects(current_user))", "", '@app.get("/export")', "def export_all():", "    return jsonify(dump_everything())");
    expect(await findings([changed("app/__init__.py", init), changed("app/views.py", routes)])).toEqual(["app/views.py:8 auth/unprotected-route"]);
  });
  it("reports a route an HTTP middleware leaves open through its `not in OPEN_PATHS` test", async () => {
    const main = lines(
      "from fastapi import FastAPI, Request",
      "from fastapi.responses import JSONResponse",
      "",
      "app = FastAPI()",
      'OPEN_PATHS = {"/health", "/exports"}',
      "",
      '@app.middleware("http")',
      "async def require_session(request: Request, call_next):",
      "    if request.url.path not in OPEN_PATHS:",
      '        user = decode_session(request.headers.get("authorization"))',
      "        if user is None:",
      '            return JSONResponse({"detail": "Not authenticated"}, status_code=401)',
      "    return await call_next(request)",
      "",
      '@app.post("/documents")',
      "async def create_document(body: dict):",
      "    return await documents.create(**body)",
      "",
      '@app.get("/exports")',
      "async def exports():",
      "    return await documents.dump()",
    );
    expect(await findings([changed("app/main.py", main)])).toEqual(["app/main.py:19 auth/unprotected-route"]);
  });
  it("takes the dependencies main.py includes a router with", async () => {
    const main = lines("from fastapi import Depends, FastAPI", "from app.routers import items", "", "app = FastAPI()", "app.include_router(items.router, dependencies=[Depends(get_current_active_user)])");
    const items = lines("from fastapi import APIRouter", "", "router = APIRouter()", "", '@router.delete("/items/{item_id}")', "async def delete_item(item_id: int):", "    return await items_table.delete_for(item_id)");
    const withGate = await findings([changed("app/main.py", main), changed("app/routers/items.py", items)]);
    expect(withGate.every((f) => !f.includes("unprotected-route"))).toBe(true);
    expect(await findings([changed("app/routers/items.py", items)])).toEqual(["app/routers/items.py:5 auth/unprotected-route"]);
  });
});
