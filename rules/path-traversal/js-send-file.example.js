// Examples for path-traversal/js-send-file. `expect:` lines must fire, `ok:` lines must stay quiet.
const express = require("express");
const path = require("path");

const app = express();
const PUBLIC_DIR = path.join(__dirname, "public");

app.get("/docs/:page", (req, res) => {
  // expect: path-traversal/js-send-file
  res.sendFile(path.join(PUBLIC_DIR, req.params.page));
});

app.get("/export", (req, res) => {
  const file = path.resolve(__dirname, "exports", req.query.name);
  // expect: path-traversal/js-send-file
  res.download(file);
});

app.get("/attachments/:id", (req, res) => {
  // expect: path-traversal/js-send-file
  res.download(`${__dirname}/attachments/${req.params.id}`, "attachment.pdf");
});

app.get("/rooted/:page", (req, res) => {
  // ok: path-traversal/js-send-file
  res.sendFile(req.params.page, { root: PUBLIC_DIR });
});

app.get("/rooted-download/:name", (req, res) => {
  // ok: path-traversal/js-send-file
  res.download(req.params.name, req.params.name, { root: PUBLIC_DIR, dotfiles: "deny" });
});

app.get("/checked/:page", (req, res) => {
  const target = path.resolve(PUBLIC_DIR, req.params.page);
  if (!target.startsWith(PUBLIC_DIR + path.sep)) return res.sendStatus(404);
  // ok: path-traversal/js-send-file
  res.sendFile(target);
});

app.get("/", (req, res) => {
  // ok: path-traversal/js-send-file
  res.sendFile(path.join(PUBLIC_DIR, "index.html"));
});

app.get("/by-name/:name", (req, res) => {
  // ok: path-traversal/js-send-file
  res.sendFile(path.join(PUBLIC_DIR, path.basename(req.params.name)));
});

app.get("/invoices/:file/download", (req, res) => {
  const file = path.join(PUBLIC_DIR, req.customer.id, req.params.file);
  // basename only names the download; `file` itself can still hold ../ segments.
  // expect: path-traversal/js-send-file
  res.download(file, path.basename(file));
});

app.get("/media/:id/thumbnail", async (req, res) => {
  const size = String(req.query.size || "320x320");
  // The helper builds the path; reported (if at all) where it joins its arguments.
  // ok: path-traversal/js-send-file
  res.sendFile(await thumbnailPath(req.params.id, size));
});

app.get("/exports/:id", async (req, res) => {
  const job = await getExport(req.params.id);
  // The stored path comes from the looked-up record, not from the request.
  // ok: path-traversal/js-send-file
  res.download(job.storagePath, job.fileName);
});

const INVOICE_FILE = /^INV-\d{1,10}\.pdf$/;
app.get("/invoices-checked/:file", (req, res) => {
  if (!INVOICE_FILE.test(req.params.file)) return res.sendStatus(400);
  // ok: path-traversal/js-send-file
  res.download(path.join(PUBLIC_DIR, req.params.file));
});

// ---- Fresh cases (written before tuning the rule against them) ----
const UPLOADS = path.join(__dirname, "uploads");

app.get("/uploads/:name", (req, res) => {
  // expect: path-traversal/js-send-file
  res.sendFile(path.join(UPLOADS, req.params.name));
});

app.get("/covers", (req, res) => {
  const { file } = req.query;
  // Options without `root` do not contain the path.
  // expect: path-traversal/js-send-file
  res.sendFile(path.join(UPLOADS, "covers", file), { maxAge: "1d", headers: { "X-Content-Type-Options": "nosniff" } });
});

app.get("/reports", (req, res) => {
  // expect: path-traversal/js-send-file
  res.download(path.join(__dirname, "reports", req.query.file));
});

app.get("/themes/:theme/:asset", function serveThemeAsset(req, res) {
  const assetPath = `${UPLOADS}/themes/${req.params.theme}/${req.params.asset}`;
  // expect: path-traversal/js-send-file
  res.sendFile(assetPath);
});

// Negatives.
app.get("/rooted-uploads/:name", (req, res) => {
  // ok: path-traversal/js-send-file
  res.sendFile(req.params.name, { root: UPLOADS, dotfiles: "deny" });
});

app.get("/rooted-covers", (req, res) => {
  // `send` rejects a `..` left after joining when `root` is set.
  // ok: path-traversal/js-send-file
  res.sendFile(path.join("covers", String(req.query.file)), { root: UPLOADS });
});

app.get("/files/:id", async (req, res, next) => {
  try {
    const file = await File.findById(req.params.id);
    if (!file) return res.sendStatus(404);
    // ok: path-traversal/js-send-file
    res.download(path.join(UPLOADS, file.storedName), file.originalName);
  } catch (err) {
    next(err);
  }
});

app.get("/docs-safe/:page", (req, res) => {
  const target = path.resolve(PUBLIC_DIR, req.params.page);
  const relative = path.relative(PUBLIC_DIR, target);
  if (relative.startsWith("..") || path.isAbsolute(relative)) return res.sendStatus(403);
  // ok: path-traversal/js-send-file
  res.sendFile(target);
});

app.get("/badge/:status", (req, res) => {
  const BADGES = { passing: "passing.svg", failing: "failing.svg" };
  const badge = BADGES[req.params.status] ?? "unknown.svg";
  // ok: path-traversal/js-send-file
  res.sendFile(path.join(PUBLIC_DIR, "badges", badge));
});
