# Examples for ssrf/py-requests-no-timeout. `expect:` lines must fire, `ok:` lines must stay quiet.
import urllib.request
from urllib.request import urlopen

import httpx
import requests

REQUEST_TIMEOUT = (3.05, 27)


def fetch_rates(base):
    # expect: ssrf/py-requests-no-timeout
    response = requests.get("https://api.exchangerate.example/latest", params={"base": base})
    return response.json()


def notify(webhook_url, payload):
    # expect: ssrf/py-requests-no-timeout
    requests.post(webhook_url, json=payload, headers={"Content-Type": "application/json"})
    # expect: ssrf/py-requests-no-timeout
    requests.request("DELETE", webhook_url)


def download(url, path):
    # expect: ssrf/py-requests-no-timeout
    with urllib.request.urlopen(url) as response, open(path, "wb") as out:
        out.write(response.read())
    # expect: ssrf/py-requests-no-timeout
    return urlopen(url).status


def fetch_with_timeouts(url, options):
    # ok: ssrf/py-requests-no-timeout
    requests.get(url, timeout=10)
    # ok: ssrf/py-requests-no-timeout
    requests.post(url, json={}, timeout=REQUEST_TIMEOUT)
    # ok: ssrf/py-requests-no-timeout
    requests.get(url, **options)
    # ok: ssrf/py-requests-no-timeout
    urlopen(url, timeout=5)
    # ok: ssrf/py-requests-no-timeout
    httpx.get(url)
    # ok: ssrf/py-requests-no-timeout
    return requests.utils.quote(url)


def with_session(url):
    session = requests.Session()
    # todo-expect: ssrf/py-requests-no-timeout
    return session.get(url)
