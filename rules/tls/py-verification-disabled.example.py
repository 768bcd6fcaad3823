# Examples for tls/py-verification-disabled. `expect:` lines must fire, `ok:` lines must stay quiet.
import ssl
import urllib.request

import aiohttp
import httpx
import requests

CA_BUNDLE = "/etc/ssl/certs/internal-ca.pem"


def fetch_invoices(url, token):
    # expect: tls/py-verification-disabled
    response = requests.get(url, headers={"Authorization": f"Bearer {token}"}, verify=False, timeout=10)
    return response.json()


def make_client():
    # expect: tls/py-verification-disabled
    client = httpx.Client(base_url="https://billing.internal", verify=False)
    session = requests.Session()
    # expect: tls/py-verification-disabled
    session.verify = False
    return client, session


def legacy_download(url):
    # expect: tls/py-verification-disabled
    context = ssl._create_unverified_context()
    return urllib.request.urlopen(url, context=context, timeout=10).read()


# expect: tls/py-verification-disabled
ssl._create_default_https_context = ssl._create_unverified_context


def handmade_context():
    context = ssl.create_default_context()
    # ok: tls/py-verification-disabled
    context.check_hostname = False
    # expect: tls/py-verification-disabled
    context.verify_mode = ssl.CERT_NONE
    return context


async def scrape(url):
    # expect: tls/py-verification-disabled
    connector = aiohttp.TCPConnector(ssl=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.get(url) as response:
            return await response.text()


def verified(url):
    # ok: tls/py-verification-disabled
    a = requests.get(url, verify=True, timeout=10)
    # ok: tls/py-verification-disabled
    b = requests.get(url, verify=CA_BUNDLE, timeout=10)
    # ok: tls/py-verification-disabled
    c = httpx.get(url, verify="/etc/ssl/certs/internal-ca.pem")
    # ok: tls/py-verification-disabled
    context = ssl.create_default_context(cafile=CA_BUNDLE)
    # ok: tls/py-verification-disabled
    context.check_hostname = True
    # ok: tls/py-verification-disabled
    context.verify_mode = ssl.CERT_REQUIRED
    # ok: tls/py-verification-disabled
    connector = aiohttp.TCPConnector(ssl=context)
    # ok: tls/py-verification-disabled
    form_valid = validate(data, verify=False)
    return a, b, c, connector, form_valid
