#!/bin/sh
# SPDX-License-Identifier: MIT
# examples/clv-economics: its default report runs, and a refused input gets the library's
# message and names the argument outside its domain (issue 15: every example surfaces why
# the library refused its input, and where the value came from).
# Usage: check-clv-economics.sh <clv-economics>
set -eu
prog=$1
fail() { echo "check-clv-economics: $1"; exit 1; }
out=$("$prog") || fail "the default run failed"
echo "$out" | grep -q 'discounted lifetime value' || fail "no lifetime value in the report"
# refused() ARGS... : runs with ARGS, must exit 1; the messages go to $err.
refused() {
    if err=$("$prog" "$@" 2>&1 >/dev/null); then fail "$* accepted"; fi
}
# A retention above 1: the lifetime's CLV_EDOM, then the argument named with its domain.
refused retention=1.5
echo "$err" | grep -q '^clv-economics: lifetime: value outside the domain' ||
    fail "retention=1.5: no library message: $err"
echo "$err" | grep -q 'argument retention=1.5: must be in \[0, 1\]' ||
    fail "retention=1.5: the argument is not named: $err"
# No customers acquired: CAC divides by 0.
refused new=0
echo "$err" | grep -q '^clv-economics: CAC: ' || fail "new=0: no library message: $err"
echo "$err" | grep -q 'argument new=0: must be > 0' || fail "new=0: not named: $err"
# A probability above 1 in the word-of-mouth part, among valid other arguments.
refused margin=30 conversion=2
echo "$err" | grep -q 'word of mouth' || fail "conversion=2: no library message: $err"
echo "$err" | grep -q 'argument conversion=2: must be in \[0, 1\]' ||
    fail "conversion=2: not named: $err"
echo "$err" | grep -q 'margin' && fail "conversion=2: a valid argument named: $err"
echo "ok: clv-economics names the argument the library refused"
