#!/usr/bin/env bash
# Times a PDCA review over about 1,000,000 tickets: seeds the demo (8,000 tickets
# over the past year), copies them COPIES times (default 124) with their clocks and
# surveys, then times `review show` for one directorate and for the whole SSP.
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES=${COPIES:-124}
PERIOD=${PERIOD:-$(date -d "-3 months" +%Y)-Q$(( ($(date -d "-3 months" +%-m) - 1) / 3 + 1 ))}
source Benchmarks/common.sh
$BIN demo seed --db "$DB" >/dev/null
COLS="service_code, directorate_code, requester_id, filed_by_id, assignee_id, channel, subject, description, answers, impact, urgency,
      priority, status, created_at, updated_at, first_responded_at, resolved_at, closed_at, first_response_due_at, resolution_due_at,
      first_response_clock, resolution_clock"
for k in $(seq 1 "$COPIES"); do
  sqlite3 "$DB" <<SQL
BEGIN;
INSERT INTO ticket (number, $COLS) SELECT printf('SSP-%04d-%06d', 3000 + $k, id), $COLS FROM ticket WHERE number NOT LIKE 'SSP-3%';
INSERT INTO survey (ticket_id, requester_id, state, invited_at, expires_at, answered_at, score, comment)
  SELECT t2.id, s.requester_id, s.state, s.invited_at, s.expires_at, s.answered_at, s.score, s.comment
  FROM survey s JOIN ticket t1 ON t1.id = s.ticket_id JOIN ticket t2 ON t2.number = printf('SSP-%04d-%06d', 3000 + $k, t1.id);
COMMIT;
SQL
done
sqlite3 "$DB" "ANALYZE"
echo "tickets: $(sqlite3 "$DB" "SELECT count(*) FROM ticket"), surveys: $(sqlite3 "$DB" "SELECT count(*) FROM survey"); period $PERIOD"
$BIN review create --db "$DB" --scope IT --period "$PERIOD" >/dev/null
$BIN review create --db "$DB" --scope SSP --period "$PERIOD" >/dev/null
for id in 1 2; do
  start=$(date +%s.%N); $BIN review show "$id" --db "$DB" >/dev/null; end=$(date +%s.%N)
  echo "review $id ($(sqlite3 "$DB" "SELECT scope FROM review WHERE id = $id")): $(echo "$end - $start" | bc) s"
done
