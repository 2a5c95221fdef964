#!/usr/bin/env bash
# Times the occupancy report over a year of desk bookings for the 1,575 GOB staff:
# seeds the demo with MONTHS (default 12) months of bookings (945 desks, the weekly
# pattern of the demo), then times `desks report` for the whole building by month,
# by floor by week, by administration by day, and the heat map.
set -euo pipefail
cd "$(dirname "$0")/.."
MONTHS=${MONTHS:-12}
source Benchmarks/common.sh
start=$(date +%s.%N)
$BIN demo seed --db "$DB" --tickets 100 --booking-months "$MONTHS" | grep desks
echo "seed: $(echo "$(date +%s.%N) - $start" | bc) s"
echo "bookings: $(sqlite3 "$DB" "SELECT count(*) FROM booking"), checked in: $(sqlite3 "$DB" "SELECT count(*) FROM booking WHERE state = 'checked_in'")"
FROM=$(date -d "-$MONTHS months" +%Y-%m-%d)
TO=$(date -d "yesterday" +%Y-%m-%d)
time_it() {
  local label=$1; shift
  local s; s=$(date +%s.%N)
  "$@" >/dev/null
  echo "$label: $(echo "$(date +%s.%N) - $s" | bc) s"
}
for run in 1 2 3; do
  time_it "building by month ($FROM … $TO), run $run" $BIN desks report --db "$DB" --from "$FROM" --to "$TO"
done
time_it "floor by week" $BIN desks report --db "$DB" --from "$FROM" --to "$TO" --by floor --bucket week --format csv
time_it "administration by day" $BIN desks report --db "$DB" --from "$FROM" --to "$TO" --by administration --bucket day --format csv
time_it "heat map" $BIN desks heatmap --db "$DB" --from "$FROM" --to "$TO"
$BIN desks report --db "$DB" --from "$FROM" --to "$TO"
