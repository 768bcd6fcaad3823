# Examples for error-leak/py-exception-in-response. `expect:` lines must fire, `ok:` lines must stay quiet.
import logging

from django.http import JsonResponse
from fastapi import FastAPI, HTTPException
from flask import Flask, jsonify

app = Flask(__name__)
api = FastAPI()
log = logging.getLogger(__name__)


@app.route("/orders", methods=["POST"])
def create_order():
    try:
        return jsonify(save_order()), 201
    except Exception as e:
        # expect: error-leak/py-exception-in-response
        return jsonify(error=str(e)), 500


@app.route("/orders/<int:order_id>", methods=["DELETE"])
def delete_order(order_id):
    try:
        remove_order(order_id)
        return "", 204
    except Exception as e:
        # expect: error-leak/py-exception-in-response
        return {"error": str(e)}, 500


@app.route("/sync")
def sync():
    try:
        return run_sync()
    except Exception as err:
        # expect: error-leak/py-exception-in-response
        return f"sync failed: {err}", 500


@api.get("/invoices/{invoice_id}")
async def invoice(invoice_id: int):
    try:
        return await load_invoice(invoice_id)
    except Exception as exc:
        # expect: error-leak/py-exception-in-response
        raise HTTPException(status_code=500, detail=str(exc))


def django_view(request):
    try:
        return JsonResponse(compute())
    except Exception as ex:
        # expect: error-leak/py-exception-in-response
        return JsonResponse({"error": repr(ex)}, status=500)


@app.route("/imports", methods=["POST"])
def run_import():
    try:
        return jsonify(do_import())
    except Exception as e:
        log.exception("import failed: %s", e)
        # ok: error-leak/py-exception-in-response
        return jsonify(error="Import failed"), 500


@api.get("/reports/{report_id}")
async def report(report_id: int):
    try:
        return await load_report(report_id)
    except Exception as exc:
        log.error("report %s failed: %s", report_id, exc)
        # ok: error-leak/py-exception-in-response
        raise HTTPException(status_code=500, detail="Internal Server Error") from exc


def describe(error):
    # ok: error-leak/py-exception-in-response
    return str(error)


def parse_amount(raw):
    try:
        return int(raw)
    except ValueError as e:
        # ok: error-leak/py-exception-in-response
        log.warning("bad amount %s: %s", raw, str(e))
        # ok: error-leak/py-exception-in-response
        return None
