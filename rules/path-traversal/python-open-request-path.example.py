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
