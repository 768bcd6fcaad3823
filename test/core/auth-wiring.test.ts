/** The repository wiring the auth analyzer builds across changed files, and the gate names it infers. */
import { describe, expect, it } from "vitest";
import { authAnalyzer } from "../../src/core/analyzers/auth.js";
import { gateVocabulary } from "../../src/core/auth/vocabulary.js";
import { linkedModules, resolveModule, wiringReads } from "../../src/core/auth/wiring.js";
import type { ChangedFile } from "../../src/core/changes.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { scan } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const grammars = nodeGrammarLoader();

function changed(path: string, text: string): ChangedFile {
  return { path, status: "added", addedLines: text.split("\n").map((_, i) => i + 1), hunks: [], newText: text };
}

async function findings(files: ChangedFile[]) {
  const result = await scan({ files, notes: [] }, DEFAULT_CONFIG, { grammars }, { rules: [], analyzers: [authAnalyzer] });
  return result.findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`);
}

describe("resolveModule", () => {
  const paths = new Set(["src/routes/api.ts", "src/lib/index.js", "src/app.ts"]);
  it("resolves relative imports to changed files, with or without the emitted .js extension", () => {
    expect(resolveModule("src/app.ts", "./routes/api.js", paths)).toBe("src/routes/api.ts");
    expect(resolveModule("src/app.ts", "./routes/api", paths)).toBe("src/routes/api.ts");
    expect(resolveModule("src/routes/api.ts", "../lib", paths)).toBe("src/lib/index.js");
  });
  it("resolves nothing for packages or files the PR did not change", () => {
    expect(resolveModule("src/app.ts", "express", paths)).toBeUndefined();
    expect(resolveModule("src/app.ts", "./routes/other.js", paths)).toBeUndefined();
  });
});

describe("gate names", () => {
  const vocabulary = gateVocabulary([]);
  it("counts a demand on the caller as a gate, and a group demand as a role", () => {
    for (const name of ["requireOps", "require_support", "ensureOwner", "mustBeStaff"]) expect(vocabulary.isGate(name), name).toBe(true);
    expect(vocabulary.isRoleGate("requireOps")).toBe(true);
    expect(vocabulary.isRoleGate("requireUser")).toBe(false);
  });
  it("does not count demands on the request itself", () => {
    for (const name of ["require_POST", "require_http_methods", "requireJsonBody", "requireHTTPS", "requireFields", "require"]) expect(vocabulary.isGate(name), name).toBe(false);
  });
});

describe("routers mounted in another changed file", () => {
  const router = 'import { Router } from "express";\nexport const notesRouter = Router();\nnotesRouter.post("/", async (req, res) => res.json(await createNote(req.body)));';
  it("takes the gate at the mount", async () => {
    const app = 'import express from "express";\nimport { notesRouter } from "./routes/notes.js";\nexport const app = express();\napp.use("/notes", requireAuth, notesRouter);';
    expect(await findings([changed("src/app.ts", app), changed("src/routes/notes.ts", router)])).toEqual([]);
  });
  it("reports the route, naming the mount, when the mount has no gate", async () => {
    const app = 'import express from "express";\nimport { notesRouter } from "./routes/notes.js";\nexport const app = express();\napp.use("/notes", notesRouter);';
    const result = await scan({ files: [changed("src/app.ts", app), changed("src/routes/notes.ts", router)], notes: [] }, DEFAULT_CONFIG, { grammars }, { rules: [], analyzers: [authAnalyzer] });
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`)).toEqual(["src/routes/notes.ts:3 auth/unprotected-route"]);
    expect(result.findings[0]?.message).toContain("POST /notes");
    expect(result.findings[0]?.message).toContain("src/app.ts line 4");
  });
  it("does not take a gate registered on another app", async () => {
    const app = 'import express from "express";\nimport { notesRouter } from "./routes/notes.js";\nconst admin = express();\nadmin.use(requireAuth);\nexport const app = express();\napp.use("/notes", notesRouter);';
    expect(await findings([changed("src/app.ts", app), changed("src/routes/notes.ts", router)])).toEqual(["src/routes/notes.ts:3 auth/unprotected-route"]);
  });
});

describe("which files the wiring pass parses", () => {
  const files = [
    { path: "src/app.ts", text: `import express from "express";\nimport { adminRouter } from "./routes/admin.js";\nimport { requireAuth } from "./auth";\napp.use("/admin", requireAuth, adminRouter);` },
    { path: "src/routes/admin.ts", text: `import { Router } from "express";\nexport const adminRouter = Router();` },
    { path: "src/auth/index.ts", text: `export function requireAuth(req, res, next) {}` },
    { path: "src/lone.ts", text: `import { db } from "../db";\nexport const x = () => db.query("select 1");` },
    { path: "src/lazy.js", text: `const m = require("./lone");` },
  ];

  it("links files that import, or are imported by, another changed file, and nothing else", () => {
    expect([...linkedModules(files)].sort()).toEqual(["src/app.ts", "src/auth/index.ts", "src/lazy.js", "src/lone.ts", "src/routes/admin.ts"].sort());
    expect([...linkedModules(files.filter((f) => f.path !== "src/lazy.js"))].sort()).toEqual(["src/app.ts", "src/auth/index.ts", "src/routes/admin.ts"]);
  });

  it("reads Python modules that define classes or route URLs, and urls.py", () => {
    const none = new Set<string>();
    expect(wiringReads("app/urls.py", "", none)).toBe(true);
    expect(wiringReads("app/mixins.py", "class StaffOnly(LoginRequiredMixin):\n    pass", none)).toBe(true);
    expect(wiringReads("project/routes.py", "urlpatterns = [path('a/', views.a)]", none)).toBe(true);
    expect(wiringReads("app/util.py", "def slug(s):\n    return s.lower()", none)).toBe(false);
    expect(wiringReads("src/lone.ts", "", none)).toBe(false);
  });
});
