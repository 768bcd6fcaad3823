// Examples for path-traversal/js-prefix-check-no-separator. `expect:` lines must fire, `ok:` lines must stay quiet.
const fs = require("fs");
const path = require("path");

const ROOT = "/srv/teams";
const UPLOAD_DIR = path.resolve("uploads");

function serveTeamFile(req, res) {
  const base = path.join(ROOT, req.team.slug);
  const requested = path.resolve(base, req.query.path || "");
  if (!requested.startsWith(base)) return res.status(403).end();
  // expect: path-traversal/js-prefix-check-no-separator
  fs.createReadStream(requested).pipe(res);
}

function readUpload(req, res) {
  const target = path.resolve(UPLOAD_DIR, req.params.name);
  if (!target.startsWith(path.resolve(UPLOAD_DIR))) return res.sendStatus(400);
  // expect: path-traversal/js-prefix-check-no-separator
  res.sendFile(target);
}

function withSeparator(req, res) {
  const target = path.resolve(UPLOAD_DIR, req.params.name);
  if (!target.startsWith(UPLOAD_DIR + path.sep)) return res.sendStatus(400);
  // ok: path-traversal/js-prefix-check-no-separator
  res.sendFile(target);
}

function withSlashTemplate(req, res) {
  const target = path.resolve(UPLOAD_DIR, req.params.name);
  if (!target.startsWith(`${UPLOAD_DIR}/`)) return res.sendStatus(400);
  // ok: path-traversal/js-prefix-check-no-separator
  fs.createReadStream(target).pipe(res);
}

function baseWithSeparator(req, res) {
  const base = path.resolve(UPLOAD_DIR) + path.sep;
  const target = path.resolve(base, req.params.name);
  if (!target.startsWith(base)) return res.sendStatus(400);
  // ok: path-traversal/js-prefix-check-no-separator
  fs.createReadStream(target).pipe(res);
}

function relativeCheck(req, res) {
  const rel = path.relative(UPLOAD_DIR, path.resolve(UPLOAD_DIR, req.params.name));
  if (rel.startsWith("..")) return res.sendStatus(400);
  // ok: path-traversal/js-prefix-check-no-separator
  fs.createReadStream(path.join(UPLOAD_DIR, rel)).pipe(res);
}

function noCheckAtAll(req, res) {
  // Reported by path-traversal/js-fs-request-path, not by this rule.
  // ok: path-traversal/js-prefix-check-no-separator
  fs.createReadStream(path.join(UPLOAD_DIR, req.params.name)).pipe(res);
}

function mimePrefix(req, res) {
  if (!req.file.mimetype.startsWith("image/")) return res.sendStatus(415);
  // ok: path-traversal/js-prefix-check-no-separator
  fs.writeFileSync(path.join(UPLOAD_DIR, `${Date.now()}.img`), req.file.buffer);
}
