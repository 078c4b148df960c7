#!/usr/bin/env bash
# `tamga policy simulate` (issue 12) on a demo data directory: a draft of KZ temporary residence
# that requires a medical certificate from 2027-03-01 and applies to pending applications, run over
# the pending cases and those decided and filed in September-December 2022. Nothing holds the
# certificate, so every case simulated changes; the count is the database's own count of those
# cases, nothing is written, and bad arguments are refused with a message.
set -uo pipefail
tamga=${1:?usage: policy_simulate.sh PATH/TO/tamga}
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$(dirname "$0")/expect.sh"
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

"$tamga" serve --demo --demo-applications 200 --data "$work/data" --listen 127.0.0.1:0 \
  --policies "$root/policies" --web "$work/no-web" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do grep -q "tamga is serving" "$work/serve.log" && break; sleep 0.2; done
kill "$server"
wait "$server" 2>/dev/null
db="$work/data/tamga.db"

draft="$work/drafts/kz/temporary-residence/2027-03-01"
mkdir -p "$draft"
src="$root/policies/kz/temporary-residence/2020-01-01"
sed -e 's/"takes_effect": "2020-01-01"/"takes_effect": "2027-03-01"/' \
  -e 's/"applies_to": "filed-on-or-after"/"applies_to": "pending"/' \
  -e 's/"documents": {/"documents": {"medical-certificate": {"en": "Medical certificate", "ru": "Медицинская справка"},/' \
  "$src/policy.json" >"$draft/policy.json"
awk '
  { print }
  !done && /<outputEntry><text>"passport"<\/text><\/outputEntry>/ { after = 1; done = 1 }
  after && /<\/rule>/ {
    print "      <rule id=\"kz-tr-medical\">"
    print "        <inputEntry><text>\"temporary-residence\"</text></inputEntry>"
    print "        <outputEntry><text>\"medical-certificate\"</text></outputEntry>"
    print "        <annotationEntry><text>A medical certificate is required from 2027-03-01.</text></annotationEntry>"
    print "        <annotationEntry><text>Illustrative order of 2027-03-01, item 1</text></annotationEntry>"
    print "        <annotationEntry><text>С 2027-03-01 требуется медицинская справка.</text></annotationEntry>"
    print "        <annotationEntry><text>Иллюстративный приказ от 2027-03-01, пункт 1</text></annotationEntry>"
    print "      </rule>"
    after = 0
  }
' "$src/eligibility.dmn" >"$draft/eligibility.dmn"

before=$(sqlite3 "$db" "SELECT COUNT(*), SUM(revision) FROM cases")
expected=$(sqlite3 "$db" "SELECT COUNT(*) FROM cases WHERE jurisdiction = 'KZ' AND kind = 'temporary-residence' AND (state IN ('submitted', 'awaiting-documents', 'ready-for-review', 'screening-review') OR (state IN ('approved', 'refused', 'appealed', 'appeal-upheld', 'appeal-dismissed') AND filing_date BETWEEN '2022-09-01' AND '2022-12-31'))")
out=$("$tamga" policy simulate "$draft" --data "$work/data" --policies "$root/policies" \
  --period 2022-09-01..2022-12-31 2>"$work/progress")
status=$?
expect "exit 0" "$status" "^0$"
expect "there are cases to simulate" "$expected" "^[1-9]"
expect "the last line counts every case, all changed" "$(tail -n 1 <<<"$out")" \
  "^simulate: $expected cases, $expected changed$"
expect "the new requirement is the decisive ground" "$out" "^  kz-tr-medical  $expected$"
expect "eligible cases turn documents-missing" "$out" "eligible -> documents-missing"
expect "a progress bar on stderr" "$(cat "$work/progress")" "100% $expected/$expected"
expect "nothing is written to the cases" "$(sqlite3 "$db" "SELECT COUNT(*), SUM(revision) FROM cases")" "^$before$"

bad=$("$tamga" policy simulate "$draft" --data "$work/data" --policies "$root/policies" \
  --period 2022-12-31..2022-09-01 2>&1)
expect "a period that ends before it starts exits 2" "$?" "^2$"
expect "and says so" "$bad" "starts after it ends"
bad=$("$tamga" policy simulate "$draft" --data "$work/data" --period september 2>&1)
expect "a malformed period is named" "$bad" "FROM..TO"
mkdir -p "$work/loose" && cp "$draft"/* "$work/loose/"
bad=$("$tamga" policy simulate "$work/loose" --data "$work/data" 2>&1)
expect "a draft outside <jurisdiction>/<kind>/ is refused" "$bad" "sits in <jurisdiction>/<kind>/"
bad=$("$tamga" policy simulate "$draft" --data "$work/nothing" --policies "$root/policies" 2>&1)
expect "a missing database is named" "$bad" "no database at"
report policy_simulate
