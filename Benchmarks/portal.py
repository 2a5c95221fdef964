"""Portal page timings; see portal.sh. Every loop is bounded in count; the server is stopped at the end."""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

from loopback import free_port, wait_port

BIN, N = sys.argv[1], int(sys.argv[2])
work = tempfile.mkdtemp(prefix="ssp-portal-bench-")
db = os.path.join(work, "ssp.sqlite")


def admin(*args, stdin=None):
    return subprocess.run([os.path.join(BIN, "ssp-admin"), *args, "--db", db], input=stdin, capture_output=True, text=True, check=True).stdout


admin("catalog", "import")
admin("users", "add", "--name", "Bram Coppens", "--email", "bram@sprb.brussels", "--administration", "BH")
admin("users", "set-password", "bram@sprb.brussels", stdin="correct horse battery\n")
token = admin("tokens", "create", "--user", "bram@sprb.brussels").strip().splitlines()[-1]
port = free_port()
server = subprocess.Popen([os.path.join(BIN, "ssp-server"), "--port", str(port), "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    wait_port(port)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = json.dumps({"service": "IT-002", "subject": "Laptop", "channel": "portal",
                       "answers": {"asset_tag": "GOB-1", "problem": "Zwart scherm", "can_work": False}})
    for i in range(200):
        conn.request("POST", "/api/v1/tickets", body, {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        assert response.status == 201, response.status
    origin = {"Origin": f"http://127.0.0.1:{port}", "Host": f"127.0.0.1:{port}"}
    conn.request("GET", "/sign-in")
    response = conn.getresponse()
    page = response.read().decode()
    signin_cookie = re.search(r"ssp_signin=([^;]+)", response.getheader("Set-Cookie")).group(1)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf": csrf, "email": "bram@sprb.brussels", "password": "correct horse battery", "next": "/"})
    conn.request("POST", "/sign-in", form, {**origin, "Content-Type": "application/x-www-form-urlencoded", "Cookie": "ssp_signin=" + signin_cookie})
    response = conn.getresponse()
    response.read()
    cookies = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") if "Max-Age=0" not in c)
    assert "ssp_session=" in cookies, cookies
    for path in ["/", "/requests?show=all"]:
        times = []
        for _ in range(N):
            start = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookies})
            response = conn.getresponse()
            response.read()
            times.append((time.perf_counter() - start) * 1000)
            assert response.status == 200, response.status
        times.sort()
        print(f"{path}: {N} requests, median {statistics.median(times):.2f} ms, p99 {times[int(N * 0.99) - 1]:.2f} ms")
finally:
    server.terminate()
    server.wait(timeout=10)
