# Shared by the CLI test scripts (sourced): a scratch folder removed on exit, and `expect`, which
# counts a check as passed when TEXT matches the grep PATTERN and prints it otherwise. A script
# ends with `report NAME`, which prints the counts and fails when a check failed.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
expect() {  # expect NAME TEXT PATTERN
  if grep -q -- "$3" <<<"$2"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $1: $2"
  fi
}
report() {  # report NAME
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
