# Examples for injection/python-eval-request. `expect:` lines must fire, `ok:` lines must stay quiet.
import ast
import json

from fastapi import FastAPI
from flask import Flask, request

app = Flask(__name__)
api = FastAPI()


@app.post("/calc")
def calc():
    expression = request.json["expression"]
    # expect: injection/python-eval-request
    result = eval(expression)
    # expect: injection/python-eval-request
    exec(request.form["code"], {"__builtins__": {}})
    # ok: injection/python-eval-request
    literal = ast.literal_eval(expression)
    # ok: injection/python-eval-request
    parsed = json.loads(request.data)
    # ok: injection/python-eval-request
    total = eval("1 + 2")
    return {"result": result, "literal": literal, "parsed": parsed, "total": total}


@api.get("/filter")
async def filter_rows(predicate: str):
    # expect: injection/python-eval-request
    check = eval(f"lambda row: {predicate}")
    return {"ok": callable(check)}


def render(template_source, context):
    # ok: injection/python-eval-request
    return eval(compile(template_source, "<template>", "eval"), context)
