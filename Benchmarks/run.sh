#!/usr/bin/env bash
# Files tickets over HTTP against a release ssp-server on 127.0.0.1 and a free port,
# then stops it. Bounded: --count requests or --seconds, whichever comes first.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ssp-server
swift build -c release --product ssp-admin
BIN=.build/release
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export SSP_DB_PATH="$WORK/ssp.sqlite"
$BIN/ssp-admin catalog import >/dev/null
$BIN/ssp-admin users add --name "Bench Requester" --email bench@sprb.brussels >/dev/null
TOKEN=$($BIN/ssp-admin tokens create --user bench@sprb.brussels | tail -n 1)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
$BIN/ssp-server --port "$PORT" --log-level warning &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
python3 Benchmarks/file_ticket.py --port "$PORT" --token "$TOKEN" "$@"
