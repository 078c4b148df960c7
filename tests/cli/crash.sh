#!/usr/bin/env bash
# kill -9 under load loses no acknowledged application (issues 9 and 13). Eight clients submit
# counter applications as fast as the server answers, so that submissions share transactions
# (group commit, docs/storage.md); each answer of 201 is an acknowledgement, noted with its number
# and access code only once the whole answer arrived. The server is killed with
# SIGKILL mid-load and started again on the same data: every acknowledged application must be
# there, readable with its access code, and the audit chain must verify.
set -uo pipefail
tamga=${1:?usage: crash.sh PATH/TO/tamga}
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$(dirname "$0")/expect.sh"
data="$work/data"

start() {  # start LOG: starts the server, sets $server and $url
  "$tamga" serve --demo --demo-applications 0 --data "$data" --listen 127.0.0.1:0 \
    --policies "$root/policies" --web "$work/no-web" >"$1" 2>&1 &
  server=$!
  for _ in $(seq 1 150); do grep -q "tamga is serving" "$1" && break; sleep 0.2; done
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$1" | head -1)
}

start "$work/serve1.log"
expect "server started" "$url" "http://127.0.0.1:"
token=$(curl -s "$url/api/v1/auth/login" -d '{"name":"officer.kz","password":"officer-kz-demo"}' |
  jq -r .token)
expect "officer logged in" "$token" "^[A-Za-z0-9_-]\{20,\}$"

application='{"jurisdiction":"KZ","kind":"permanent-residence","purpose":"family",
 "applicant":{"surname":"IVANOV","givenNames":"IVAN","birthDate":"1990-04-12","sex":"M",
 "citizenships":["RUS"],"passport":{"number":"751234567","issuingState":"RUS","expiry":"2030-01-01"}},
 "received":{"at":"REPLACE","reason":"entered from the counter queue after an outage"}}'
received=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
application=${application/REPLACE/$received}

client() {  # client N: submits up to 200 applications, noting each acknowledged one
  for i in $(seq 1 200); do
    out=$(curl -s --max-time 5 -o - -w '\n%{http_code}' "$url/api/v1/applications" \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$application") ||
      return 0
    status=${out##*$'\n'}
    [ "$status" = 201 ] || continue
    body=${out%$'\n'*}
    echo "$(jq -r '.number + " " + .accessCode' <<<"$body")" >>"$work/acked.$1"
  done
}
for c in 1 2 3 4 5 6 7 8; do client "$c" & done
sleep 3
kill -9 "$server"
wait "$server" 2>/dev/null
wait
acked=$(cat "$work"/acked.* 2>/dev/null | wc -l)
expect "applications were acknowledged before the kill" "$acked" "^[1-9][0-9]*$"

start "$work/serve2.log"
expect "server restarted" "$url" "http://127.0.0.1:"
# Read as the officer (access-code lookups are rate-limited per address); the first and the last
# acknowledged also by their access codes.
token=$(curl -s "$url/api/v1/auth/login" -d '{"name":"officer.kz","password":"officer-kz-demo"}' |
  jq -r .token)
missing=0
while read -r number code; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/applications/$number" \
    -H "Authorization: Bearer $token")
  [ "$status" = 200 ] || { missing=$((missing + 1)); echo "lost: $number ($status)"; }
done < <(cat "$work"/acked.*)
for line in "$(cat "$work"/acked.* | head -1)" "$(cat "$work"/acked.* | tail -1)"; do
  read -r number code <<<"$line"
  expect "$number opens with its access code" "$(curl -s "$url/api/v1/status" \
    -d "{\"number\":\"$number\",\"accessCode\":\"$code\"}")" "\"number\":\"$number\""
done
expect "every acknowledged application survived kill -9 ($acked acknowledged)" "$missing" "^0$"
kill "$server"
wait "$server" 2>/dev/null
expect "the audit chain verifies after the crash" "$("$tamga" audit verify --data "$data")" \
  "intact"
report "crash"
