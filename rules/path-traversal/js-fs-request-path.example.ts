// Examples for path-traversal/js-fs-request-path. `expect:` lines must fire, `ok:` lines must stay quiet.
import fs from "node:fs";
import { readFile, unlink } from "node:fs/promises";
import path from "node:path";
import express from "express";
import { documents } from "./db";

const app = express();
const UPLOAD_DIR = path.join(process.cwd(), "uploads");

app.get("/files/:name", (req, res) => {
  // expect: path-traversal/js-fs-request-path
  const data = fs.readFileSync(path.join(UPLOAD_DIR, req.params.name));
  res.send(data);
});

app.get("/download", async (req, res) => {
  const filePath = path.join(__dirname, "reports", req.query.file as string);
  // expect: path-traversal/js-fs-request-path
  fs.createReadStream(filePath).pipe(res);
});

app.delete("/avatars/:id", async (req, res) => {
  const { id } = req.params;
  // expect: path-traversal/js-fs-request-path
  await unlink(`${UPLOAD_DIR}/${id}.png`);
  res.sendStatus(204);
});

app.post("/notes", async (req, res) => {
  // expect: path-traversal/js-fs-request-path
  await fs.promises.writeFile(path.resolve("notes", req.body.title), req.body.text);
  res.sendStatus(201);
});

export async function GET(request: Request) {
  const name = new URL(request.url).searchParams.get("name") ?? "";
  // expect: path-traversal/js-fs-request-path
  return new Response(await readFile(path.join(process.cwd(), "content", name), "utf8"));
}

app.get("/safe/:name", (req, res) => {
  const target = path.resolve(UPLOAD_DIR, req.params.name);
  if (!target.startsWith(UPLOAD_DIR + path.sep)) return res.status(400).end();
  // ok: path-traversal/js-fs-request-path
  res.send(fs.readFileSync(target));
});

app.get("/safe-relative/:name", (req, res) => {
  const target = path.join(UPLOAD_DIR, req.params.name);
  const rel = path.relative(UPLOAD_DIR, target);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return res.sendStatus(403);
  // ok: path-traversal/js-fs-request-path
  fs.createReadStream(target).pipe(res);
});

app.get("/basename/:name", async (req, res) => {
  const safeName = path.basename(req.params.name);
  // ok: path-traversal/js-fs-request-path
  res.send(await readFile(path.join(UPLOAD_DIR, safeName)));
});

app.get("/static-config", (req, res) => {
  // ok: path-traversal/js-fs-request-path
  const config = fs.readFileSync(path.join(__dirname, "config.json"), "utf8");
  // ok: path-traversal/js-fs-request-path
  fs.writeFileSync(path.join(UPLOAD_DIR, `${Date.now()}.log`), JSON.stringify(req.headers));
  res.json(JSON.parse(config));
});

export function loadTemplate(name: string) {
  // ok: path-traversal/js-fs-request-path
  return fs.readFileSync(path.join(__dirname, "templates", name), "utf8");
}

app.get("/documents/:id", async (req, res) => {
  const doc = await documents.findFirst({ where: { id: req.params.id, ownerId: req.user.id } });
  if (!doc) return res.sendStatus(404);
  // The storage key comes from the database row, not from the request.
  // ok: path-traversal/js-fs-request-path
  fs.createReadStream(path.join(UPLOAD_DIR, doc.storageKey)).pipe(res);
});

app.get("/documents/:id/preview", async (req, res) => {
  const doc = await documents.findFirst({ where: { id: req.params.id } });
  // A looked-up record does not make the request's own value safe.
  // expect: path-traversal/js-fs-request-path
  res.send(await readFile(path.join(UPLOAD_DIR, doc.folder, req.query.page as string)));
});

function insideFolder(base: string, candidate: string) {
  return candidate === base || candidate.startsWith(base + path.sep);
}

app.get("/helper-checked", (req, res) => {
  const target = path.resolve(UPLOAD_DIR, String(req.query.path));
  if (!insideFolder(UPLOAD_DIR, target)) return res.sendStatus(403);
  // ok: path-traversal/js-fs-request-path
  fs.createReadStream(target).pipe(res);
});

const REPORT_NAME = /^report-\d{4}-\d{2}\.csv$/;
app.get("/reports/:name", async (req, res) => {
  if (!REPORT_NAME.test(req.params.name)) return res.sendStatus(400);
  // ok: path-traversal/js-fs-request-path
  res.send(await readFile(path.join(UPLOAD_DIR, req.params.name)));
});

