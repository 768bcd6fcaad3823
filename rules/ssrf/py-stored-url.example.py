# Examples for ssrf/py-stored-url. `expect:` lines must fire, `ok:` lines must stay quiet.
import os

import httpx
import requests
from celery import shared_task
from django.conf import settings
from urllib.request import urlopen

from .models import Integration, Profile, Webhook
from .net import assert_public_url

SLACK_WEBHOOK_URL = os.environ["SLACK_WEBHOOK_URL"]


@shared_task
def deliver_event(event_type, payload):
    for hook in Webhook.objects.filter(event=event_type, active=True):
        # expect: ssrf/py-stored-url
        requests.post(hook.target_url, json=payload, timeout=5)


@shared_task
def refresh_avatar(profile_id):
    profile = Profile.objects.get(pk=profile_id)
    # expect: ssrf/py-stored-url
    response = httpx.get(profile.avatar_url, timeout=10, follow_redirects=True)
    profile.avatar.save(f"{profile_id}.png", response.content)


async def notify_integration(session, integration_id):
    integration = await session.get(Integration, integration_id)
    async with httpx.AsyncClient(timeout=5) as client:
        # expect: ssrf/py-stored-url
        await client.post(integration.webhook_url, json={"ping": True})


def poll_feeds(db):
    for feed in db.query(Feed).all():
        # expect: ssrf/py-stored-url
        with urlopen(feed.feed_url, timeout=10) as response:
            store_items(feed.id, response.read())


def send_callback(order):
    # expect: ssrf/py-stored-url
    requests.post(order.merchant.callback_url, json={"status": order.status}, timeout=5)


# Negatives.
def alert_ops(message):
    # The operator's configuration, not a user's record.
    # ok: ssrf/py-stored-url
    requests.post(settings.OPS_WEBHOOK_URL, json={"text": message}, timeout=5)
    # ok: ssrf/py-stored-url
    requests.post(SLACK_WEBHOOK_URL, json={"text": message}, timeout=5)


@shared_task
def deliver_checked(hook_id, payload):
    hook = Webhook.objects.get(pk=hook_id)
    assert_public_url(hook.target_url)
    # ok: ssrf/py-stored-url
    requests.post(hook.target_url, json=payload, timeout=5, allow_redirects=False)


def sync_store(store):
    # A fixed host; only a quoted path segment comes from the record.
    # ok: ssrf/py-stored-url
    requests.get(f"https://api.shopify.example.com/stores/{store.id}/catalog", timeout=5)


def fetch_profile_json(profile):
    # ok: ssrf/py-stored-url
    return requests.get(profile.api_path, timeout=5).json()


def render_avatar(profile):
    # Putting the URL in an <img> tag makes the browser fetch it, not the server.
    # ok: ssrf/py-stored-url
    return format_html('<img src="{}">', profile.avatar_url)
