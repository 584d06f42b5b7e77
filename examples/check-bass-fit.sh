#!/bin/sh
# SPDX-License-Identifier: MIT
# examples/bass-fit on the bundled published series (run from the source tree) reproduces the
# published NLS fit (refs/published.md, "Bass diffusion"), fits the same series read from
# standard input as "period,count" lines by maximum likelihood, and fails with the library's
# message on invalid counts.
# Usage: check-bass-fit.sh <bass-fit> <srcdir>
set -eu
fit=$1
cd "$2"
fail() { echo "check-bass-fit: $1"; exit 1; }
out=$("$fit") || fail "the default run failed"
echo "$out" | head -12
# Value of parameter (or its SE) $1 from the fit lines "  p   0.0065939   SE 0.00143".
value() { echo "$out" | awk -v k="$1" '$1 == k { print $2; exit }'; }
se() { echo "$out" | awk -v k="$1" '$1 == k { print $4; exit }'; }
# |x - y| <= h
near() { awk -v x="$1" -v y="$2" -v h="$3" 'BEGIN { d = x - y; exit !((d < 0 ? -d : d) <= h) }'; }
# Published (R nls on m f(t)): m 6.80e4 (SE 3.13e3), p 6.59e-3 (SE 1.43e-3), q 0.638
# (SE 0.0414), residual SE 727 on 7 df; held to half a unit of the printed digit.
near "$(value m)" 68000 50 || fail "m $(value m) (published 6.80e4)"
near "$(se m)" 3130 5 || fail "SE m $(se m) (published 3.13e3)"
near "$(value p)" 0.00659 0.000005 || fail "p $(value p) (published 6.59e-3)"
near "$(se p)" 0.00143 0.000005 || fail "SE p $(se p) (published 1.43e-3)"
near "$(value q)" 0.638 0.0005 || fail "q $(value q) (published 0.638)"
near "$(se q)" 0.0414 0.00005 || fail "SE q $(se q) (published 0.0414)"
rse=$(echo "$out" | awk '$1 == "residual" { print $3; exit }')
near "$rse" 727 0.5 || fail "residual SE $rse (published 727)"
echo "$out" | grep -q 'on 7 df' || fail "degrees of freedom"
echo "$out" | grep -q 'least squares on m f(t)' || fail "the bundled sample is not fitted on m f(t)"
echo "$out" | grep -Eq '^peak: t\* = 7\.09[0-9]* ' || fail "peak time"
echo "$out" | grep -Eq '^ +15 ' || fail "no forecast of period 15"
# The same series as "period,count" CSV on standard input, by maximum likelihood: the mpmath
# optimum of tests/oracles/bass_oracles.txt (p 0.0080810649, q 0.64953573, m 67524.049).
ml=$(printf 'year,adopters\n1,840\n2,1470\n3,2110\n4,4000\n5,7590\n6,10950\n7,10530\n8,9470\n9,7790\n10,5890\n' |
    "$fit" --method ml --forecast 3 -) || fail "the ML run failed"
echo "$ml" | grep -q 'maximum likelihood' || fail "ML not used"
echo "$ml" | grep -Eq '^  p +0\.00808106 ' || fail "ML p"
echo "$ml" | grep -Eq '^  q +0\.649536 ' || fail "ML q"
echo "$ml" | grep -Eq '^  m +67524 ' || fail "ML m"
echo "$ml" | grep -Eq '^ +13 ' || fail "ML forecast of period 13"
# The interval form (the default for a file) is a different fit: p 0.00878896
# (tests/oracles/bass_oracles.txt, nls_interval_p, mpmath's optimum of that form).
iv=$(printf '840\n1470\n2110\n4000\n7590\n10950\n10530\n9470\n7790\n5890\n' | "$fit" -) ||
    fail "the interval run failed"
echo "$iv" | grep -Eq '^  p +0\.00878896 ' || fail "interval p"
# A negative count: the library's CLV_EDOM message, and a non-zero exit.
if err=$(printf '10\n20\n-5\n30\n' | "$fit" - 2>&1 >/dev/null); then
    fail "a negative count accepted"
fi
echo "$err" | grep -q 'fitting the Bass model' || fail "no library message: $err"
# ... the library's diagnostic (issue 15): counts[2] (0-based), the rule; the example adds
# the line and the period (1-based): the 3rd count, line 3.
echo "$err" | grep -q 'fitting the Bass model: counts\[2\]: adopters is -5, must be >= 0' ||
    fail "the message does not name counts[2]: $err"
echo "$err" | grep -q 'that is line 3 of the input (period 3)' ||
    fail "the message does not name line 3, period 3: $err"
# The same after a header and a comment, as "period,count": line 5 holds period 3.
err=$(printf 'year,adopters\n# launch\n1,10\n2,20\n3,-5\n4,30\n' | "$fit" - 2>&1 >/dev/null) &&
    fail "a negative count accepted (CSV)"
echo "$err" | grep -q 'that is line 5 of the input (period 3)' ||
    fail "the CSV message does not name line 5, period 3: $err"
# Every count 0: the library says there is nothing to fit.
err=$(printf '0\n0\n0\n0\n' | "$fit" - 2>&1 >/dev/null) && fail "all-zero counts accepted"
echo "$err" | grep -q 'no adopters in any period (every count is 0): nothing to fit' ||
    fail "all zero: $err"
# Three periods are too few (CLV_BASS_MIN_PERIODS = 4).
if err=$(printf '10\n20\n30\n' | "$fit" - 2>&1 >/dev/null); then fail "3 periods accepted"; fi
echo "$err" | grep -q '3 periods read: the fit needs at least 4' || fail "3 periods: $err"
if "$fit" --method xx >/dev/null 2>&1; then fail "--method xx accepted"; fi
if "$fit" --forecast -1 >/dev/null 2>&1; then fail "--forecast -1 accepted"; fi
echo "ok: bass-fit reproduces the published Bass fit"
