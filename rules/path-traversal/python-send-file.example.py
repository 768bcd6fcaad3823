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
