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


# ---- Fresh cases across frameworks (written before tuning the rule against them) ----
import sys

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from rest_framework import status
from rest_framework.response import Response as DRFResponse


@api.get("/invoices/{invoice_id}/pdf")
async def invoice_pdf(invoice_id: int):
    try:
        return await render_pdf(invoice_id)
    except Exception:
        # expect: error-leak/py-traceback-in-response
        return JSONResponse(status_code=500, content={"detail": "render failed", "traceback": traceback.format_exc()})


@api.post("/sync")
async def sync_now():
    try:
        return await run_sync()
    except Exception as exc:
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        # expect: error-leak/py-traceback-in-response
        return JSONResponse({"error": str(exc), "traceback": tb}, status_code=500)


@app.route("/exports/<int:export_id>")
def export_status(export_id):
    try:
        return jsonify(check_export(export_id))
    except Exception:
        if request.args.get("debug") == "1":
            # The flag is whatever the client puts in the query string.
            # expect: error-leak/py-traceback-in-response
            return jsonify(error="export failed", trace=traceback.format_exc()), 500
        return jsonify(error="export failed"), 500


@app.post("/webhooks/stripe")
def stripe_webhook():
    try:
        handle_event(request.get_json())
    except Exception:
        trace = traceback.format_exc()
        log.error(trace)
        # expect: error-leak/py-traceback-in-response
        return {"ok": False, "trace": trace}, 500
    return {"ok": True}


def django_report(request, report_id):
    try:
        return JsonResponse(build_report(report_id))
    except Exception:
        # expect: error-leak/py-traceback-in-response
        return JsonResponse({"error": "failed", "trace": traceback.format_exc()}, status=500)


def django_upload(request):
    try:
        save_upload(request.FILES["file"])
        return HttpResponse(status=201)
    except Exception:
        # expect: error-leak/py-traceback-in-response
        return HttpResponse("<pre>" + traceback.format_exc() + "</pre>", status=500)


class ImportView(APIView):
    def post(self, request):
        try:
            return DRFResponse(run_import(request.data))
        except Exception:
            # expect: error-leak/py-traceback-in-response
            return DRFResponse({"detail": traceback.format_exception(*sys.exc_info())}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)


# Negatives.
@api.get("/payouts/{payout_id}")
async def payout(payout_id: int):
    try:
        return await load_payout(payout_id)
    except Exception:
        # ok: error-leak/py-traceback-in-response
        log.error("payout %s failed:\n%s", payout_id, traceback.format_exc())
        # ok: error-leak/py-traceback-in-response
        return JSONResponse({"error": "Internal Server Error"}, status_code=500)


def django_settings_gated(request):
    try:
        return JsonResponse(compute())
    except Exception:
        if settings.DEBUG:
            # DEBUG is the operator's setting; production runs with it off (django-debug-true reports it on).
            # ok: error-leak/py-traceback-in-response
            return JsonResponse({"trace": traceback.format_exc()}, status=500)
        return JsonResponse({"error": "Internal Server Error"}, status=500)


@app.post("/jobs/<int:job_id>/retry")
def retry_job(job_id):
    try:
        requeue(job_id)
    except Exception:
        # ok: error-leak/py-traceback-in-response
        db.session.add(JobFailure(job_id=job_id, trace=traceback.format_exc()))
        db.session.commit()
        # ok: error-leak/py-traceback-in-response
        return jsonify(error="Retry failed; the failure was recorded"), 500
    return "", 204


def run_task(task):
    # A worker stores the traceback for operators; nothing here answers a request.
    try:
        task.run()
    except Exception:
        # ok: error-leak/py-traceback-in-response
        task.last_error = traceback.format_exc()
        task.save()


@api.exception_handler(RequestValidationError)
async def validation_handler(request, exc):
    # ok: error-leak/py-traceback-in-response
    return JSONResponse(status_code=422, content={"detail": exc.errors()})
