#!/usr/bin/env bash
# `tamga audit verify` on a real data directory: intact after a demo run, then broken by an edited,
# a deleted and a swapped entry written straight into the SQLite file.
set -uo pipefail
tamga=${1:?usage: audit_verify.sh PATH/TO/tamga}
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
passed=0
failed=0
check() {  # check NAME EXPECTED_EXIT PATTERN
  local out rc
  out=$("$tamga" audit verify --data "$work/data" 2>&1)
  rc=$?
  if [ "$rc" = "$2" ] && grep -q -- "$3" <<<"$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $1: exit $rc, output: $out"
  fi
}
db="$work/data/tamga.db"

"$tamga" serve --demo --demo-applications 30 --data "$work/data" --listen 127.0.0.1:0 \
  --policies "$root/policies" --web "$work/no-web" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "tamga is serving" "$work/serve.log" && break; sleep 0.2; done
kill "$server"
wait "$server" 2>/dev/null
cp "$db" "$work/pristine.db"

check "intact log" 0 "intact"

sqlite3 "$db" "UPDATE audit_log SET details = '{\"state\":\"approved\"}' WHERE seq = 10"
check "edited entry" 1 "BROKEN at entry 10"

cp "$work/pristine.db" "$db"
sqlite3 "$db" "DELETE FROM audit_log WHERE seq = 15"
check "deleted entry" 1 "BROKEN at entry 1[56]"

cp "$work/pristine.db" "$db"
sqlite3 "$db" "UPDATE audit_log SET details = CASE seq WHEN 20 THEN (SELECT details FROM audit_log WHERE seq = 21) ELSE (SELECT details FROM audit_log WHERE seq = 20) END WHERE seq IN (20, 21)"
check "swapped entries" 1 "BROKEN at entry 2[01]"

echo "audit verify: $passed passed, $failed failed"
[ "$failed" = 0 ]
