#!/usr/bin/env bash
# `tamga policy check` on the shipped library (clean) and on a copy with planted defects: a rule
# after a FIRST table's catch-all never fires, an input entry that is not FEEL, an output outside
# the allowed values, a date compared with a string, a required document without its citation. Each is reported with the file, line, table and rule, and errors exit 1.
set -uo pipefail
tamga=${1:?usage: policy_check.sh PATH/TO/tamga}
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$(dirname "$0")/expect.sh"

clean=$("$tamga" policy check "$root/policies")
expect "the shipped policies check clean" "$clean" "0 errors, 0 warnings"

cp -r "$root/policies" "$work/p"
model="$work/p/kz/permanent-residence/2023-02-01/eligibility.dmn"
# A fourth rule after the catch-all of t_exemption, and a syntax error in its first rule.
awk '
  /id="t_exemption"/ { table = 1 }
  table && /<rule id="kz-pr-not-exempt">/ { copying = 1 }
  copying { line = $0; gsub(/kz-pr-not-exempt/, "kz-pr-late", line); rule = rule line "\n"; if (/<\/rule>/) copying = 0 }
  /kz-pr-exempt-refugee/ { planting = 1 }
  planting && /<text>true<\/text>/ { sub(/<text>true<\/text>/, "<text>[1..</text>"); planting = 0 }
  table && /<\/decisionTable>/ { printf "%s", rule; table = 0 }
  { print }
' "$model" >"$model.new" && mv "$model.new" "$model"
# A type error (issue 11, the checker stage): Filing Date is declared a date, compared with a string.
tr="$work/p/kz/temporary-residence/2020-01-01/eligibility.dmn"
sed -i 's/d.verification = "rejected"/Filing Date = "2023-06-01"/' "$tr"
# A requirement without its legal basis (issue 12): kz-pr-passport's Citation and Citation (ru)
# cells emptied; applicants would see the requirement with no legal basis.
pr="$work/p/kz/permanent-residence/2020-01-01/eligibility.dmn"
awk '
  /<rule id="kz-pr-passport">/ { inrule = 1; n = 0 }
  inrule && /<annotationEntry>/ { n++; if (n == 2 || n == 4) sub(/<text>.*<\/text>/, "<text></text>") }
  inrule && /<\/rule>/ { inrule = 0 }
  { print }
' "$pr" >"$pr.new" && mv "$pr.new" "$pr"
out=$("$tamga" policy check "$work/p")
status=$?
expect "errors exit 1" "$status" "^1$"
expect "the rule after the catch-all never fires" "$out" \
  "eligibility.dmn:[0-9]*: warning: unreachable: decision '[^']*', table t_exemption, rules kz-pr-late, kz-pr-not-exempt: rule kz-pr-late never fires under FIRST"
expect "the syntax error names the file, line, table and rule" "$out" \
  "eligibility.dmn:[0-9]*: error: syntax: decision '[^']*', table t_exemption, rule kz-pr-exempt-refugee: input '[^']*': '\[1\.\.' is not valid FEEL"
expect "the type error names the file, line, element and column" "$out" \
  "temporary-residence/2020-01-01/eligibility.dmn:[0-9]*: error: type: decision 'Document Defects' (id d_defects): type error in input expression '[^']*': line 1, column 77: cannot compare a date with a string"
expect "the rule without its citation is named, with the cells it lacks" "$out" \
  "permanent-residence/2020-01-01/eligibility.dmn:7[0-9]: error: citation: .*rule kz-pr-passport produces the required document \"passport\" without Citation and Citation (ru)"
expect "the summary counts them" "$out" "policy check: 10 models, 3 errors, 1 warnings"
report policy_check
