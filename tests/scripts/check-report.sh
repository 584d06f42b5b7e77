#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job: examples/clv-report on the bundled CDNOW sample (run from the source tree)
# reproduces the published fits from raw transactions, and its CSV has one row per customer.
# Usage: check-report.sh <clv-report> <srcdir>
set -eu
report=$1
cd "$2"
out=$("$report")
echo "$out" | head -14
fail() { echo "check-report: $1"; exit 1; }
# refs/published.md [T]: lifetimes' BG/NBD fit on CDNOW, LL -9582.429 and 0.2425945,
# 4.4136019, 0.7929199, 2.4258881 (printed here to 4 decimals).
echo "$out" | grep -q 'BG/NBD fit (log-likelihood -9582.429' || fail "BG/NBD log-likelihood"
echo "$out" | grep -Eq '^  r +0\.2426 ' || fail "r"
echo "$out" | grep -Eq '^  alpha +4\.4136 ' || fail "alpha"
echo "$out" | grep -Eq '^  a +0\.7929 ' || fail "a"
echo "$out" | grep -Eq '^  b +2\.4259 ' || fail "b"
# tests/oracles/checking_oracles.txt (mpmath, its own summary of the log): the calibration
# histogram 0..6, 7+ gives chi-square 4.8212 on 3 df, p = 0.18537; the holdout has 1,882
# repeat purchase days (the sum of count x mean actual over its fig. 4 table).
echo "$out" | grep -q 'chi-square 4.82 on 3 df, p = 0.185' || fail "chi-square"
echo "$out" | grep -q 'holdout (39 weeks after the calibration end): 1882 purchases' ||
    fail "holdout purchases"
# refs/published.md [T]: CLVTools asserts the Gamma-Gamma LL -4055.9177 on CDNOW.
echo "$out" | grep -q 'Gamma-Gamma fit (log-likelihood -4055.917' || fail "Gamma-Gamma log-likelihood"
# [R]: customer x = 26, t_x = 30.85714, T = 31 expects 25.75659 purchases in 52 weeks.
echo "$out" | grep -Eq ' 26 +30\.86 +31\.00 +0\.9689 +25\.757 ' || fail "customer 1516"
rows=$("$report" --csv | wc -l)
[ "$rows" -eq 2358 ] || fail "CSV has $rows lines, expected 2,357 customers + header"
# lifetimes' suite: MBG/NBD r = 0.525 (three decimals: +/- 0.0005).
"$report" --model mbgnbd | awk '$1 == "r" { d = $2 - 0.525; ok = (d < 0 ? -d : d) <= 0.0005 }
  END { exit !ok }' || fail "MBG/NBD r (lifetimes: 0.525)"
# refs/published.md: Pareto/NBD 0.553, 10.578, 0.606, 11.669 [P]; CLVTools' LL -9594.976 [T],
# which it computes from the transaction log as this program does.
pn=$("$report" --model pnbd)
echo "$pn" | grep -q 'Pareto/NBD fit (log-likelihood -9594.976' || fail "Pareto/NBD log-likelihood"
echo "$pn" | grep -Eq '^  r +0\.553[0-9] ' || fail "Pareto/NBD r"
echo "$pn" | grep -Eq '^  s +0\.606[0-9] ' || fail "Pareto/NBD s"
if "$report" --margin 2 >/dev/null 2>&1; then fail "--margin 2 accepted"; fi
# Values that are not whole numbers or real dates are refused, not read as far as they go.
for bad in "--margin abc" "--discount 1O" "--weeks 52x" "--end 1997-02-31" "--end 1997-09-30junk"; do
  # shellcheck disable=SC2086
  if "$report" $bad >/dev/null 2>&1; then fail "'$bad' accepted"; fi
done
echo "ok: clv-report reproduces the published CDNOW fits"
