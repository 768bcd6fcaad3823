# Examples for ssrf/py-request-url. `expect:` lines must fire, `ok:` lines must stay quiet.
import urllib.request
from urllib.parse import quote, urlparse
from urllib.request import urlopen

import aiohttp
import httpx
import requests
from django.http import HttpResponse
from fastapi import FastAPI
from flask import Flask, request

app = Flask(__name__)
api = FastAPI()
ALLOWED_HOSTS = {"images.example.com", "cdn.example.com"}
API_BASE = "https://api.example.com"


@app.route("/proxy")
def proxy():
    # expect: ssrf/py-request-url
    upstream = requests.get(request.args["url"], timeout=5)
    return upstream.content


@app.post("/webhooks/test")
def test_webhook():
    callback = request.get_json()["callback_url"]
    # expect: ssrf/py-request-url
    requests.post(callback, json={"ping": True}, timeout=5)
    # expect: ssrf/py-request-url
    requests.request("POST", callback, json={"ping": True}, timeout=5)
    return "", 204


@api.get("/preview")
async def preview(url: str):
    async with httpx.AsyncClient(timeout=10) as client:
        # expect: ssrf/py-request-url
        page = await client.get(url)
    return {"length": len(page.text)}


@api.get("/feed")
async def feed(feed_url: str):
    async with aiohttp.ClientSession() as session:
        # expect: ssrf/py-request-url
        async with session.get(feed_url) as response:
            return await response.text()


def fetch_avatar(request):
    target = request.GET.get("avatar")
    # expect: ssrf/py-request-url
    with urllib.request.urlopen(target, timeout=5) as response:
        return HttpResponse(response.read(), content_type="image/png")


@app.route("/import")
def import_csv():
    # expect: ssrf/py-request-url
    data = urlopen(request.form["source"], timeout=5).read()
    # expect: ssrf/py-request-url
    page = httpx.get(url=request.args.get("page"))
    return data + page.content


@app.route("/user/<login>")
def github_user(login):
    # ok: ssrf/py-request-url
    user = requests.get(f"https://api.github.com/users/{quote(login)}", timeout=5)
    # ok: ssrf/py-request-url
    repos = requests.get(f"{API_BASE}/repos/{quote(request.args['repo'], safe='')}", timeout=5)
    # ok: ssrf/py-request-url
    status = requests.get("https://status.example.com/api/v2/status.json", timeout=5)
    # ok: ssrf/py-request-url
    cached = request.args.get("cached")
    return {"user": user.json(), "repos": repos.json(), "status": status.json(), "cached": cached}


@app.route("/image")
def allowlisted_image():
    src = request.args["src"]
    if urlparse(src).hostname not in ALLOWED_HOSTS:
        return "host not allowed", 400
    # ok: ssrf/py-request-url
    return requests.get(src, timeout=5).content


def nightly_sync(settings):
    # ok: ssrf/py-request-url
    requests.post(settings.REPORT_URL, json={"ok": True}, timeout=30)
    # ok: ssrf/py-request-url
    httpx.get(API_BASE + "/health")


def refresh_catalog(url):
    # ok: ssrf/py-request-url
    return requests.get(url, timeout=10).json()


def _download(url):
    return requests.get(url, timeout=10).content


@app.route("/mirror")
def mirror():
    # The request value crosses a function boundary, which the one-function taint does not follow.
    # todo-expect: ssrf/py-request-url
    return _download(request.args["src"])


# ---- Fresh cases across frameworks (written before tuning the rule against them) ----
import json
from typing import Optional

from django.conf import settings
from django.http import JsonResponse
from pydantic import BaseModel


class PreviewIn(BaseModel):
    url: str


@api.post("/link-preview")
async def link_preview(body: PreviewIn):
    async with httpx.AsyncClient(timeout=5) as http_client:
        # expect: ssrf/py-request-url
        page = await http_client.get(body.url, follow_redirects=True)
    return {"status": page.status_code}


@api.get("/fetch")
def fetch_url(target: str):
    # expect: ssrf/py-request-url
    return {"body": httpx.get(target, timeout=5).text}


def django_proxy(request):
    url = request.GET.get("url")
    # expect: ssrf/py-request-url
    resp = requests.get(url, timeout=10, stream=True)
    return HttpResponse(resp.raw.read(), content_type=resp.headers.get("content-type"))


def django_webhook_test(request):
    payload = json.loads(request.body)
    # expect: ssrf/py-request-url
    r = requests.post(payload["endpoint"], json={"event": "ping"}, timeout=5)
    return JsonResponse({"status": r.status_code})


@app.post("/import-url")
def import_from_url():
    source = request.json.get("source_url")
    if not validators.url(source):
        return {"error": "invalid url"}, 400
    # A syntax check does not pick the host.
    # expect: ssrf/py-request-url
    with urllib.request.urlopen(source, timeout=10) as response:
        return {"rows": len(response.read().splitlines())}


# Negatives.
@api.get("/weather")
def weather(city: str):
    # ok: ssrf/py-request-url
    r = requests.get("https://api.openweathermap.org/data/2.5/weather", params={"q": city}, timeout=5)
    return r.json()


@api.get("/items/{item_id}")
def item(item_id: int):
    # ok: ssrf/py-request-url
    return httpx.get(f"{settings.INVENTORY_URL}/items/{item_id}", timeout=5).json()


@app.route("/thumbnail")
def thumbnail():
    src = request.args["src"]
    host = urlparse(src).hostname
    if host not in {"images.example.com", "cdn.example.com"}:
        abort(400)
    # ok: ssrf/py-request-url
    return requests.get(src, timeout=5).content


def django_status(request):
    # ok: ssrf/py-request-url
    r = requests.get(settings.STATUS_PAGE_URL, timeout=5)
    return JsonResponse(r.json())


@app.post("/notify")
def notify():
    # ok: ssrf/py-request-url
    requests.post(os.environ["SLACK_WEBHOOK_URL"], json={"text": request.json["message"]}, timeout=5)
    return "", 204
