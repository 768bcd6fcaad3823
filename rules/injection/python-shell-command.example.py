# Examples for injection/python-shell-command. `expect:` lines must fire, `ok:` lines must stay quiet.
import os
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/ping")
def ping():
    host = request.form["host"]
    # expect: injection/python-shell-command
    output = subprocess.check_output(f"ping -c 1 {host}", shell=True)
    # expect: injection/python-shell-command
    subprocess.run("nslookup %s" % host, shell=True, check=True)
    # expect: injection/python-shell-command
    subprocess.Popen("traceroute " + host, shell=True, stdout=subprocess.PIPE)
    # expect: injection/python-shell-command
    os.system("whois {}".format(host))
    # expect: injection/python-shell-command
    listing = os.popen(f"ls -la /srv/data/{request.args['dir']}").read()
    # expect: injection/python-shell-command
    status, text = subprocess.getstatusoutput(f"dig {host}")
    # ok: injection/python-shell-command
    subprocess.run(["ping", "-c", "1", host], check=True)
    # ok: injection/python-shell-command
    subprocess.run(f"ping -c 1 {shlex.quote(host)}", shell=True, check=True)
    # ok: injection/python-shell-command
    subprocess.run(f"ping -c 1 {host}", shell=False, check=True)
    # ok: injection/python-shell-command
    os.system("uptime")
    # ok: injection/python-shell-command
    subprocess.run("kill -HUP %d" % int(request.form["pid"]), shell=True)
    # ok: injection/python-shell-command
    subprocess.check_call(["git", "clone", "--", request.form["repo"]])
    # ok: injection/python-shell-command
    print(f"ping -c 1 {host}")
    return output + listing.encode() + text.encode() + str(status).encode()


def run_prebuilt(command):
    # todo-expect: injection/python-shell-command
    return subprocess.run(command, shell=True)
