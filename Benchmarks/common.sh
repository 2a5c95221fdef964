# Sourced by the benchmark scripts: sqlite3 present, release ssp-admin built,
# $BIN, and $DB in a temporary folder removed on exit.
command -v sqlite3 >/dev/null || { apt-get update && apt-get install -y sqlite3; }
swift build -c release --product ssp-admin >/dev/null
BIN=.build/release/ssp-admin
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/ssp.sqlite"
