#!/usr/bin/env python3
"""HTTP load of a release ssp-server with wrk, beside the bare-stack floor in the same run (issue 12).

Run through Benchmarks/load.sh, which builds the release binaries and the floor probe. This script:
- uses the database given with --db (a `ssp-admin demo seed` database), or seeds one with
  --tickets demo tickets in a temporary folder;
- creates API tokens for a requester, an IT agent, a FAC team lead and --bookers staff members;
- starts ssp-server and the floor probe (../shared/bench/baseline) on free ports of 127.0.0.1;
- runs each workload with wrk for --seconds after a 2 s warm-up, every wrk run bounded in time
  and in requests (its Lua script stops each thread after --max-requests);
- reads the server's CPU time (/proc/PID/stat) around each run and its peak RSS (VmHWM) at the end;
- prints one Markdown table: requests/s, p50 and p99 latency, server CPU per request, and SSP as a
  share of the floor's matching route, measured in this run.
"""
import argparse
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zoneinfo

from loopback import free_port, wait_port

parser = argparse.ArgumentParser()
parser.add_argument("--db", help="an existing demo database (default: seed one)")
parser.add_argument("--tickets", type=int, default=30_000, help="demo tickets to seed when --db is not given")
parser.add_argument("--seconds", type=int, default=10, help="measured seconds per workload")
parser.add_argument("--max-requests", type=int, default=300_000, help="per wrk thread, a bound besides the time")
parser.add_argument("--bookers", type=int, default=300, help="staff members with tokens for the booking workload")
parser.add_argument("--only", help="comma-separated workload names to run (default: all)")
parser.add_argument("--bin", default=".build/release")
parser.add_argument("--floor", default=".build-baseline/release/BaselineProbe")
args = parser.parse_args()

work = tempfile.mkdtemp(prefix="ssp-load-")
processes = []


def admin(*arguments):
    return subprocess.run([f"{args.bin}/ssp-admin", *arguments, "--db", db], check=True, capture_output=True, text=True).stdout


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0


