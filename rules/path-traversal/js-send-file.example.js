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
