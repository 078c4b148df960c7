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

check "intact log" 0 "intact, .* cases and .* files match their audited state; .* signed checkpoints verify"

sqlite3 "$db" "UPDATE audit_log SET details = '{\"state\":\"approved\"}' WHERE seq = 10"
check "edited entry" 1 "BROKEN at entry 10"

cp "$work/pristine.db" "$db"
sqlite3 "$db" "DELETE FROM audit_log WHERE seq = 15"
check "deleted entry" 1 "BROKEN at entry 1[56]"

cp "$work/pristine.db" "$db"
sqlite3 "$db" "UPDATE audit_log SET details = CASE seq WHEN 20 THEN (SELECT details FROM audit_log WHERE seq = 21) ELSE (SELECT details FROM audit_log WHERE seq = 20) END WHERE seq IN (20, 21)"
check "swapped entries" 1 "BROKEN at entry 2[01]"

# Issue 9: edits of state, not only of entries. A refused case made approved with the sqlite3 shell:
cp "$work/pristine.db" "$db"
refused=$(sqlite3 "$db" "SELECT number FROM cases WHERE state = 'refused' LIMIT 1")
if [ -n "$refused" ]; then
  sqlite3 "$db" "UPDATE cases SET state = 'approved' WHERE number = '$refused'"
  check "refused case edited to approved" 1 "BROKEN state: case $refused differs"
else
  failed=$((failed + 1)); echo "FAIL the demo has no refused case"
fi

# Issue 12: what a simulation reads is covered too: a case's inputs edited, and the state copied
# beside them edited.
cp "$work/pristine.db" "$db"
some=$(sqlite3 "$db" "SELECT number FROM case_inputs WHERE inputs IS NOT NULL LIMIT 1")
sqlite3 "$db" "UPDATE case_inputs SET inputs = replace(inputs, '\"outcome\":', '\"outcome\": ') WHERE number = '$some'"
check "inputs edited" 1 "BROKEN state: case $some differs"
cp "$work/pristine.db" "$db"
sqlite3 "$db" "UPDATE case_inputs SET state = 'approved' WHERE number = '$some' AND state <> 'approved'; UPDATE case_inputs SET state = 'refused' WHERE number = '$some' AND state = 'approved'"
check "inputs' state edited" 1 "BROKEN state: case $some has no row in case_inputs, or one that differs"

# A document pointed at another stored file:
cp "$work/pristine.db" "$db"
read -r one two <<<"$(ls "$work/data/files" | head -2 | tr '\n' ' ')"
victim=$(sqlite3 "$db" "SELECT number FROM cases WHERE body LIKE '%$one%' LIMIT 1")
sqlite3 "$db" "UPDATE cases SET body = replace(body, '$one', '$two') WHERE number = '$victim'"
check "document re-pointed" 1 "BROKEN state: case $victim differs"

# A stored file's bytes replaced:
cp "$work/pristine.db" "$db"
cp "$work/data/files/$one" "$work/saved-file"
printf '%%PDF-forged' >"$work/data/files/$one"
check "stored file replaced" 1 "missing or altered"
cp "$work/saved-file" "$work/data/files/$one"

# The tail cut and the head moved back over it: the chain alone is consistent, the signed
# checkpoint written by the server is not.
cp "$work/pristine.db" "$db"
last=$(sqlite3 "$db" "SELECT seq FROM audit_head")
sqlite3 "$db" "DELETE FROM audit_log WHERE seq > $((last - 3)); UPDATE audit_head SET seq = $((last - 3)), hash = (SELECT hash FROM audit_log WHERE seq = $((last - 3)))"
check "tail cut with the head" 1 "BROKEN checkpoints: .*cut from the end"
# ... and the server refuses to write to it.
"$tamga" serve --data "$work/data" --listen 127.0.0.1:0 --policies "$root/policies" \
  --web "$work/no-web" >"$work/serve2.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "tamga is serving" "$work/serve2.log" && break; sleep 0.2; done
if grep -q "serving READ-ONLY" "$work/serve2.log"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL the server did not go read-only on a cut chain"; cat "$work/serve2.log"; fi
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve2.log" | head -1)
health=$(curl -s "$url/api/v1/health")
if grep -q '"status":"read-only"' <<<"$health" && grep -q 'cut from the end' <<<"$health"; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL health does not say read-only: $health"; fi
write=$(curl -s -w ' %{http_code}' "$url/api/v1/auth/login" -d '{"name":"officer.kz","password":"officer-kz-demo"}')
if grep -q '"read-only".* 503$' <<<"$write"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL a write on a read-only server answered: $write"; fi
kill "$server"; wait "$server" 2>/dev/null

# Files that hold personal data, password hashes or the signing key are the owner's only.
cp "$work/pristine.db" "$db"
for f in tamga.db audit-signing.key audit-checkpoints.log; do
  mode=$(stat -c %a "$work/data/$f")
  if [ "$mode" = 600 ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $f has mode $mode, not 600"; fi
done
[ ! -e "$work/data/accounts.db" ] && passed=$((passed + 1)) ||
  { failed=$((failed + 1)); echo "FAIL accounts.db still exists: accounts belong in tamga.db"; }

echo "audit verify: $passed passed, $failed failed"
[ "$failed" = 0 ]
