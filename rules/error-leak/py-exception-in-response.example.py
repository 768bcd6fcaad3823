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


# ---- Fresh cases across frameworks (written before tuning the rule against them) ----
from fastapi.responses import JSONResponse
from rest_framework import status
from rest_framework.response import Response as DRFResponse
from sqlalchemy.exc import IntegrityError, SQLAlchemyError


@api.exception_handler(Exception)
async def unhandled_exception(request, exc):
    # expect: error-leak/py-exception-in-response
    return JSONResponse(status_code=500, content={"message": str(exc)})


@api.post("/payments")
async def create_payment(body: dict):
    try:
        return await charge(body)
    except SQLAlchemyError as db_error:
        # expect: error-leak/py-exception-in-response
        return JSONResponse({"error": f"database error: {db_error}"}, status_code=500)


@app.route("/reindex", methods=["POST"])
def reindex():
    try:
        run_reindex()
    except Exception as e:
        # expect: error-leak/py-exception-in-response
        abort(500, description=str(e))
    return "", 204


class PaymentView(APIView):
    def post(self, request):
        try:
            return DRFResponse(process(request.data))
        except Exception as e:
            # expect: error-leak/py-exception-in-response
            return DRFResponse({"detail": str(e)}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)


def django_export(request):
    try:
        return JsonResponse(export_all())
    except Exception as e:
        # expect: error-leak/py-exception-in-response
        return HttpResponseServerError(f"Export failed: {e}")


@app.get("/accounts/<int:account_id>")
def account(account_id):
    try:
        return jsonify(load_account(account_id))
    except Exception as e:
        # expect: error-leak/py-exception-in-response
        return jsonify({"success": False, "message": e.args[0]}), 500


# Negatives.
@api.post("/users")
async def create_user(body: dict):
    try:
        return await insert_user(body)
    except ValueError as e:
        # A client error carries a message written for the client.
        # ok: error-leak/py-exception-in-response
        raise HTTPException(status_code=400, detail=str(e))
    except IntegrityError:
        # ok: error-leak/py-exception-in-response
        raise HTTPException(status_code=409, detail="email already registered")


@app.post("/coupons")
def redeem_coupon():
    try:
        return jsonify(redeem(request.json["code"]))
    except KeyError as e:
        # ok: error-leak/py-exception-in-response
        return jsonify(error=f"missing field {e}"), 400
    except CouponExpired as e:
        # ok: error-leak/py-exception-in-response
        return {"error": str(e)}, 422


@app.errorhandler(HTTPException)
def http_error(e):
    # Werkzeug's HTTP errors (404, 405, ...) carry a description meant for clients.
    # ok: error-leak/py-exception-in-response
    return jsonify(error=e.description), e.code


def django_delete(request, pk):
    try:
        delete_item(pk)
    except Exception as e:
        log.exception("delete %s failed", pk)
        # ok: error-leak/py-exception-in-response
        return JsonResponse({"error": "Could not delete the item"}, status=500)
    return JsonResponse({}, status=204)


@api.get("/health")
async def health():
    try:
        await ping_database()
    except Exception as exc:
        log.warning("database ping failed: %s", exc)
        # ok: error-leak/py-exception-in-response
        return JSONResponse({"status": "degraded"}, status_code=503)
    return {"status": "ok"}


@shared_task
def sync_contacts(account_id):
    # A Celery task's return value goes to the result backend, not to an HTTP client.
    try:
        return push_contacts(account_id)
    except Exception as e:
        # ok: error-leak/py-exception-in-response
        return {"ok": False, "error": str(e)}