def api(port, method, path, token, body=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1{path}", method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


# The Lua part every run shares: bounded threads and a JSON summary on stdout.
LUA_REPORT = """
local sent = 0
local limit = %d
local function bounded()
  sent = sent + 1
  if sent > limit then wrk.thread:stop() end
end
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('{"requests": %%d, "seconds": %%.3f, "errors": %%d, "p50_ms": %%.3f, "p99_ms": %%.3f}\\n',
    summary.requests, summary.duration / 1e6, bad, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
""" % args.max_requests


def lua_literal(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def script(name, requests_lua):
    path = os.path.join(work, name + ".lua")
    with open(path, "w") as f:
        f.write(LUA_REPORT + requests_lua)
    return path


def fixed(method, path, token=None, body=None):
    """A Lua script sending the same request each time."""
    headers = "".join(
        f'wrk.headers[{lua_literal(k)}] = {lua_literal(v)}\n'
        for k, v in ({"Authorization": f"Bearer {token}"} if token else {}).items())
    if body is not None:
        headers += 'wrk.headers["Content-Type"] = "application/json"\n'
    return headers + f"""
local body = {lua_literal(json.dumps(body)) if body is not None else "nil"}
request = function()
  bounded()
  return wrk.format({lua_literal(method)}, {lua_literal(path)}, nil, body)
end
"""


def run(name, url, lua, connections, pid):
    path = script(name, lua)
    threads = f"-t{min(2, connections)}"  # wrk needs a connection per thread
    subprocess.run(["wrk", threads, f"-c{connections}", "-d2s", "-s", path, url], check=True, capture_output=True)
    before = cpu_seconds(pid)
    out = subprocess.run(["wrk", threads, f"-c{connections}", f"-d{args.seconds}s", "-s", path, url], check=True, capture_output=True, text=True).stdout
    cpu = cpu_seconds(pid) - before
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    result["cpu_ms"] = 1000 * cpu / max(result["requests"], 1)
    print(f"  {name}: {result['rps']:.0f} req/s, p50 {result['p50_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms, "
          f"{result['cpu_ms']:.3f} ms CPU/request, {result['errors']} errors", file=sys.stderr)
    return result


try:
    if args.db:
        db = args.db
    else:
        db = os.path.join(work, "ssp.sqlite")
        print(f"seeding {args.tickets} demo tickets …", file=sys.stderr)
        admin("demo", "seed", "--tickets", str(args.tickets), "--booking-months", "1")
    connection = sqlite3.connect(db)
    tickets = connection.execute("SELECT count(*) FROM ticket").fetchone()[0]
    requester = connection.execute(
        "SELECT email FROM user WHERE manager_id IS NOT NULL AND active = 1 AND id NOT IN (SELECT user_id FROM user_role WHERE role <> 'requester') ORDER BY id LIMIT 1").fetchone()[0]
    agent = connection.execute(
        "SELECT u.email FROM user u JOIN user_directorate d ON d.user_id = u.id WHERE d.directorate_code = 'IT' AND d.relation = 'agent' ORDER BY u.id LIMIT 1").fetchone()[0]
    lead = connection.execute(
        "SELECT u.email FROM user u JOIN user_directorate d ON d.user_id = u.id WHERE d.directorate_code = 'FAC' AND d.relation = 'team_lead' ORDER BY u.id LIMIT 1").fetchone()[0]
    bookers = [row[0] for row in connection.execute(
        # Spread over every administration: each books in its own zones, which the 0.6 norm leaves short of desks.
        "SELECT email FROM user WHERE active = 1 ORDER BY (id * 7919) % 1575 LIMIT ?", (args.bookers,))]
    open_fac = connection.execute(
        "SELECT count(*) FROM ticket WHERE directorate_code = 'FAC' AND status IN ('awaiting_approval', 'new', 'assigned', 'in_progress', 'waiting_on_requester')").fetchone()[0]
    connection.close()
    token = {email: admin("tokens", "create", "--user", email).strip().splitlines()[-1] for email in [requester, agent, lead]}
    booker_tokens = [admin("tokens", "create", "--user", email).strip().splitlines()[-1] for email in bookers]

    port = free_port()
    started = time.monotonic()
    server = subprocess.Popen([f"{args.bin}/ssp-server", "--port", str(port), "--db", db, "--log-level", "error"])
    processes.append(server)
    wait_port(port)
    startup = time.monotonic() - started
    url = f"http://127.0.0.1:{port}"

    filing = {"service": "IT-002", "subject": "Mon portable ne démarre plus", "channel": "portal",
              "answers": {"asset_tag": "GOB-12345", "problem": "Écran noir au démarrage", "can_work": False}}
    # The ticket read by "get": filed now, with 10 comments (replies of the requester and the agent).
    number = api(port, "POST", "/tickets", token[requester], filing)["number"]
    for index in range(10):
        author = token[requester] if index % 2 == 0 else token[agent]
        api(port, "POST", f"/tickets/{number}/comments", author, {"body": f"Commentaire {index + 1}: l'écran reste noir, même après redémarrage."})
    queries = ["badge", "wachtwoord vergeten", "imprimante", "ziek", "note de frais", "parking", "laptop", "congé", "vpn", "bureau flexible"]

    def rotating(who, paths):
        """A wrk script that GETs `paths` in turn with `who`'s token."""
        return f'wrk.headers["Authorization"] = "Bearer {token[who]}"\nlocal paths = {{' + ",".join(map(lua_literal, paths)) + """}
local i = 0
request = function()
  bounded()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
"""

    search_lua = rotating(requester, ["/api/v1/services?q=" + urllib.parse.quote(q) for q in queries])
    # Bookings: each staff member books days 15-28 from today (the demo booked the next two weeks), morning and afternoon.
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Brussels")).date()
    days = [today + datetime.timedelta(days=d) for d in range(15, 29)]
    days = [d.isoformat() for d in days if d.weekday() < 5]
    combos = [(t, d, s) for d in days for s in ("morning", "afternoon") for t in booker_tokens]
    booking_lua = "local combos = {" + ",".join(
        "{%s,%s}" % (lua_literal(t), lua_literal(json.dumps({"date": d, "slot": s}))) for t, d, s in combos) + """}
local i = 0
local threads = 0
setup = function(thread)
  thread:set("thread_offset", threads)
  threads = threads + 1
end
request = function()
  bounded()
  i = i + 1
  local k = (i - 1) * 2 + (thread_offset or 0) + 1
  if k > #combos then wrk.thread:stop() k = #combos end
  local combo = combos[k]
  return wrk.format("POST", "/api/v1/desks/bookings", {["Authorization"] = "Bearer " .. combo[1], ["Content-Type"] = "application/json"}, combo[2])
end
"""
    queue = "/api/v1/tickets?directorate=FAC&open=true&sort=due&limit=50"
    # Ticket search for common words of the demo's texts (each in 20-90 % of the tickets), 50 per page:
    # the FAC team lead within FAC, and a staff member within their own requests.
    common = ["opgelost", "résolu", "iris tower", "beschrijving", "interne nota", "voir description"]


    def ticket_search_lua(who):
        return rotating(who, ["/api/v1/tickets?limit=50&q=" + urllib.parse.quote(q) for q in common])
    workloads = [
        ("file c1", lambda: run("file-c1", url, fixed("POST", "/api/v1/tickets", token[requester], filing), 1, server.pid), "insert c1"),
        ("file c16", lambda: run("file-c16", url, fixed("POST", "/api/v1/tickets", token[requester], filing), 16, server.pid), "insert c16"),
        ("get ticket (10 comments) c16", lambda: run("get", url, fixed("GET", f"/api/v1/tickets/{number}", token[agent]), 16, server.pid), "select c16"),
        ("agent queue (50 open FAC, by due) c8", lambda: run("queue", url, fixed("GET", queue, token[lead]), 8, server.pid), None),
        ("ticket search, common word, FAC team lead c8", lambda: run("ticket-search-lead", url, ticket_search_lua(lead), 8, server.pid), None),
        ("ticket search, common word, staff c8", lambda: run("ticket-search-staff", url, ticket_search_lua(requester), 8, server.pid), None),
        ("catalogue search c16", lambda: run("search", url, search_lua, 16, server.pid), "static c16"),
        ("/services listing c16", lambda: run("services", url, fixed("GET", "/api/v1/services?limit=50", token[requester]), 16, server.pid), "static c16"),
        ("book a desk c16", lambda: run("book", url, booking_lua, 16, server.pid), "insert c16"),
    ]
    only = set(args.only.split(",")) if args.only else None
    results = {}
    print(f"SSP: {tickets} tickets ({open_fac} open FAC tickets), server up in {startup:.2f} s", file=sys.stderr)
    for name, measure, _ in workloads:
        if only is None or any(o in name for o in only):
            results[name] = measure()
    rss = peak_rss_mib(server.pid)
    server.terminate()
    server.wait()

    floor_port = free_port()
    floor = subprocess.Popen([args.floor], env={**os.environ, "PORT": str(floor_port), "SYNC": "FULL", "DB": os.path.join(work, "floor.sqlite")},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    processes.append(floor)
    wait_port(floor_port)
    floor_url = f"http://127.0.0.1:{floor_port}"
    print("floor (bare Hummingbird + GRDB):", file=sys.stderr)
    body = "Réservation d'un bureau flexible – één persoon, déjà vu. " * 7
    insert_lua = 'wrk.headers["Content-Type"] = "text/plain"\n' + f"""
request = function()
  bounded()
  return wrk.format("POST", "/t", nil, {lua_literal(body)})
end
"""
    floors = {
        "insert c1": run("floor-insert-c1", floor_url, insert_lua, 1, floor.pid),
        "insert c16": run("floor-insert-c16", floor_url, insert_lua, 16, floor.pid),
        "select c16": run("floor-select-c16", floor_url, fixed("GET", "/t/1"), 16, floor.pid),
        "static c16": run("floor-static-c16", floor_url, fixed("GET", "/"), 16, floor.pid),
    }
    floor.terminate()

    print(f"\n{tickets:,} tickets; ssp-server up in {startup:.2f} s; peak RSS {rss:.0f} MiB; wrk -t2 (-t1 at c1), {args.seconds} s per row after 2 s of warm-up\n")
    print("| workload | SSP req/s | p50 ms | p99 ms | server CPU ms/request | floor route | floor req/s | SSP share |")
    print("|---|---|---|---|---|---|---|---|")
    for name, _, floor_name in workloads:
        if name not in results:
            continue
        r = results[name]
        f = floors.get(floor_name)
        share = f"{100 * r['rps'] / f['rps']:.0f} %" if f else "—"
        # Non-2xx answers: for bookings, 409s when a zone is full or the person has a desk already.
        errors = f" ({r['errors']} non-2xx)" if r["errors"] else ""
        print(f"| {name}{errors} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['cpu_ms']:.3f} | "
              f"{floor_name or '—'} | {f['rps']:,.0f} | {share} |" if f else
              f"| {name}{errors} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['cpu_ms']:.3f} | — | — | — |")
    for name, f in floors.items():
        print(f"| floor {name} | {f['rps']:,.0f} | {f['p50_ms']:.2f} | {f['p99_ms']:.2f} | {f['cpu_ms']:.3f} | | | |")
finally:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    subprocess.run(["rm", "-rf", work])
