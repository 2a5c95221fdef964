#!/usr/bin/env bash
# Times the SLA scan over a database of OPEN tickets (default 100,000), of which
# DUE (default 1,000) have crossed a threshold and must be marked; then times the
# steady-state scan (nothing due). Uses the release ssp-admin and a temporary database.
set -euo pipefail
cd "$(dirname "$0")/.."
OPEN=${OPEN:-100000}
DUE=${DUE:-1000}
source Benchmarks/common.sh
$BIN catalog import --db "$DB" >/dev/null
$BIN users add --db "$DB" --name "Bench Requester" --email bench@sprb.brussels >/dev/null
NOW_MS=$(( $(date +%s) * 1000 ))
# Open IT-002 tickets: a running resolution clock of 480 business minutes started 30 days ago
# (JSON dates are seconds since 2001-01-01), so the due ones are breached when scanned.
sqlite3 "$DB" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $OPEN)
INSERT INTO ticket (number, service_code, directorate_code, requester_id, filed_by_id, assignee_id, channel, subject,
    description, answers, impact, urgency, priority, status, created_at, updated_at, resolution_due_at,
    resolution_clock, sla_check_at)
SELECT printf('SSP-2099-%06d', i), 'IT-002', 'IT', 1, 1, 1, 'portal', 'Bench', '', '{}', 'medium', 'high', 'P2',
    'in_progress', $NOW_MS - 2592000000, $NOW_MS - 2592000000, $NOW_MS - 2500000000,
    '{"accruedSeconds":0,"kind":"resolution","runningSince":' || ($(date +%s) - 978307200 - 2592000) || ',"targetMinutes":480}',
    CASE WHEN i <= $DUE THEN $NOW_MS - 60000 ELSE $NOW_MS + 2592000000 END
FROM n;
SQL
echo "open tickets: $(sqlite3 "$DB" "SELECT count(*) FROM ticket WHERE status = 'in_progress'"), due for the scan: $DUE"
echo -n "first scan:   "; $BIN sla scan --db "$DB"
echo -n "steady state: "; $BIN sla scan --db "$DB"
echo "events written: $(sqlite3 "$DB" "SELECT kind || ' ' || count(*) FROM ticket_event GROUP BY kind" | tr '\n' ' ')"
