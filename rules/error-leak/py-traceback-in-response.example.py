# Examples for error-leak/py-traceback-in-response. `expect:` lines must fire, `ok:` lines must stay quiet.
import logging
import traceback

from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse, PlainTextResponse
from flask import Flask, jsonify

app = Flask(__name__)
api = FastAPI()
log = logging.getLogger(__name__)


@app.route("/reports/<int:report_id>")
def report(report_id):
    try:
        return jsonify(build_report(report_id))
    except Exception:
        # expect: error-leak/py-traceback-in-response
        return jsonify(error="report failed", trace=traceback.format_exc()), 500


@app.route("/exports")
def export():
    try:
        return run_export()
    except Exception:
        # expect: error-leak/py-traceback-in-response
        return traceback.format_exc(), 500


@api.post("/jobs")
async def create_job(payload: dict):
    try:
        return await enqueue(payload)
    except Exception as exc:
        # expect: error-leak/py-traceback-in-response
        raise HTTPException(status_code=500, detail="".join(traceback.format_exception(exc)))


@api.exception_handler(Exception)
async def unhandled(request, exc):
    # expect: error-leak/py-traceback-in-response
    return PlainTextResponse(traceback.format_exc(), status_code=500)


@app.route("/imports")
def run_import():
    try:
        return do_import()
    except Exception:
        log.error("import failed: %s", traceback.format_exc())
        # ok: error-leak/py-traceback-in-response
        return jsonify(error="Import failed, see the server logs"), 500


@api.exception_handler(Exception)
async def generic_handler(request, exc):
    # ok: error-leak/py-traceback-in-response
    log.exception("unhandled error on %s", request.url.path)
    # ok: error-leak/py-traceback-in-response
    return JSONResponse({"error": "Internal Server Error"}, status_code=500)


def format_failure(exc):
    # ok: error-leak/py-traceback-in-response
    return "".join(traceback.format_exception(exc))
