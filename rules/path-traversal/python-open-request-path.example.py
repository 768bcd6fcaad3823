# Examples for path-traversal/python-open-request-path. `expect:` lines must fire, `ok:` lines must stay quiet.
import os
import shutil
from pathlib import Path

from fastapi import FastAPI
from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()
UPLOAD_DIR = "/srv/uploads"


@app.route("/read")
def read_file():
    name = request.args.get("name")
    # expect: path-traversal/python-open-request-path
    with open(os.path.join(UPLOAD_DIR, name)) as handle:
        return handle.read()


@app.post("/upload")
def upload():
    # expect: path-traversal/python-open-request-path
    with open(UPLOAD_DIR + "/" + request.form["filename"], "wb") as out:
        out.write(request.files["file"].read())
    return "ok"


@app.delete("/files/<path:name>")
def delete_file(name):
    # expect: path-traversal/python-open-request-path
    os.remove(os.path.join(UPLOAD_DIR, name))
    return "", 204


@api.get("/logs/{log_name}")
async def read_log(log_name: str):
    # expect: path-traversal/python-open-request-path
    return Path("/var/log/app", log_name).read_text()


@app.get("/archive")
def archive():
    target = f"{UPLOAD_DIR}/{request.args['dir']}"
    # expect: path-traversal/python-open-request-path
    shutil.rmtree(target)
    return "ok"


@app.route("/safe-read")
def safe_read():
    name = request.args.get("name", "")
    full = os.path.realpath(os.path.join(UPLOAD_DIR, name))
    if os.path.commonpath([full, UPLOAD_DIR]) != UPLOAD_DIR:
        return "forbidden", 403
    # ok: path-traversal/python-open-request-path
    with open(full) as handle:
        return handle.read()


@app.post("/safe-upload")
def safe_upload():
    filename = secure_filename(request.files["file"].filename)
    # ok: path-traversal/python-open-request-path
    with open(os.path.join(UPLOAD_DIR, filename), "wb") as out:
        out.write(request.files["file"].read())
    return "ok"


@api.get("/safe-logs/{log_name}")
async def safe_log(log_name: str):
    base = Path("/var/log/app").resolve()
    target = (base / log_name).resolve()
    if not target.is_relative_to(base):
        raise ValueError("outside log dir")
    # ok: path-traversal/python-open-request-path
    return target.read_text()


def load_config(path):
    # ok: path-traversal/python-open-request-path
    with open(path) as handle:
        return handle.read()


@app.get("/version")
def version():
    # ok: path-traversal/python-open-request-path
    with open(os.path.join(os.path.dirname(__file__), "VERSION")) as handle:
        return handle.read()


@app.get("/template")
def template():
    # ok: path-traversal/python-open-request-path
    open(os.path.join(UPLOAD_DIR, os.path.basename(request.args["name"]))).close()
    return "ok"


@app.get("/exports/<int:export_id>")
def export_file(export_id):
    export = Export.query.get_or_404(export_id)
    # The stored path is server data from the looked-up row.
    # ok: path-traversal/python-open-request-path
    with open(export.storage_path, "rb") as handle:
        return handle.read()


# ---- Fresh cases across frameworks (written before tuning the rule against them) ----
from uuid import UUID

import aiofiles
from django.conf import settings
from django.http import HttpResponse
from fastapi import Query
from fastapi.responses import Response

MEDIA_ROOT = Path("/srv/media")


@api.get("/documents")
async def read_document(name: str = Query(...)):
    file_path = MEDIA_ROOT / name
    # expect: path-traversal/python-open-request-path
    return Response(file_path.read_bytes(), media_type="application/octet-stream")


@api.get("/notes/{note_name}")
async def read_note(note_name: str):
    async with aiofiles.open(os.path.join(UPLOAD_DIR, "notes", note_name)) as handle:  # expect: path-traversal/python-open-request-path
        return {"text": await handle.read()}


def django_download(request):
    name = request.GET["name"]
    path = os.path.join(settings.MEDIA_ROOT, "exports", name)
    # expect: path-traversal/python-open-request-path
    with open(path, "rb") as fh:
        return HttpResponse(fh.read(), content_type="text/csv")


def serve_doc(request, doc_name):
    # A Django view's arguments after `request` are captured from the URL.
    # expect: path-traversal/python-open-request-path
    with open(os.path.join(settings.BASE_DIR, "docs", doc_name + ".md")) as fh:
        return HttpResponse(fh.read(), content_type="text/markdown")


@app.post("/themes")
def save_theme():
    payload = request.get_json()
    target = Path(UPLOAD_DIR) / "themes" / payload["name"]
    # expect: path-traversal/python-open-request-path
    target.write_text(payload["css"])
    return "", 201


@app.route("/backups/<path:backup>", methods=["DELETE"])
def delete_backup(backup):
    # expect: path-traversal/python-open-request-path
    os.unlink(f"/var/backups/app/{backup}")
    return "", 204


# Negatives.
@api.get("/invoices/{invoice_id}")
async def invoice_text(invoice_id: int):
    # An int cannot carry `../`.
    # ok: path-traversal/python-open-request-path
    with open(os.path.join(UPLOAD_DIR, f"{invoice_id}.txt")) as handle:
        return handle.read()


@api.get("/receipts/{receipt_id}")
async def receipt(receipt_id: UUID):
    # ok: path-traversal/python-open-request-path
    return Response((MEDIA_ROOT / "receipts" / f"{receipt_id}.pdf").read_bytes())


@app.get("/avatars/<name>")
def avatar_file(name):
    base = os.path.realpath(UPLOAD_DIR)
    full = os.path.realpath(os.path.join(base, name))
    if not full.startswith(base + os.sep):
        abort(404)
    # ok: path-traversal/python-open-request-path
    with open(full, "rb") as handle:
        return handle.read()


@app.get("/plugins/<name>")
def plugin_source(name):
    path = safe_join(UPLOAD_DIR, "plugins", name)
    if path is None:
        abort(404)
    # ok: path-traversal/python-open-request-path
    with open(path) as handle:
        return handle.read()


def django_attachment(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk, owner=request.user)
    # ok: path-traversal/python-open-request-path
    with open(attachment.file.path, "rb") as fh:
        return HttpResponse(fh.read(), content_type=attachment.content_type)


@app.post("/imports")
def import_upload():
    upload = request.files["file"]
    name = secure_filename(upload.filename)
    # ok: path-traversal/python-open-request-path
    with open(os.path.join(UPLOAD_DIR, "imports", name), "wb") as out:
        out.write(upload.read())
    return "", 201


def render_help_page(request, template_name="help/index.md"):
    # ok: path-traversal/python-open-request-path
    with open(os.path.join(settings.BASE_DIR, "templates", "help.md")) as fh:
        return HttpResponse(fh.read())
