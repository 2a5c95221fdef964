#!/usr/bin/env python3
"""Latency of filing one ticket over HTTP: POST /api/v1/tickets, one keep-alive
connection, sequential requests, bounded in count (--count) and time (--seconds).

Usage: Benchmarks/run.sh (builds, starts the release server on 127.0.0.1 and
a free port, seeds a token, runs this script, stops the server).
"""
import argparse
import http.client
import json
import statistics
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--token", required=True)
parser.add_argument("--count", type=int, default=1000)
parser.add_argument("--warmup", type=int, default=50)
parser.add_argument("--seconds", type=float, default=120.0)
args = parser.parse_args()

body = json.dumps({
    "service": "IT-002", "subject": "Mon portable ne démarre plus", "channel": "portal",
    "answers": {"asset_tag": "GOB-12345", "problem": "Écran noir au démarrage", "can_work": False},
}).encode()
headers = {"Authorization": f"Bearer {args.token}", "Content-Type": "application/json"}
connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)

def file_one():
    connection.request("POST", "/api/v1/tickets", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    if response.status != 201:
        raise SystemExit(f"unexpected status {response.status}")

for _ in range(args.warmup):
    file_one()
latencies = []
deadline = time.monotonic() + args.seconds
while len(latencies) < args.count and time.monotonic() < deadline:
    start = time.perf_counter()
    file_one()
    latencies.append((time.perf_counter() - start) * 1000)
latencies.sort()
print(json.dumps({
    "requests": len(latencies),
    "median_ms": round(statistics.median(latencies), 3),
    "p90_ms": round(latencies[int(len(latencies) * 0.9) - 1], 3),
    "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 3),
    "max_ms": round(latencies[-1], 3),
}))
