"""Server time of the agents', facilities' and quality pages (issue 13); see workspace.sh.

A demo database of --seeded tickets over the past year, plus --open tickets filed now through the
API (the demo's own open share is about 3 %), so that the queue has what a busy directorate has.
Then, over one keep-alive connection on 127.0.0.1, N sequential requests of each page:
the IT queue (50 rows), the workspace of a ticket with 20 comments, a ticket search for a common
word, and the occupancy dashboard for a year. Every loop is bounded in count; the server is
stopped at the end. Prints median and p99 in milliseconds (client-measured on the loopback).
"""
import argparse
import http.client
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

from loopback import free_port, wait_port

parser = argparse.ArgumentParser()
parser.add_argument("--bin", default=".build/release")
parser.add_argument("--db", help="a database made by an earlier run (default: seed one)")
parser.add_argument("--seeded", type=int, default=91_700)
parser.add_argument("--open", type=int, default=8_300)
parser.add_argument("-n", type=int, default=300)
parser.add_argument("--now", default="2026-12-01T12:00:00+01:00")
args = parser.parse_args()
work = tempfile.mkdtemp(prefix="ssp-workspace-bench-")
db = args.db or os.path.join(work, "ssp.sqlite")
PASSWORD = "correct horse battery"


def admin(*arguments, stdin=None):
    return subprocess.run([os.path.join(args.bin, "ssp-admin"), *arguments, "--db", db], input=stdin, capture_output=True, text=True, check=True).stdout


def one(sql):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchone()


fresh = not args.db
if fresh:
    started = time.time()
    admin("demo", "seed", "--tickets", str(args.seeded), "--now", args.now)
    print(f"seeded {args.seeded} tickets in {time.time() - started:.0f} s", file=sys.stderr)
agent = one("""SELECT u.email FROM user u JOIN user_directorate d ON d.user_id = u.id AND d.relation = 'agent'
    WHERE d.directorate_code = 'IT' AND u.active = 1 ORDER BY u.id LIMIT 1""")[0]
requester = one("""SELECT u.email FROM user u WHERE u.active = 1 AND NOT EXISTS (SELECT 1 FROM user_directorate d WHERE d.user_id = u.id)
    ORDER BY u.id LIMIT 1""")[0]
facilities = one("SELECT u.email FROM user u JOIN user_role r ON r.user_id = u.id AND r.role = 'facilities' WHERE u.active = 1 ORDER BY u.id LIMIT 1")[0]
for email in [agent, facilities]:
    admin("users", "set-password", email, stdin=PASSWORD + "\n")
port = free_port()
server = subprocess.Popen([os.path.join(args.bin, "ssp-server"), "--host", "127.0.0.1", "--port", str(port), "--db", db],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    wait_port(port)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def call(method, path, body=None, headers=None):
        conn.request(method, path, body, headers or {})
        response = conn.getresponse()
        return response, response.read()

    if fresh:
        token = admin("tokens", "create", "--user", requester).strip().splitlines()[-1]
        agent_token = admin("tokens", "create", "--user", agent).strip().splitlines()[-1]
        auth = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        body = json.dumps({"service": "IT-002", "subject": "Laptop start niet", "channel": "portal",
                           "answers": {"asset_tag": "GOB-1", "problem": "Zwart scherm na de update", "can_work": False}})
        for _ in range(args.open):
            response, _ = call("POST", "/api/v1/tickets", body, auth)
            assert response.status == 201, response.status
        # One ticket with 20 comments: the workspace's case
        response, data = call("POST", "/api/v1/tickets", body, auth)
        number = json.loads(data)["number"]
        agent_auth = {"Authorization": "Bearer " + agent_token, "Content-Type": "application/json"}
        for i in range(20):
            # The agent's replies and notes between the requester's replies
            by_agent = i % 2 == 0
            visibility = "note" if by_agent and i % 4 == 0 else "reply"
            comment = json.dumps({"body": f"Bericht {i + 1}: de laptop wordt nagekeken, de schijf lijkt defect.", "visibility": visibility})
            response, _ = call("POST", f"/api/v1/tickets/{number}/comments", comment, agent_auth if by_agent else auth)
            assert response.status == 201, (response.status, i)
    number = one("SELECT t.number FROM ticket t WHERE (SELECT count(*) FROM ticket_comment c WHERE c.ticket_id = t.id) = 20 ORDER BY t.id DESC LIMIT 1")[0]
    total, open_count = one("""SELECT count(*), count(*) FILTER (WHERE status IN ('awaiting_approval', 'new', 'assigned', 'in_progress',
        'waiting_on_requester')) FROM ticket""")
    it_open = one("SELECT count(*) FROM ticket WHERE directorate_code = 'IT' AND status IN ('awaiting_approval', 'new', 'assigned', 'in_progress', 'waiting_on_requester')")[0]
    print(f"database: {total} tickets, {open_count} open ({it_open} of IT); workspace ticket {number} with 20 comments", file=sys.stderr)

    def sign_in(email):
        response, page = call("GET", "/sign-in")
        signin = re.search(r"ssp_signin=([^;]+)", response.getheader("Set-Cookie")).group(1)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.decode()).group(1)
        form = urllib.parse.urlencode({"csrf": csrf, "email": email, "password": PASSWORD, "next": "/"})
        response, _ = call("POST", "/sign-in", form, {"Origin": f"http://127.0.0.1:{port}", "Host": f"127.0.0.1:{port}",
                                                        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "ssp_signin=" + signin})
        cookies = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") if "Max-Age=0" not in c)
        assert "ssp_session=" in cookies, cookies
        return cookies

    pages = [
        ("agent queue, IT, 50 rows", agent, "/queue?directorate=IT", lambda html: html.count('class="row-link"') == 50),
        ("ticket workspace, 20 comments", agent, f"/tickets/{number}", lambda html: len(re.findall(r'id="comment-[0-9]+"', html)) == 20),
        ("ticket search, common word 'laptop'", agent, "/search?q=laptop", lambda html: html.count('class="row-link"') == 25),
        ("occupancy dashboard, 12 months", facilities, "/facilities/occupancy", lambda html: "svg" in html),
    ]
    print("| page | requests | median ms | p99 ms |")
    print("|---|---|---|---|")
    for name, email, path, check in pages:
        cookies = sign_in(email)
        response, html = call("GET", path, headers={"Cookie": cookies})
        assert response.status == 200 and check(html.decode()), (name, response.status)
        count = max(20, args.n // 10) if "occupancy" in name else args.n
        times = []
        for _ in range(count):
            start = time.perf_counter()
            response, _ = call("GET", path, headers={"Cookie": cookies})
            times.append((time.perf_counter() - start) * 1000)
            assert response.status == 200, response.status
        times.sort()
        print(f"| {name} | {count} | {statistics.median(times):.1f} | {times[max(0, int(count * 0.99) - 1)]:.1f} |")
    print(f"\nDatabase: {db}", file=sys.stderr)
finally:
    server.terminate()
    server.wait(timeout=10)
