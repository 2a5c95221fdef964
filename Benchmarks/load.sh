#!/usr/bin/env bash
# HTTP load of a release ssp-server with wrk, the bare-stack floor measured in the same run (issue 12).
# Usage: Benchmarks/load.sh [--db DEMO.sqlite | --tickets N] [--seconds S] [--only NAMES]
# Without --db it seeds N demo tickets (default 30,000) in a temporary folder. Every server listens on
# 127.0.0.1 and a free port; every wrk run is bounded in time and in requests. See Benchmarks/load.py.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update && apt-get install -y wrk; }
swift build -c release --product ssp-server >/dev/null
swift build -c release --product ssp-admin >/dev/null
swift build -c release --package-path ../shared/bench/baseline --scratch-path .build-baseline >/dev/null
exec python3 Benchmarks/load.py "$@"
