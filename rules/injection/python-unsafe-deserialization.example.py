# Examples for injection/python-unsafe-deserialization. `expect:` lines must fire, `ok:` lines must stay quiet.
import base64
import json
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/session")
def restore_session():
    # expect: injection/python-unsafe-deserialization
    state = pickle.loads(base64.b64decode(request.cookies["state"]))
    # expect: injection/python-unsafe-deserialization
    config = yaml.load(request.data, Loader=yaml.Loader)
    # expect: injection/python-unsafe-deserialization
    settings = yaml.unsafe_load(request.get_data())
    # expect: injection/python-unsafe-deserialization
    model = pickle.load(request.files["model"])
    # ok: injection/python-unsafe-deserialization
    safe_config = yaml.safe_load(request.data)
    # ok: injection/python-unsafe-deserialization
    loader_config = yaml.load(request.data, Loader=yaml.SafeLoader)
    # ok: injection/python-unsafe-deserialization
    payload = json.loads(request.data)
    return {"state": state, "config": config, "settings": settings, "model": model,
            "safe": safe_config, "loader": loader_config, "payload": payload}


def load_cache(path):
    # ok: injection/python-unsafe-deserialization
    with open(path, "rb") as handle:
        return pickle.load(handle)
