#!/usr/bin/env bash
# `tamga demo generate` (issue 13): N applications checked, decided and stored as intake stores
# them, so `tamga audit verify` finds the chain, every case's audited state and the dashboard
# counters intact; the same seed gives the same caseload; bad input is refused with a message.
# With TAMGA_TEST_PG set (scripts/with-postgres) the same runs on PostgreSQL, which ends with
# VACUUM (ANALYZE).
set -uo pipefail
tamga=${1:?usage: demo_generate.sh PATH/TO/tamga}
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$(dirname "$0")/expect.sh"

out=$("$tamga" demo generate --cases 400 --seed 7 --batch 64 --policies "$root/policies" \
  --data "$work/a" 2>/dev/null)
expect "400 generated" "$out" "^generated 400 cases in"
expect "states listed" "$out" "^  approved: [0-9]"
verify=$("$tamga" audit verify --data "$work/a" 2>&1)
expect "the generated office verifies" "$verify" "^audit verify: intact"

again=$("$tamga" demo generate --cases 400 --seed 7 --batch 64 --policies "$root/policies" \
  --data "$work/b" 2>/dev/null)
same=different
[ "$(grep '^  ' <<<"$again")" = "$(grep '^  ' <<<"$out")" ] && same=same
expect "the same seed, the same states" "$same" "^same$"

more=$("$tamga" demo generate --cases 100 --seed 8 --policies "$root/policies" \
  --data "$work/a" 2>/dev/null)
expect "a second run adds to the first" "$more" "^generated 100 cases"
verify=$("$tamga" audit verify --data "$work/a" 2>&1)
expect "and still verifies" "$verify" "^audit verify: intact"

zero=$("$tamga" demo generate --cases 0 --data "$work/c" 2>&1)
expect "zero cases refused" "$zero" "--cases: Value 0 not in range 1"
bad=$("$tamga" demo generate --cases many --data "$work/c" 2>&1)
expect "a non-number refused" "$bad" "many"

if [ -n "${TAMGA_TEST_PG:-}" ]; then
  pg=$("$tamga" demo generate --cases 300 --policies "$root/policies" --db "$TAMGA_TEST_PG" \
    --data "$work/pg" 2>&1)
  expect "300 generated on PostgreSQL" "$pg" "^generated 300 cases in"
  verify=$("$tamga" audit verify --db "$TAMGA_TEST_PG" --data "$work/pg" 2>&1)
  expect "PostgreSQL verifies" "$verify" "^audit verify: intact"
fi
report demo_generate
