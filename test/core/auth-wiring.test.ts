/** The repository wiring the auth analyzer builds across changed files, and the gate names it infers. */
import { describe, expect, it } from "vitest";
import { authAnalyzer } from "../../src/core/analyzers/auth.js";
import { gateVocabulary } from "../../src/core/auth/vocabulary.js";
import { wiringPassNeedsTree } from "../../src/core/auth/discover.js";
import { importLinks, linkedModules, resolveModule, wiringReads } from "../../src/core/auth/wiring.js";
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

  it("reads each pass only from files that can give it something: exports from imported files, mounts from importing ones", () => {
    const links = importLinks(files, new Set(files.map((f) => f.path)));
    const needs = (path: string, pass: "exports" | "mounts") => wiringPassNeedsTree(path, "typescript", pass, files.find((f) => f.path === path)!.text, links);
    expect(needs("src/app.ts", "mounts")).toBe(true);
    expect(needs("src/app.ts", "exports")).toBe(false); // nobody imports the entry point
    expect(needs("src/auth/index.ts", "exports")).toBe(true);
    expect(needs("src/auth/index.ts", "mounts")).toBe(false); // imports no changed file
    expect(wiringPassNeedsTree("app/views.py", "python", "exports", "", links)).toBe(true);
  });

  it("finds every import source among the text's quoted strings, whatever quotes or comments surround it", () => {
    const paths = new Set(["src/app.js", "src/routes.js", "src/index.ts", "src/sub/a.ts"]);
    const texts = [
      // The stray quote in the comment must not pair with the opening quote of the import below it.
      { path: "src/app.js", text: "// don'.t edit\nconst routes = require(`./routes`);\nconst more = require('./routes');" },
      { path: "src/sub/a.ts", text: 'import { x } from /* parent */ "..";' },
    ];
    const links = importLinks(texts, paths);
    expect([...links.importers].sort()).toEqual(["src/app.js", "src/sub/a.ts"]);
    expect([...links.targets].sort()).toEqual(["src/index.ts", "src/routes.js"]);
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

describe("wiring from files outside the first batch of the scan", () => {
  // A change over 512 KB is cut into batches, and a first file larger than a batch leaves every other file to a
  // later batch, so the wiring parses them itself.
  const padding = changed("src/generated/big.ts", `// ${"x".repeat(600_000)}\n`);
  const router = 'import { Router } from "express";\nimport { db } from "../db.js";\nexport const notesRouter = Router();\nnotesRouter.post("/", async (req, res) => res.json(await db.notes.create(req.body)));';
  const app = 'import express from "express";\nimport { notesRouter } from "./routes/notes.js";\nimport { teamSession } from "./middleware/team.js";\nconst app = express();\napp.use("/notes", teamSession, notesRouter);';
  const db = "export const db = {};";

  it("takes a gate exported by one later file at a mount in another", async () => {
    const middleware = "export function teamSession(req, res, next) {\n  if (!req.session?.user) return res.status(401).end();\n  next();\n}";
    const files = [padding, changed("src/app.ts", app), changed("src/routes/notes.ts", router), changed("src/middleware/team.ts", middleware), changed("src/db.ts", db)];
    expect(await findings(files)).toEqual([]);
  });

  it("reports the route when the imported middleware checks nobody", async () => {
    const middleware = "export function teamSession(req, res, next) {\n  req.startedAt = Date.now();\n  next();\n}";
    const files = [padding, changed("src/app.ts", app), changed("src/routes/notes.ts", router), changed("src/middleware/team.ts", middleware), changed("src/db.ts", db)];
    expect(await findings(files)).toEqual(["src/routes/notes.ts:4 auth/unprotected-route"]);
  });
});
