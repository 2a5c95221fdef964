#!/usr/bin/env bash
# Server time of the agent queue, the ticket workspace, the ticket search and the occupancy
# dashboard on a database of ~100,000 tickets of which ~10,000 open (issue 13); see workspace.py.
# Pass --db to reuse the database an earlier run printed.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ssp-server >/dev/null
swift build -c release --product ssp-admin >/dev/null
exec python3 Benchmarks/workspace.py "$@"
