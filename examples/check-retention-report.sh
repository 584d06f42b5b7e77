#!/bin/sh
# SPDX-License-Identifier: MIT
# examples/retention-report on the bundled Fader & Hardie (2007) cohorts (run from the source
# tree) reproduces the paper's sBG fits, gives the same fit from the same customers written as
# durations on standard input, and fails with the library's message on invalid counts.
# Usage: check-retention-report.sh <retention-report> <srcdir>
set -eu
report=$1
cd "$2"
fail() { echo "check-retention-report: $1"; exit 1; }
out=$("$report") || fail "the default run failed"
echo "$out" | head -12
# refs/published.md [P]: years 1-7, regular alpha 0.704, beta 1.182; high end 0.668, 3.806
# (three decimals: +/- 0.0005). Parameters of segment $1, in the order printed.
params() {
    echo "$out" | awk -v seg="$1" '/^== Segment/ { on = index($0, "\"" seg "\"") > 0 }
        on && ($1 == "alpha" || $1 == "beta") { print $2 }'
}
near() { awk -v x="$1" -v y="$2" 'BEGIN { d = x - y; exit !((d < 0 ? -d : d) <= 0.0005) }'; }
set -- $(params regular)
[ $# -eq 2 ] || fail "no regular fit in the output"
near "$1" 0.704 || fail "regular alpha $1 (published 0.704)"
near "$2" 1.182 || fail "regular beta $2 (published 1.182)"
set -- $(params "high end")
[ $# -eq 2 ] || fail "no high-end fit in the output"
near "$1" 0.668 || fail "high end alpha $1 (published 0.668)"
near "$2" 3.806 || fail "high end beta $2 (published 3.806)"
# Kaplan-Meier of survivor counts without censoring before the end is alive[t] / alive[0].
echo "$out" | grep -Eq '^ +7 +262 +21 +241 +0\.2410 ' || fail "Kaplan-Meier row of year 7"
# The regular cohort as durations (churned in year t, 241 still active after year 7), on
# standard input, auto-detected from the header: the same customers, the same fit (alpha
# 0.7041, beta 1.1820: tests/oracles/sbg_oracles.txt, regular_alpha and regular_beta).
d=$(printf 'duration,churned,weight\n1,1,369\n2,1,163\n3,1,86\n4,1,56\n5,1,37\n6,1,27\n7,1,21\n7,0,241\n' |
    "$report" --discount 0.1 -) || fail "the durations run failed"
echo "$d" | grep -q 'individual durations' || fail "durations not detected"
echo "$d" | grep -Eq '^  alpha +0\.7041 ' || fail "durations: alpha"
echo "$d" | grep -Eq '^  beta +1\.1820 ' || fail "durations: beta"
# Increasing survivor counts: the library's CLV_EDOM message, and a non-zero exit.
if err=$(echo '1000,600,700' | "$report" --counts - 2>&1 >/dev/null); then
    fail "increasing counts accepted"
fi
echo "$err" | grep -q 'fitting sBG' || fail "no library message for increasing counts: $err"
# ... the library's diagnostic (issue 15): the cohort, the period, the count and the bound,
# and the example adds the input line.
echo "$err" | grep -q 'fitting sBG: cohort 0, alive\[2\]: alive is 700, above the count before it, 600: survivors cannot increase' ||
    fail "increasing counts: no cohort and period in $err"
echo "$err" | grep -q 'that is line 1 of the input' || fail "increasing counts: no line in $err"
err=$(printf '# two segments\na,1000,600,500\nb,100,90,95\n' | "$report" --counts - 2>&1 >/dev/null) &&
    fail "increasing counts of segment b accepted"
echo "$err" | grep -q 'cohort 0, alive\[2\]: alive is 95, above the count before it, 90' ||
    fail "segment b: no diagnostic in $err"
echo "$err" | grep -q 'that is line 3 of the input' || fail "segment b: no line 3 in $err"
# Durations: a fractional duration, then a negative weight, each named with its row and line.
err=$(printf 'duration,churned,weight\n1,1,10\n2.5,1,3\n3,0,-2\n' | "$report" - 2>&1 >/dev/null) &&
    fail "a duration of 2.5 accepted"
echo "$err" | grep -q 'row 1: duration is 2.5, must be a whole number' ||
    fail "durations: no row 1 in $err"
echo "$err" | grep -q 'that is line 3 of the input' || fail "durations: no line 3 in $err"
err=$(printf 'duration,churned,weight\n1,1,10\n2,1,3\n3,0,-2\n' | "$report" - 2>&1 >/dev/null) &&
    fail "a weight of -2 accepted"
echo "$err" | grep -q 'row 2: weight is -2, must be >= 0' || fail "weights: no row 2 in $err"
echo "$err" | grep -q 'that is line 4 of the input' || fail "weights: no line 4 in $err"
if "$report" --project x >/dev/null 2>&1; then fail "--project x accepted"; fi
echo "ok: retention-report reproduces Fader & Hardie (2007)'s sBG fits"
