#!/usr/bin/env bash
# Times the portal's home page and "my requests" for a person with 200 tickets (issue 10):
# release ssp-server on a free loopback port, a temporary database with the real catalogue,
# 200 IT-002 tickets filed through the API, then N (default 500) sequential requests of each
# page over one keep-alive connection; prints median and p99 in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ssp-server >/dev/null
swift build -c release --product ssp-admin >/dev/null
exec python3 Benchmarks/portal.py .build/release "${N:-500}"
