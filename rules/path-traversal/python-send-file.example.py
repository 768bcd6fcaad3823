# Examples for path-traversal/python-send-file. `expect:` lines must fire, `ok:` lines must stay quiet.
import os

from django.http import FileResponse
from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse as StarletteFileResponse
from flask import Flask, request, send_file, send_from_directory
from sqlalchemy.orm import Session

from app.models import Attachment, Ticket

app = Flask(__name__)
api = FastAPI()
REPORTS = "/srv/reports"


@app.get("/report")
def report():
    # expect: path-traversal/python-send-file
    return send_file(os.path.join(REPORTS, request.args["name"]))


@app.get("/by-folder")
def by_folder():
    # expect: path-traversal/python-send-file
    return send_from_directory(os.path.join(REPORTS, request.args["team"]), "summary.pdf")


def django_download(request):
    path = os.path.join(REPORTS, request.GET.get("file"))
    # expect: path-traversal/python-send-file
    return FileResponse(open(path, "rb"), as_attachment=True)


@api.get("/exports/{name}")
async def export(name: str):
    # expect: path-traversal/python-send-file
    return StarletteFileResponse(f"{REPORTS}/{name}")


@app.get("/safe-report")
def safe_report():
    # ok: path-traversal/python-send-file
    return send_from_directory(REPORTS, request.args["name"])


@app.get("/static-report")
def static_report():
    # ok: path-traversal/python-send-file
    return send_file(os.path.join(REPORTS, "latest.pdf"))


@api.get("/checked/{name}")
async def checked(name: str):
    full = os.path.realpath(os.path.join(REPORTS, name))
    if not full.startswith(REPORTS + os.sep):
        raise ValueError("outside reports")
    # ok: path-traversal/python-send-file
    return StarletteFileResponse(full)


def send_latest(path):
    # ok: path-traversal/python-send-file
    return send_file(path, mimetype="application/pdf")


@app.get("/tickets/<int:ticket_id>/attachments/download")
def ticket_attachment(ticket_id):
    ticket = Ticket.query.get_or_404(ticket_id)
    name = request.args.get("name", "")
    # The folder comes from the looked-up ticket; send_from_directory safe-joins the requested name.
    # ok: path-traversal/python-send-file
    return send_from_directory(os.path.join(REPORTS, str(ticket.id)), name)


@api.get("/attachments/download")
def download_attachment(attachment_id: int, db: Session = Depends(get_db)):
    attachment = db.query(Attachment).filter(Attachment.id == attachment_id).first()
    # The stored path is server data from the row, not the request's.
    # ok: path-traversal/python-send-file
    return StarletteFileResponse(attachment.storage_path, filename=attachment.file_name)


@app.get("/tickets/<int:ticket_id>/files")
def ticket_file(ticket_id):
    ticket = Ticket.query.get_or_404(ticket_id)
    # A looked-up record does not make the request's own value safe.
    # expect: path-traversal/python-send-file
    return send_file(os.path.join(REPORTS, str(ticket.id), request.args["name"]))


# ---- Fresh cases across frameworks (written before tuning the rule against them) ----
from pathlib import Path
from uuid import UUID

from django.conf import settings
from flask import abort
from werkzeug.security import safe_join
from werkzeug.utils import secure_filename

UPLOAD_ROOT = Path("/srv/uploads")


@api.get("/files")
async def get_file(name: str):
    path = os.path.join(REPORTS, name)
    # expect: path-traversal/python-send-file
    return StarletteFileResponse(path)


@api.get("/images/{folder}/{image}")
async def image(folder: str, image: str):
    # expect: path-traversal/python-send-file
    return StarletteFileResponse(UPLOAD_ROOT / folder / image, media_type="image/png")


@app.route("/uploads/<filename>")
def uploaded(filename):
    # expect: path-traversal/python-send-file
    return send_file(f"{app.config['UPLOAD_FOLDER']}/{filename}", as_attachment=True)


@app.get("/logs")
def logs():
    log_file = Path(app.config["LOG_DIR"]) / request.args.get("file", "app.log")
    # expect: path-traversal/python-send-file
    return send_file(log_file, mimetype="text/plain")


def django_media(request):
    # expect: path-traversal/python-send-file
    return FileResponse(open(Path(settings.MEDIA_ROOT) / request.GET["f"], "rb"))


class ExportDownloadView(View):
    def get(self, request, filename):
        # expect: path-traversal/python-send-file
        return FileResponse(open(os.path.join(settings.MEDIA_ROOT, "exports", filename), "rb"), as_attachment=True)


# Negatives.
@app.route("/downloads/<path:filename>")
def download(filename):
    # ok: path-traversal/python-send-file
    return send_from_directory(app.config["UPLOAD_FOLDER"], filename, as_attachment=True)


@app.route("/safe-downloads/<filename>")
def safe_download(filename):
    path = safe_join(app.config["UPLOAD_FOLDER"], filename)
    if path is None:
        abort(404)
    # ok: path-traversal/python-send-file
    return send_file(path)


@app.route("/secure/<filename>")
def secure_download(filename):
    # ok: path-traversal/python-send-file
    return send_file(os.path.join(REPORTS, secure_filename(filename)))


@api.get("/statements/{statement_id}")
async def statement(statement_id: UUID):
    # ok: path-traversal/python-send-file
    return StarletteFileResponse(UPLOAD_ROOT / "statements" / f"{statement_id}.pdf")


@api.get("/contained")
async def contained(name: str):
    base = UPLOAD_ROOT.resolve()
    target = (base / name).resolve()
    if base not in target.parents:
        raise HTTPException(status_code=404)
    # ok: path-traversal/python-send-file
    return StarletteFileResponse(target)


def django_document(request, pk):
    document = get_object_or_404(Document, pk=pk, owner=request.user)
    # ok: path-traversal/python-send-file
    return FileResponse(document.file.open("rb"), filename=document.original_name)


@app.get("/brochure")
def brochure():
    lang = request.args.get("lang", "en")
    # A lookup in a fixed table keeps the request value out of the path.
    # ok: path-traversal/python-send-file
    return send_file(os.path.join(REPORTS, BROCHURES.get(lang, "brochure-en.pdf")))


BROCHURES = {"en": "brochure-en.pdf", "de": "brochure-de.pdf"}
