"""No acknowledged write is lost (issue 14): ssp-server killed with SIGKILL at a random moment while
16 clients file tickets, comment, cancel and book desks; after each kill, every request that got a
2xx must be in the database exactly once, nothing half-written, and PRAGMA integrity_check ok.

Run after `swift build` (CI: `.ci/run`):  python3 Tests/Operations/crash_test.py [--rounds N]
Python's standard library only. Bounded: at most --rounds rounds (default 24) and --seconds
seconds in all (default 300); each client stops at the kill; every request has a 5 s timeout.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SSP_BIN", os.path.join(ROOT, ".build", "debug"))
CLIENTS = 16
LAPTOP = {"can_work": False, "asset_tag": "GOB-12345", "problem": "Zwart scherm"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def admin(db, *args, stdin=None):
    result = subprocess.run([os.path.join(BIN, "ssp-admin"), *args, "--db", db], input=stdin, capture_output=True, text=True, timeout=120, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"ssp-admin {' '.join(args)}: {result.stderr}")
    return result.stdout


class Acknowledged:
    """What the server answered 2xx to, across rounds (the writes that must survive)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tickets = {}  # number -> subject
        self.comments = {}  # comment id -> (number, body)
        self.cancelled = set()  # numbers
        self.bookings = {}  # booking id -> (desk, date)

    def count(self):
        with self.lock:
            return len(self.tickets) + len(self.comments) + len(self.cancelled) + len(self.bookings)


