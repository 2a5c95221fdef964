#!/usr/bin/env bash
# The API fuzzed against its own OpenAPI document (issue 14): schemathesis (PyPI) against a live
# ssp-server on a free loopback port, with a seeded database (the catalogue, a desk inventory,
# tickets) and the tokens of two roles (an administrator and a staff member). Checks: no 5xx, and
# every response conforming to the document (status code, content type, headers, body schema).
# Valid-but-refused requests (a date range backwards, a review of an unknown scope) are rules the
# schemas do not state; they are not failures here.
# Usage: Tests/Operations/schemathesis.sh BIN_DIR SCHEMATHESIS   (from .ci/run)
set -euo pipefail
bin=$(cd "$1" && pwd)
schemathesis=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
db=$work/ssp.sqlite
admin() { "$bin/ssp-admin" "$@" --db "$db" > /dev/null; }
admin catalog import
admin users add --name "Ann Admin" --email admin@sprb.brussels --admin
admin users add --name "Sam Staff" --email staff@sprb.brussels --administration BH
admin users add --name "Ivo Agent" --email agent@sprb.brussels --agent IT
{
  echo "building,floor,zone,administration,desk,kind,owner_email,equipment,active"
  for n in 1 2 3 4; do echo "IRIS,13,IRIS-F13-BH,BH,IRIS-F13-00$n,flex,,docking,yes"; done
} > "$work/desks.csv"
admin desks import "$work/desks.csv"
admin desks building IRIS --calendar always-open --morning 00:00-12:00 --afternoon 12:00-23:59
token() { "$bin/ssp-admin" tokens create --user "$1" --db "$db" | tail -1; }
admin_token=$(token admin@sprb.brussels)
staff_token=$(token staff@sprb.brussels)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
"$bin/ssp-server" --host 127.0.0.1 --port "$port" --db "$db" 2> "$work/server.log" &
server=$!
for _ in $(seq 100); do curl -sf "$base/ready" > /dev/null && break; sleep 0.2; done
curl -sf "$base/ready" > /dev/null || { cat "$work/server.log"; exit 1; }
for n in 1 2 3; do
  curl -sf -o /dev/null -X POST "$base/api/v1/tickets" -H "Authorization: Bearer $staff_token" -H 'Content-Type: application/json' \
    -d "{\"service\":\"IT-002\",\"subject\":\"Laptop $n\",\"answers\":{\"asset_tag\":\"GOB-$n\",\"problem\":\"Zwart scherm\",\"can_work\":false}}"
done

status=0
for who in admin staff; do
  token_var=${who}_token
  echo "schemathesis as $who:"
  # -w 1: a Hypothesis error in schemathesis itself was seen with 2 workers (CPython 3.11).
  if ! timeout 900 "$schemathesis" run "$base/api/v1/openapi.yaml" --url "$base/api/v1" \
    -H "Authorization: Bearer ${!token_var}" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --max-examples 25 --seed 42 -w 1 --no-color > "$work/$who.out" 2>&1; then
    status=1
  fi
  grep -E "^(Test cases|Summary|API Operations|Failures|Errors|Warnings|Test Phases)|passed|failed|generated" "$work/$who.out" | tail -12 || true
  if ((status)); then cat "$work/$who.out" | tail -80; fi
done
if grep -q "error" "$work/server.log"; then echo "server log:"; grep "error" "$work/server.log" | head -20; status=1; fi
exit $status
