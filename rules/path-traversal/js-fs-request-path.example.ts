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
