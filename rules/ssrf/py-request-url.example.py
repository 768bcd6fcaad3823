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
