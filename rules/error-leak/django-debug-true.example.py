# gatehouse-example-path: mysite/settings.py
# Examples for error-leak/django-debug-true. `expect:` lines must fire, `ok:` lines must stay quiet.
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

# expect: error-leak/django-debug-true
DEBUG = True
# expect: error-leak/django-debug-true
TEMPLATE_DEBUG = True
# ok: error-leak/django-debug-true
DEBUG_TOOLBAR = True
# ok: error-leak/django-debug-true
ALLOWED_HOSTS = ["app.example.com"]

if os.environ.get("DJANGO_ENV") == "development":
    # ok: error-leak/django-debug-true
    DEBUG = True

# ok: error-leak/django-debug-true
DEBUG = os.environ.get("DJANGO_DEBUG", "false").lower() == "true"
# ok: error-leak/django-debug-true
DEBUG = False