def call(base, token, method, path, body=None):
    """(status, JSON) or None when the server gave no answer (killed)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    request.add_header("Idempotency-Key", str(uuid.uuid4()))
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}
    except (OSError, ValueError):
        return None


def client(index, base, token, desk, dates, acknowledged, stop, failures):
    mine = []  # numbers this client filed (and may comment on or cancel)
    rng = random.Random(index * 7919 + int(time.time()))
    while not stop.is_set():
        choice = rng.random()
        if not mine or choice < 0.4:
            subject = f"Crash test {index} {uuid.uuid4().hex[:8]}"
            answer = call(base, token, "POST", "/api/v1/tickets", {"service": "IT-002", "subject": subject, "answers": LAPTOP, "channel": "portal"})
            if answer and answer[0] == 201:
                with acknowledged.lock:
                    acknowledged.tickets[answer[1]["number"]] = subject
                mine.append(answer[1]["number"])
        elif choice < 0.75:
            number = rng.choice(mine)
            body = f"Nog steeds kapot {uuid.uuid4().hex[:8]}"
            answer = call(base, token, "POST", f"/api/v1/tickets/{number}/comments", {"body": body, "visibility": "reply"})
            if answer and answer[0] == 201:
                with acknowledged.lock:
                    acknowledged.comments[answer[1]["id"]] = (number, body)
        elif choice < 0.85:
            number = mine.pop(rng.randrange(len(mine)))
            answer = call(base, token, "POST", f"/api/v1/tickets/{number}/transitions", {"action": "cancel"})
            if answer and answer[0] == 200:
                with acknowledged.lock:
                    acknowledged.cancelled.add(number)
        elif dates:
            date = dates[0]
            answer = call(base, token, "POST", "/api/v1/desks/bookings", {"desk": desk, "date": date, "slot": "day"})
            if answer and answer[0] == 201:
                dates.pop(0)
                with acknowledged.lock:
                    acknowledged.bookings[answer[1]["id"]] = (desk, date)
            elif answer and answer[0] == 409:
                dates.pop(0)  # booked by a request whose answer was lost in an earlier kill
        if answer is None:
            return  # the server is gone
        if answer[0] >= 500:
            failures.append(f"client {index}: {answer[0]}")


def check(db, acknowledged):
    """Every acknowledged write once, nothing half-written, integrity ok; the failures found."""
    failures = []
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            failures.append(f"integrity_check: {integrity}")
        with acknowledged.lock:
            tickets = dict(acknowledged.tickets)
            comments = dict(acknowledged.comments)
            cancelled = set(acknowledged.cancelled)
            bookings = dict(acknowledged.bookings)
        for number, subject in tickets.items():
            rows = connection.execute("SELECT subject FROM ticket WHERE number = ?", (number,)).fetchall()
            if rows != [(subject,)]:
                failures.append(f"ticket {number}: {rows}")
        for comment_id, (number, body) in comments.items():
            rows = connection.execute(
                "SELECT t.number, c.body FROM ticket_comment c JOIN ticket t ON t.id = c.ticket_id WHERE c.id = ?", (comment_id,)).fetchall()
            if rows != [(number, body)]:
                failures.append(f"comment {comment_id}: {rows}")
        for number in cancelled:
            rows = connection.execute(
                "SELECT t.status, count(e.id) FROM ticket t JOIN ticket_event e ON e.ticket_id = t.id AND e.kind = 'status_changed' AND e.to_value = 'cancelled' WHERE t.number = ?",
                (number,)).fetchall()
            if rows != [("cancelled", 1)]:
                failures.append(f"cancelled {number}: {rows}")
        for booking_id, (desk, date) in bookings.items():
            rows = connection.execute(
                "SELECT d.code, b.date FROM booking b JOIN desk d ON d.id = b.desk_id WHERE b.id = ?", (booking_id,)).fetchall()
            if rows != [(desk, date)]:
                failures.append(f"booking {booking_id}: {rows}")
        # Nothing half-written, acknowledged or not: a ticket without its filed event, a comment without its event.
        for label, sql in [
            ("tickets without their filed event",
             "SELECT count(*) FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'filed')"),
            ("comments without their event",
             "SELECT count(*) FROM ticket_comment c WHERE NOT EXISTS (SELECT 1 FROM ticket_event e WHERE e.ticket_id = c.ticket_id AND e.kind = 'commented' AND json_extract(e.payload, '$.comment_id') = CAST(c.id AS TEXT))"),
            ("cancelled tickets without their event",
             "SELECT count(*) FROM ticket t WHERE t.status = 'cancelled' AND NOT EXISTS (SELECT 1 FROM ticket_event e WHERE e.ticket_id = t.id AND e.to_value = 'cancelled')"),
            ("duplicate ticket subjects", "SELECT count(*) FROM (SELECT subject FROM ticket GROUP BY subject HAVING count(*) > 1)"),
        ]:
            count = connection.execute(sql).fetchone()[0]
            if count:
                failures.append(f"{count} {label}")
        found = (connection.execute("SELECT count(*) FROM ticket").fetchone()[0], connection.execute("SELECT count(*) FROM ticket_comment").fetchone()[0],
                 connection.execute("SELECT count(*) FROM booking").fetchone()[0])
    finally:
        connection.close()
    return failures, found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=300)
    options = parser.parse_args()
    started = time.time()
    folder = tempfile.mkdtemp(prefix="ssp-crash-")
    db = os.path.join(folder, "ssp.sqlite")
    admin(db, "catalog", "import")
    tokens = []
    for n in range(CLIENTS):
        email = f"crash{n}@sprb.brussels"
        admin(db, "users", "add", "--name", f"Crash Test {n}", "--email", email, "--administration", "BH")
        tokens.append(admin(db, "tokens", "create", "--user", email).strip().splitlines()[-1])
    with open(os.path.join(folder, "desks.csv"), "w") as f:
        f.write("building,floor,zone,administration,desk,kind,owner_email,equipment,active\n")
        for n in range(CLIENTS):
            f.write(f"IRIS,13,IRIS-F13-BH,BH,IRIS-F13-{n + 1:03},flex,,,yes\n")
    admin(db, "desks", "import", os.path.join(folder, "desks.csv"))
    admin(db, "desks", "building", "IRIS", "--calendar", "always-open", "--morning", "00:00-12:00", "--afternoon", "12:00-23:59")
    today = datetime.date.today()
    dates = [[(today + datetime.timedelta(days=d)).isoformat() for d in range(1, 28)] for _ in range(CLIENTS)]
    acknowledged = Acknowledged()
    failures = []
    rounds = 0
    log = open(os.path.join(folder, "server.log"), "w")
    while rounds < options.rounds and time.time() - started < options.seconds:
        rounds += 1
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([os.path.join(BIN, "ssp-server"), "--host", "127.0.0.1", "--port", str(port), "--db", db], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/ready", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    server.kill()
                    sys.exit(f"round {rounds}: ssp-server did not start (see {folder}/server.log)")
                time.sleep(0.05)
        stop = threading.Event()
        threads = [threading.Thread(target=client, args=(n, base, tokens[n], f"IRIS-F13-{n + 1:03}", dates[n], acknowledged, stop, failures))
                   for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(random.uniform(0.3, 1.5))
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        found_failures, found = check(db, acknowledged)
        failures += [f"round {rounds}: {failure}" for failure in found_failures]
        print(f"round {rounds}: {acknowledged.count()} writes acknowledged so far; in the database {found[0]} tickets, {found[1]} comments, {found[2]} bookings",
              flush=True)
        if failures:
            break
    print(f"{rounds} rounds in {time.time() - started:.0f} s: {len(acknowledged.tickets)} tickets, {len(acknowledged.comments)} comments, "
          f"{len(acknowledged.cancelled)} cancellations, {len(acknowledged.bookings)} bookings acknowledged; "
          f"{'all found exactly once' if not failures else 'FAILURES'}")
    for failure in failures[:50]:
        print("  " + failure)
    if failures or rounds < 20:
        sys.exit(f"kept for a look: {folder}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