app.get("/nested", (req, res) => {
  const file = path.join(UPLOAD_DIR, String(req.query.f));
  // todo-expect: path-traversal/js-fs-request-path
  setImmediate(() => fs.unlink(file, () => res.end()));
});

// ---- Fresh cases across frameworks (written before tuning the rule against them) ----
const DATA_DIR = path.resolve("data");

function resolveInside(base: string, userPath: string): string {
  const resolved = path.resolve(base, userPath);
  if (!resolved.startsWith(base + path.sep)) throw new Error("path escapes base directory");
  return resolved;
}

// The containment helper is used here...
app.get("/datasets/:name", (req, res) => {
  const file = resolveInside(DATA_DIR, req.params.name);
  // ok: path-traversal/js-fs-request-path
  fs.createReadStream(file).pipe(res);
});

// ...and skipped here.
app.get("/datasets/:name/schema", async (req, res) => {
  const file = path.join(DATA_DIR, req.params.name, "schema.json");
  // expect: path-traversal/js-fs-request-path
  res.json(JSON.parse(await fs.promises.readFile(file, "utf8")));
});

// Fastify.
fastify.get("/exports/:file", async (request, reply) => {
  const { file } = request.params as { file: string };
  // expect: path-traversal/js-fs-request-path
  const stream = fs.createReadStream(path.join(DATA_DIR, "exports", file));
  return reply.type("text/csv").send(stream);
});

// Hono.
hono.get("/snippets/:name", async (c) => {
  const name = c.req.param("name");
  // expect: path-traversal/js-fs-request-path
  const body = await readFile(path.join(DATA_DIR, "snippets", name), "utf8");
  return c.text(body);
});

// Next.js route handler with a dynamic segment.
export async function docsRoute(_req: Request, { params }: { params: { slug: string } }) {
  const file = path.join(process.cwd(), "docs", `${params.slug}.md`);
  // expect: path-traversal/js-fs-request-path
  const markdown = await fs.promises.readFile(file, "utf8");
  return new Response(markdown, { headers: { "content-type": "text/markdown" } });
}

// NestJS: decorated parameters are request values.
@Controller("templates")
export class TemplatesController {
  @Delete(":name")
  remove(@Param("name") name: string) {
    // expect: path-traversal/js-fs-request-path
    fs.unlinkSync(path.join(DATA_DIR, "templates", name));
  }

  @Get()
  read(@Query("file") file: string) {
    // expect: path-traversal/js-fs-request-path
    return fs.readFileSync(path.join(DATA_DIR, "templates", file), "utf8");
  }

  @Get(":id")
  readById(@Param("id", ParseIntPipe) id: number) {
    // ParseIntPipe turns the segment into a number before the handler runs.
    // ok: path-traversal/js-fs-request-path
    return fs.readFileSync(path.join(DATA_DIR, "templates", `${id}.json`), "utf8");
  }
}

// Negatives.
app.get("/invoices/:id.pdf", async (req, res) => {
  const id = Number(req.params.id);
  if (!Number.isInteger(id)) return res.sendStatus(400);
  // ok: path-traversal/js-fs-request-path
  res.send(await readFile(path.join(DATA_DIR, "invoices", `${id}.pdf`)));
});

app.post("/uploads", async (req, res) => {
  const storedName = `${crypto.randomUUID()}.bin`;
  // ok: path-traversal/js-fs-request-path
  await fs.promises.writeFile(path.join(DATA_DIR, "uploads", storedName), req.body);
  res.status(201).json({ id: storedName });
});

fastify.get("/reports/:id", async (request, reply) => {
  const report = await db.report.findUnique({ where: { id: (request.params as { id: string }).id } });
  if (!report) return reply.code(404).send();
  // ok: path-traversal/js-fs-request-path
  return reply.send(fs.createReadStream(path.join(DATA_DIR, "reports", report.fileName)));
});

hono.get("/locales/:lang", async (c) => {
  const lang = c.req.param("lang");
  if (!["en", "de", "fr"].includes(lang)) return c.notFound();
  // ok: path-traversal/js-fs-request-path
  return c.json(JSON.parse(await readFile(path.join(DATA_DIR, "locales", `${lang}.json`), "utf8")));
});
