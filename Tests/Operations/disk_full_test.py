"""A full disk (issue 14): write requests answer 503 problem+json with Retry-After, reads keep
working, nothing is half-written, and the server recovers by itself when space returns.

The disk is made "full" with the file-size limit (RLIMIT_FSIZE) of the ssp-server process, which
needs no mount and no privileges: writes past the limit fail with EFBIG exactly where a full disk
fails with ENOSPC (SIGXFSZ ignored). Space "returns" by raising the limit of the running process
(prlimit), without a restart.

Run after `swift build` (CI: `.ci/run`):  python3 Tests/Operations/disk_full_test.py
Python's standard library only; every loop is bounded in count and time.
"""

import json
import os
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SSP_BIN", os.path.join(ROOT, ".build", "debug"))
LAPTOP = {"can_work": False, "asset_tag": "GOB-12345", "problem": "Zwart scherm"}
# Room for the WAL to grow before the "disk" is full: a few dozen tickets of 2,000 characters.
HEADROOM = 1024 * 1024


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def admin(db, *args):
    result = subprocess.run([os.path.join(BIN, "ssp-admin"), *args, "--db", db], capture_output=True, text=True, timeout=120, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"ssp-admin {' '.join(args)}: {result.stderr}")
    return result.stdout


def call(base, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def main():
    failures = []
    folder = tempfile.mkdtemp(prefix="ssp-full-")
    db = os.path.join(folder, "ssp.sqlite")
    admin(db, "catalog", "import")
    admin(db, "users", "add", "--name", "Schijf Vol", "--email", "vol@sprb.brussels", "--administration", "BH")
    token = admin(db, "tokens", "create", "--user", "vol@sprb.brussels").strip().splitlines()[-1]
    # Every file the server writes may grow to this size: the WAL starts empty (ssp-admin checkpoints
    # on exit), so it fills after a few dozen tickets; the main file only grows at checkpoints.
    limit = HEADROOM

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed, as ENOSPC
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(folder, "server.log"), "w")
    server = subprocess.Popen([os.path.join(BIN, "ssp-server"), "--host", "127.0.0.1", "--port", str(port), "--db", db], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=log, preexec_fn=limited)
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/ready", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    sys.exit(f"ssp-server did not start (see {folder}/server.log)")
                time.sleep(0.1)
        filed = []
        refused = None
        big = lambda n: {"service": "IT-002", "subject": f"Schijf vol {n}", "description": "x" * 2000, "answers": LAPTOP}
        started = time.time()
        for n in range(3000):
            if time.time() - started > 120:
                break
            status, headers, body = call(base, token, "POST", "/api/v1/tickets", big(n))
            if status == 201:
                filed.append(body["number"])
            elif status == 503:
                refused = (headers, body)
                break
            else:
                failures.append(f"filing {n}: {status} {body}")
                break
        if refused is None:
            failures.append(f"no 503 after {len(filed)} filings")
        else:
            headers, body = refused
            if body.get("type") != "https://ssp.sprb.brussels/problems/storage-unavailable":
                failures.append(f"503 type: {body}")
            if headers.get("Retry-After") != "5" or not headers.get("Content-Type", "").startswith("application/problem+json"):
                failures.append(f"503 headers: {headers}")
            # Reads keep working while the disk is full.
            for path in ["/api/v1/tickets?limit=5", f"/api/v1/tickets/{filed[-1]}" if filed else "/api/v1/me", "/ready"]:
                status, _, _ = call(base, token, "GET", path)
                if status != 200:
                    failures.append(f"GET {path} while full: {status}")
            # The same write again is refused too, and the server is still alive.
            status, _, body = call(base, token, "POST", "/api/v1/tickets", big("opnieuw"))
            if status == 201:
                filed.append(body["number"])
            if status != 503:
                failures.append(f"second write while full: {status}")
            # Space returns: the same server files again, without a restart (bounded wait).
            resource.prlimit(server.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            recovered = False
            for _ in range(50):
                status, _, body = call(base, token, "POST", "/api/v1/tickets", {"service": "IT-002", "subject": "Weer ruimte", "answers": LAPTOP})
                if status == 201:
                    filed.append(body["number"])
                    recovered = True
                    break
                time.sleep(0.2)
            if not recovered:
                failures.append(f"no recovery after the limit was lifted: {status} {body}")
        print(f"{len(filed)} tickets filed before and after the full disk; first refusal: {refused[1].get('detail') if refused else 'none'}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        failures.append(f"integrity_check: {integrity}")
    stored = [row[0] for row in connection.execute("SELECT number FROM ticket ORDER BY id")]
    if sorted(stored) != sorted(filed):
        failures.append(f"stored tickets {len(stored)} differ from the {len(filed)} acknowledged (a refused write was half-kept, or a filed one lost)")
    orphans = connection.execute(
        "SELECT count(*) FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'filed')").fetchone()[0]
    if orphans:
        failures.append(f"{orphans} tickets without their filed event")
    connection.close()
    for failure in failures:
        print("  " + failure)
    if failures:
        sys.exit(f"kept for a look: {folder}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
