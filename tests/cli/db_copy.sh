#!/usr/bin/env bash
# `tamga db copy` round-trips an office's data SQLite -> PostgreSQL -> SQLite (issue 10): `tamga
# audit verify` says the same of all three (the chain, every case's audited state, every file),
# and the copies serve: a demo officer logs in on the last one and finds the same cases. A copy
# into a database that has data is refused. Runs under scripts/with-postgres (TAMGA_TEST_PG).
set -uo pipefail
tamga=${1:?usage: db_copy.sh PATH/TO/tamga}
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$(dirname "$0")/expect.sh"
pg=${TAMGA_TEST_PG:?run under scripts/with-postgres}

serve() {  # serve LOG ARGS...: starts a server, sets $server and $url
  local log=$1
  shift
  "$tamga" serve --listen 127.0.0.1:0 --policies "$root/policies" --web "$work/no-web" \
    --no-rate-limits "$@" >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do grep -q "tamga is serving" "$log" && break; sleep 0.2; done
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)
}

# An office on SQLite with demo cases, documents, notices, accounts and watchlists.
serve "$work/a.log" --demo --demo-applications 150 --data "$work/a"
expect "office A started" "$url" "http://127.0.0.1:"
kill "$server"
wait "$server"

verify_a=$("$tamga" audit verify --data "$work/a")
expect "A verifies" "$verify_a" "^audit verify: intact"

copy1=$("$tamga" db copy --from "$work/a" --to "$pg" --to-data "$work/pg" 2>&1)
expect "copied to PostgreSQL" "$copy1" "cases: 154"  # 150 applications and 2 asylum claims per jurisdiction
expect "the copy verifies on PostgreSQL" "$copy1" "^audit verify: intact"
verify_pg=$("$tamga" audit verify --db "$pg" --data "$work/pg")
expect "PostgreSQL verifies as A does" "$verify_pg" "^$(sed 's/[][\.*^$]/\\&/g' <<<"$verify_a")\$"

again=$("$tamga" db copy --from "$work/a" --to "$pg" --to-data "$work/pg" 2>&1)
expect "a copy into a database with data is refused" "$again" "is not empty"

copy2=$("$tamga" db copy --from "$pg" --from-data "$work/pg" --to "$work/b" 2>&1)
expect "copied back to SQLite" "$copy2" "cases: 154"
verify_b=$("$tamga" audit verify --data "$work/b")
expect "B verifies as A does" "$verify_b" "^$(sed 's/[][\.*^$]/\\&/g' <<<"$verify_a")\$"

# The round trip serves: the same cases, and a new one numbered after them (the PostgreSQL
# identities and SQLite rowids continue past the copied ids).
serve "$work/b.log" --data "$work/b"
token=$(curl -s "$url/api/v1/auth/login" -d '{"name":"officer.kz","password":"officer-kz-demo"}' |
  jq -r .token)
expect "officer logs in on the copy" "$token" "^[A-Za-z0-9_-]\{20,\}$"
kill "$server"
wait "$server"
serve "$work/pg.log" --db "$pg" --data "$work/pg"
expect "serves from the PostgreSQL copy" "$(cat "$work/pg.log")" "database postgresql://"
health=$(curl -s "$url/api/v1/health" | jq -c .database)
expect "health names the engine and the migration" "$health" '^{"engine":"postgresql","migration":10[0-9]}$'
token=$(curl -s "$url/api/v1/auth/login" -d '{"name":"officer.kz","password":"officer-kz-demo"}' |
  jq -r .token)
expect "officer logs in on PostgreSQL" "$token" "^[A-Za-z0-9_-]\{20,\}$"
cases_pg=$(curl -s "$url/api/v1/cases?pageSize=1" -H "Authorization: Bearer $token" | jq -r .total)
expect "the KZ cases are there" "$cases_pg" "^[1-9][0-9]*$"
received=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
created=$(curl -s -w '\n%{http_code}' "$url/api/v1/applications" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"jurisdiction":"KZ","kind":"permanent-residence",
  "purpose":"family","applicant":{"surname":"COPY","givenNames":"TEST","birthDate":"1990-04-12",
  "sex":"M","citizenships":["RUS"],"passport":{"number":"751234599","issuingState":"RUS",
  "expiry":"2030-01-01"}},"received":{"at":"'"$received"'","reason":"after the move"}}')
expect "a new case is accepted after the copy" "${created##*$'\n'}" "^201$"
kill "$server"
wait "$server"
final=$("$tamga" audit verify --db "$pg" --data "$work/pg")
expect "the chain still verifies after new work" "$final" "^audit verify: intact"

report db_copy
