#!/usr/bin/env bash
# `tamga watchlist import` and `tamga watchlist list` as an operator uses them: a bad file is
# refused whole with line numbers; each import is a version that knows what it changed.
set -uo pipefail
tamga=${1:?usage: watchlist.sh PATH/TO/tamga}
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/expect.sh"
data="$work/data"

# A CSV with a bad date and a short row: nothing is imported.
printf 'id,name,birth_date,citizenship\nA,Ivanov Ivan,1980-02-30,RUS\nB,Petrov\n' >"$work/bad.csv"
out=$("$tamga" watchlist import --name bans --format csv --kind entry-ban --data "$data" \
  "$work/bad.csv" 2>&1)
rc=$?
expect "bad csv exit" "$rc" '^1$'
expect "bad date line" "$out" 'bad.csv:2: birth_date:'
expect "short row line" "$out" 'bad.csv:3: .*fields'
expect "nothing imported" "$out" 'nothing imported'
out=$("$tamga" watchlist list --data "$data" 2>&1)
expect "no list after a failed import" "$out" 'no watchlists'

# A broken FtM line.
printf '{"id":"x","schema":"Person","properties":{"name":["A B"]}}\n{broken\n' >"$work/bad.ftm"
out=$("$tamga" watchlist import --name eu --format ftm --kind sanctions --data "$data" \
  "$work/bad.ftm" 2>&1)
expect "broken ftm line" "$out" 'bad.ftm:2: not a JSON object'

# A new list needs a kind; an unknown kind or format is refused.
out=$("$tamga" watchlist import --name x --format csv --data "$data" \
  "$root/demo/watchlists/lv-entry-bans.csv" 2>&1)
expect "kind required" "$out" 'say what kind'
out=$("$tamga" watchlist import --name x --format xml --kind entry-ban --data "$data" \
  "$root/demo/watchlists/lv-entry-bans.csv" 2>&1)
expect "format checked" "$out" '--format is ftm or csv'

# The demo list, then a changed copy: version 2 knows one changed, one removed, one added.
out=$("$tamga" watchlist import --name lv-entry-bans --format csv --kind entry-ban \
  --jurisdiction LV --legal-basis "Immigration Law, Section 61" --data "$data" \
  "$root/demo/watchlists/lv-entry-bans.csv" 2>&1)
expect "version 1" "$out" 'lv-entry-bans version 1: 8 entries (8 added, 0 changed, 0 removed)'
sed -e 's/^LV-EB-0008.*$/LV-EB-0009,Orlov Pavel,,1970,RUS,,Threat to public order,/' \
  -e 's/Threat to public order,$/Threat to public order (renewed),/' \
  "$root/demo/watchlists/lv-entry-bans.csv" >"$work/v2.csv"
out=$("$tamga" watchlist import --name lv-entry-bans --format csv --data "$data" "$work/v2.csv" 2>&1)
expect "version 2" "$out" 'version 2: 8 entries (1 added, 1 changed, 1 removed)'
out=$("$tamga" watchlist list --data "$data" 2>&1)
expect "list kind and scope" "$out" 'lv-entry-bans (entry-ban, in LV): version 2'
expect "list versions" "$out" 'v2 .* 8 entries, +1 ~1 -1'
expect "not yet screened" "$out" 'not yet screened'
out=$("$tamga" audit verify --data "$data" 2>&1)
expect "imports audited" "$out" 'intact, 2 entries'

report "watchlist CLI"
