# Examples for error-leak/py-debug-mode. `expect:` lines must fire, `ok:` lines must stay quiet.
import os

from fastapi import FastAPI
from flask import Flask
from starlette.applications import Starlette

app = Flask(__name__)
# expect: error-leak/py-debug-mode
app.config["DEBUG"] = True
# expect: error-leak/py-debug-mode
app.debug = True
# expect: error-leak/py-debug-mode
api = FastAPI(title="billing", debug=True)
# expect: error-leak/py-debug-mode
web = Starlette(debug=True, routes=[])
# ok: error-leak/py-debug-mode
quiet_api = FastAPI(title="billing", debug=False)
# ok: error-leak/py-debug-mode
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
# ok: error-leak/py-debug-mode
app.config["TESTING"] = True

if __name__ == "__main__":
    # expect: error-leak/py-debug-mode
    app.run(host="0.0.0.0", port=8000, debug=True)
    # ok: error-leak/py-debug-mode
    app.run(host="127.0.0.1", port=8000, debug=os.environ.get("FLASK_DEBUG") == "1")
    # ok: error-leak/py-debug-mode
    app.run(port=8000)
    # ok: error-leak/py-debug-mode
    logger_config = dict(debug=True)
