#!/usr/bin/env bash
# `tamga mrz` and `tamga names match` as scripts use them: JSON lines and CSV in, the same out.
# Specimens of ICAO Doc 9303 (parts 4, 5, 7); name spellings of one person across passport systems.
set -uo pipefail
tamga=${1:?usage: identity.sh PATH/TO/tamga}
source "$(dirname "$0")/expect.sh"

out=$(printf '%s\n' \
  '{"mrz": ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]}' \
  '{"mrz": ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]}' \
  '{"mrz": ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]}' \
  '{"mrz": ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"]}' \
  '{"mrz": ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<"]}' \
  '{"mrz": ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<1"]}' \
  '{"mrz": ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408123F1204159ZE184226B<<<<<10"]}' \
  'not json' | "$tamga" mrz 2>"$work/err")
rc=$?
mapfile -t lines <<<"$out"
expect "TD3 specimen" "${lines[0]}" '"valid":true,"format":"TD3"'
expect "TD3 fields" "${lines[0]}" '"date_of_birth":"1974-08-12","sex":"F","expiry_date":"2012-04-15","surname":"ERIKSSON","given_names":"ANNA MARIA"'
expect "TD1 specimen" "${lines[1]}" '"valid":true,"format":"TD1"'
expect "TD2 specimen" "${lines[2]}" '"valid":true,"format":"TD2"'
expect "MRV-A specimen" "${lines[3]}" '"valid":true,"format":"MRVA"'
expect "MRV-B specimen" "${lines[4]}" '"valid":true,"format":"MRVB"'
expect "wrong line length" "${lines[5]}" '"errors":\["line_length"\]'
expect "damaged birth date check" "${lines[6]}" '"errors":\["date_of_birth","composite"\]'
expect "not JSON" "${lines[7]}" '"errors":\["input"\]'
expect "message names the line" "$(cat "$work/err")" 'line 8'
expect "exit 1 after a bad line" "$rc" '^1$'

cat >"$work/pairs.csv" <<'CSV'
id,name1,name2,note
1,Юрий Иванов,IOURI IVANOV,Soviet passport
2,IURII IVANOV,"Ivanov, Yuriy",BGN and order
3,Иванов Юрий Сергеевич,YURIY IVANOV,dropped patronymic
4,Yuriy Ivanov,Sergei Ivanov,another given name
CSV
out=$("$tamga" names match "$work/pairs.csv")
expect "header" "$out" '^name1,name2,score,match$'
expect "Soviet spelling matches" "$out" '^Юрий Иванов,IOURI IVANOV,[01]\.[0-9]*,true$'
expect "quoted name matches" "$out" '^IURII IVANOV,"Ivanov, Yuriy",[01]\.[0-9]*,true$'
expect "dropped patronymic matches" "$out" '^Иванов Юрий Сергеевич,YURIY IVANOV,[01]\.[0-9]*,true$'
expect "another given name does not" "$out" '^Yuriy Ivanov,Sergei Ivanov,[01]\.[0-9]*,false$'
out=$("$tamga" names match --threshold 0.3 "$work/pairs.csv")
expect "a lower threshold" "$out" '^Yuriy Ivanov,Sergei Ivanov,[01]\.[0-9]*,true$'
printf 'a,b\nx,y\n' >"$work/bad.csv"
out=$("$tamga" names match "$work/bad.csv" 2>&1)
expect "a header without name1 and name2" "$out" 'line 1: the header needs columns name1 and name2'

report "identity cli"
